import { Injectable } from '@nestjs/common';
import { ProblemError } from '@banjie/platform';
import { inScope, readScope, type ReadScope } from '../policy/authorize';
import type { Principal } from '../policy/principal';
import { UnitDirectory } from '../store/unit-directory';

/**
 * Query scoping for lists and reports (the guard cannot filter rows): what the caller may see,
 * as a unit list to put in a WHERE clause or to filter rows by.
 *
 *   const units = await scope.unitFilter(request.user, query.unitId);  // null = every unit
 *   ... WHERE ($1::text[] IS NULL OR responsible_unit_id = ANY($1))
 *
 * No `request.user` (a route the guard skipped, e.g. in a unit test) means the system: no filter.
 */
@Injectable()
export class AccessScope {
  constructor(private readonly directory: UnitDirectory) {}

  async scopeFor(user: Principal | undefined): Promise<ReadScope> {
    if (!user) return { all: true };
    return readScope(user, await this.directory.unitTree(user.unitId ? [user.unitId] : []));
  }

  /**
   * The units a list may return rows of, narrowed by the unit the caller asked for: null when
   * unrestricted. A unit outside the caller's scope → 403 (the guard refuses it first on listed routes).
   */
  async unitFilter(user: Principal | undefined, requestedUnitId?: string | null): Promise<string[] | null> {
    const scope = await this.scopeFor(user);
    if (requestedUnitId) {
      if (!inScope(scope, requestedUnitId))
        throw new ProblemError(403, 'ACCESS.UNIT_OUT_OF_SCOPE', 'you read only your unit and the units below it');
      return [requestedUnitId];
    }
    return scope.all ? null : scope.unitIds;
  }

  /** Keeps the rows whose unit (any of `unitsOf(row)`) the caller may see. */
  async filterRows<T>(user: Principal | undefined, rows: T[], unitsOf: (row: T) => (string | null | undefined)[]): Promise<T[]> {
    const scope = await this.scopeFor(user);
    if (scope.all) return rows;
    return rows.filter((row) => unitsOf(row).some((u) => inScope(scope, u)));
  }
}
