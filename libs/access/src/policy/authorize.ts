import type { Principal } from './principal';
import type { RouteRule } from './route-policy';
import type { UnitTree } from './unit-tree';

/**
 * The units a request's target belongs to, as the guard looked them up:
 * `read` — units whose officers (and their parents' officers) may see it;
 * `write` — the one unit whose officers may act on it (an issue's responsible unit).
 * `missing` — the named resource does not exist.
 */
export type TargetUnits = { kind: 'issue' | 'activity' | 'notice' | 'unit'; read: string[]; write: string | null } | 'missing' | null;

export type Decision = { allow: true } | { allow: false; status: 401 | 403 | 404; code: string; reason: string };

const allow: Decision = { allow: true };

const NOT_FOUND_CODE = { issue: 'ISSUE.NOT_FOUND', activity: 'ACTIVITY.NOT_FOUND', notice: 'NOTICE.NOT_FOUND', unit: 'UNIT.NOT_FOUND' };

/**
 * The one decision (pure): may `principal` call a route with `rule` on `target`?
 *
 * The 404-vs-403 rule (docs/access.md): what you cannot see answers 404, exactly like an id that
 * does not exist; what you can see but may not do answers 403. Units themselves are reference
 * data every role sees, so a unit named in a query or body is never hidden: 403.
 */
export function authorize(rule: RouteRule, principal: Principal | null, target: TargetUnits, tree: UnitTree): Decision {
  if (rule.public) return allow;
  if (!principal) return { allow: false, status: 401, code: 'AUTH.REQUIRED', reason: 'sign in: send Authorization: Bearer <token>' };
  if (principal.role === 'system') return allow; // trust-headers mode only; no person holds it
  if (!(rule.roles ?? []).includes(principal.role)) {
    return { allow: false, status: 403, code: 'ACCESS.ROLE_FORBIDDEN', reason: `the ${principal.role} role may not do this` };
  }
  if (principal.role !== 'officer' || !rule.officer || !rule.target) return allow;
  if (target === null) return allow; // nothing named (a list the handler narrows, or validation will refuse)
  const kind = rule.target.kind;
  if (target === 'missing') {
    return { allow: false, status: 404, code: NOT_FOUND_CODE[kind], reason: `${kind} does not exist or is not visible to you` };
  }
  const own = principal.unitId;
  if (!own) return { allow: false, status: 403, code: 'ACCESS.NO_UNIT', reason: 'your user has no unit; an officer acts for a unit' };
  const visible = target.read.some((u) => tree.isAtOrBelow(u, own));
  if (rule.officer === 'read') {
    if (visible) return allow;
    if (target.kind === 'unit') {
      return { allow: false, status: 403, code: 'ACCESS.UNIT_OUT_OF_SCOPE', reason: 'you read only your unit and the units below it' };
    }
    return { allow: false, status: 404, code: NOT_FOUND_CODE[kind], reason: `${kind} does not exist or is not visible to you` };
  }
  if (target.write === own) return allow;
  if (target.kind === 'unit') {
    return { allow: false, status: 403, code: 'ACCESS.UNIT_FORBIDDEN', reason: 'you record only for your own unit' };
  }
  if (visible) {
    return {
      allow: false,
      status: 403,
      code: 'ACCESS.UNIT_FORBIDDEN',
      reason: `only the responsible unit's officers may do this; you see this ${kind} read-only`,
    };
  }
  return { allow: false, status: 404, code: NOT_FOUND_CODE[kind], reason: `${kind} does not exist or is not visible to you` };
}

/**
 * What a caller may see in lists and reports: `all`, or the listed units (an officer's unit and
 * the units below it), or nothing (an officer without a unit; an admin, who does no issue work).
 */
export type ReadScope = { all: true } | { all: false; unitIds: string[] };

export function readScope(principal: Principal, tree: UnitTree): ReadScope {
  if (principal.role === 'system' || principal.role === 'supervisor') return { all: true };
  if (principal.role === 'officer' && principal.unitId) return { all: false, unitIds: tree.subtree(principal.unitId) };
  return { all: false, unitIds: [] };
}

export function inScope(scope: ReadScope, unitId: string | null | undefined): boolean {
  return scope.all || (typeof unitId === 'string' && scope.unitIds.includes(unitId));
}
