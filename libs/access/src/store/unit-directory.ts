import type { Pool } from 'pg';
import { activityStream, issueStream, supervisionStream, unitStream } from '@banjie/domain';
import type { TargetUnits } from '../policy/authorize';
import { UnitTree } from '../policy/unit-tree';

type Queryable = Pick<Pool, 'query'>;

/**
 * What the guard needs from the event store, read straight from the `events` table so it is never
 * behind a projection: the unit tree (UnitRegistered facts, read once; a unit's parent never
 * changes, so a unit registered later is added by one indexed look-up of its stream when it is
 * first named), and which units a named issue, activity or notice belongs to.
 */
export class UnitDirectory {
  private tree: Promise<UnitTree> | null = null;

  constructor(private readonly db: Queryable) {}

  /** The tree, knowing every unit of `mustKnow` that is registered. */
  async unitTree(mustKnow: (string | null | undefined)[] = []): Promise<UnitTree> {
    this.tree ??= this.loadAll().catch((error) => {
      this.tree = null;
      throw error;
    });
    const tree = await this.tree;
    for (const unitId of mustKnow) if (typeof unitId === 'string' && !tree.has(unitId)) await this.learn(tree, unitId);
    return tree;
  }

  private async loadAll(): Promise<UnitTree> {
    const { rows } = await this.db.query(
      `SELECT data->>'unitId' AS unit_id, data->>'parentUnitId' AS parent_unit_id FROM events WHERE type = 'UnitRegistered'`,
    );
    return new UnitTree(rows.map((r) => ({ unitId: r.unit_id, parentUnitId: r.parent_unit_id })));
  }

  /** A unit (and its unknown ancestors) registered since the tree was read; an unknown id adds nothing. */
  private async learn(tree: UnitTree, unitId: string): Promise<void> {
    const chain: { unitId: string; parentUnitId: string | null }[] = [];
    for (let id: string | null = unitId; id && !tree.has(id) && chain.length < 16;) {
      const found: { rows: { parent_unit_id: string | null }[] } = await this.db.query(
        `SELECT data->>'parentUnitId' AS parent_unit_id FROM events WHERE stream_id = $1 AND stream_version = 1 AND type = 'UnitRegistered'`,
        [unitStream(id)],
      );
      if (!found.rows.length) break;
      const parentUnitId: string | null = found.rows[0].parent_unit_id ?? null;
      chain.push({ unitId: id, parentUnitId });
      id = parentUnitId;
    }
    for (const node of chain.reverse()) tree.add(node);
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
    const { rows } = await this.db.query(`SELECT data->>'unitId' AS unit_id FROM events WHERE stream_id = $1 AND stream_version = 1`, [
      stream,
    ]);
    if (!rows.length || !rows[0].unit_id) return 'missing';
    return { kind, read: [rows[0].unit_id], write: rows[0].unit_id };
  }
}
