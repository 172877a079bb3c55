/**
 * Helpers the projection tests share: table snapshots, a scratch generation built from given
 * events, and unit counts in one comparable form (a report's, a read model's, a reckoning's).
 */
import type { Pool } from 'pg';
import type { EventStore, StoredEvent } from '@banjie/event-store';
import { generationTable, resolvedWithDue, type CampaignReport, type ProjectionDefinition, type UnitCounts } from '@banjie/projections';

/** Every row of a projection's active-generation tables, sorted, with times as ISO strings. */
export async function snapshotTables(pool: Pool, def: ProjectionDefinition, generation?: number): Promise<Record<string, unknown[]>> {
  const gen = generation ?? (await pool.query(`SELECT generation FROM projections WHERE name = $1`, [def.name])).rows[0].generation;
  const out: Record<string, unknown[]> = {};
  for (const table of def.tables) {
    const { rows } = await pool.query(`SELECT * FROM ${generationTable(table.name, gen)}`);
    out[table.name] = rows
      .map((r) => {
        for (const c of table.volatileColumns) delete r[c];
        return r;
      })
      .map((r) => JSON.parse(JSON.stringify(r)))
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  return out;
}

/** Builds generation `generation` of a projection from exactly `events` (a rebuild over a chosen history). */
export async function buildGeneration(
  pool: Pool,
  def: ProjectionDefinition,
  generation: number,
  events: readonly StoredEvent[],
): Promise<void> {
  for (const table of def.tables) {
    const t = generationTable(table.name, generation);
    await pool.query(`DROP TABLE IF EXISTS ${t}`);
    await pool.query(table.createSql(t));
    for (const sql of table.indexSql(t)) await pool.query(sql);
  }
  const handled = new Set(def.handles);
  const mine = events.filter((e) => handled.has(e.type));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (let i = 0; i < mine.length; i += 2000)
      await def.apply(mine.slice(i, i + 2000), { tx: client, generation, table: (b) => generationTable(b, generation), mode: 'rebuild' });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export async function dropGeneration(pool: Pool, def: ProjectionDefinition, generation: number): Promise<void> {
  for (const table of def.tables) await pool.query(`DROP TABLE IF EXISTS ${generationTable(table.name, generation)}`);
}

/**
 * Waits until every projection's checkpoint has passed every committed event. `caughtUp()` alone
 * is not enough on a shared PostgreSQL server: the readers' visibility rule waits for every older
 * transaction of the whole cluster (other databases too), so an event may be invisible for a
 * moment after its commit.
 */
export async function settle(
  projector: { caughtUp(): Promise<void> },
  pool: Pool,
  store: Pick<EventStore, 'eventsAfter'>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await projector.caughtUp();
    const { rows } = await pool.query(
      `SELECT coalesce(s.transaction_id, '0'::xid8)::text AS t, coalesce(s.position, 0) AS p FROM projections p
       LEFT JOIN subscriptions s ON s.name = 'projection:' || p.name || ':g' || p.generation`,
    );
    let behind = 0;
    for (const r of rows) behind += (await store.eventsAfter({ transactionId: r.t, position: Number(r.p) }, { limit: 1 })).count;
    if (behind === 0) return;
    if (Date.now() > deadline) throw new Error('projections did not catch up in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Unit counts keyed by unit id, in the form the projection tests compare. */
export type CountsByUnit = Record<string, UnitCounts>;

/** Non-empty unit counts as a plain object (a unit with nothing counted is the same as no row). */
export function normalizeCounts(map: ReadonlyMap<string, UnitCounts>): CountsByUnit {
  const out: CountsByUnit = {};
  for (const [unit, c] of [...map].sort(([a], [b]) => a.localeCompare(b))) {
    const plain = JSON.parse(JSON.stringify(c));
    const nonZero = Object.values(plain).some((v) => (typeof v === 'number' ? v !== 0 : Object.values(v as object).some((x) => x !== 0)));
    if (nonZero) out[unit] = plain;
  }
  return out;
}

/** A report's unit rows as counts (rates left out: they follow from the counts). */
export function reportCounts(report: CampaignReport): CountsByUnit {
  const m = new Map<string, UnitCounts>();
  for (const r of report.rows)
    m.set(r.unitId!, {
      enterprisesVisited: r.enterprisesVisited,
      activities: r.activities,
      activitiesByForm: r.activitiesByForm,
      issuesCollected: r.issuesCollected,
      issuesResolved: r.issuesResolved,
      rated: r.rated,
      satisfied: r.satisfied,
      basicallySatisfied: r.basicallySatisfied,
      dissatisfied: r.dissatisfied,
      onTimeResolved: r.onTimeResolved,
      resolvedWithDue: resolvedWithDue(r),
      openOverdue: r.openOverdue,
    });
  return normalizeCounts(m);
}
