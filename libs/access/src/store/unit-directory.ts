import type { Pool } from 'pg';
import { activityStream, issueStream, supervisionStream } from '@banjie/domain';
import type { TargetUnits } from '../policy/authorize';
import { UnitTree } from '../policy/unit-tree';

type Queryable = Pick<Pool, 'query'>;

/**
 * What the guard needs from the event store, read straight from the `events` table so it is never
 * behind a projection: the unit tree (UnitRegistered facts; a unit's parent never changes, so it
 * is cached and re-read only when a unit it does not know is named, at most once a second), and
 * which units a named issue, activity or notice belongs to.
 */
export class UnitDirectory {
  private tree: UnitTree | null = null;
  private loadedAt = 0;
  private loading: Promise<UnitTree> | null = null;

  constructor(private readonly db: Queryable, private readonly now: () => number = Date.now) {}

  /** The tree, re-read when it lacks any of `mustKnow` (and was not re-read within the last second). */
  async unitTree(mustKnow: (string | null | undefined)[] = []): Promise<UnitTree> {
    const stale = !this.tree || mustKnow.some((u) => typeof u === 'string' && !this.tree!.has(u));
    if (stale && (!this.tree || this.now() - this.loadedAt > 1000)) return this.reload();
    return this.tree!;
  }

  private reload(): Promise<UnitTree> {
    this.loading ??= (async () => {
      try {
        const { rows } = await this.db.query(
          `SELECT data->>'unitId' AS unit_id, data->>'parentUnitId' AS parent_unit_id FROM events WHERE type = 'UnitRegistered'`,
        );
        this.tree = new UnitTree(rows.map((r) => ({ unitId: r.unit_id, parentUnitId: r.parent_unit_id })));
        this.loadedAt = this.now();
        return this.tree;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** The units of a named resource, or 'missing'. An issue is read by its collecting and its responsible unit's officers. */
  async target(kind: 'issue' | 'activity' | 'notice', id: string): Promise<Exclude<TargetUnits, null>> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) return 'missing';
    if (kind === 'issue') {
      const { rows } = await this.db.query(
        `SELECT type, data->>'unitId' AS unit_id, data->>'toUnitId' AS to_unit_id FROM events
          WHERE stream_id = $1 AND type IN ('IssueCollected', 'IssueTransferred') ORDER BY stream_version`,
        [issueStream(id)],
      );
      if (!rows.length || rows[0].type !== 'IssueCollected') return 'missing';
      const collecting: string = rows[0].unit_id;
      const responsible: string = rows.length > 1 ? rows[rows.length - 1].to_unit_id : collecting;
      return { kind, read: [...new Set([responsible, collecting])], write: responsible };
    }
    const stream = kind === 'activity' ? activityStream(id) : supervisionStream(id);
    const { rows } = await this.db.query(`SELECT data->>'unitId' AS unit_id FROM events WHERE stream_id = $1 AND stream_version = 1`, [stream]);
    if (!rows.length || !rows[0].unit_id) return 'missing';
    return { kind, read: [rows[0].unit_id], write: rows[0].unit_id };
  }
}
