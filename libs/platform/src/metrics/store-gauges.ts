import type { Pool } from 'pg';
import type { EventStore } from '@banjie/event-store';
import { AlertsReader } from '@banjie/projections';

export interface ProjectionLag {
  /** The projection's name (or the subscription's, for subscriptions that are not projections). */
  projection: string;
  status: string | null;
  /** Events committed after its checkpoint (counted up to LAG_COUNT_CAP). */
  lagEvents: number;
  /** Age of the oldest event it has not applied yet; 0 when caught up. */
  lagSeconds: number;
  parked: number;
}

export interface StoreGauges {
  headPosition: number;
  /** The projector's projections (the `projections` table), each at its active generation. */
  projections: ProjectionLag[];
  /**
   * Other subscriptions (in-process read models, the alert evaluator). Many read only the event
   * types they handle, and such a checkpoint stays behind events of other types, so the count
   * after it is only an upper bound: shown in /health, kept out of the gauges and of readiness.
   */
  subscriptions: { name: string; eventsAfterCheckpoint: number }[];
  /** Open alerts by kind; null when there is no `alerts` read model yet. */
  openAlerts: { kind: string; count: number }[] | null;
}

/** Counting a huge backlog exactly would make the scrape itself slow; past this it says "at least". */
export const LAG_COUNT_CAP = 1_000_000;

/**
 * What the database knows about the projector, read at scrape / probe time: each projection's
 * checkpoint (the `subscriptions` row of its active generation) against the events after it (asked
 * of the event store's port), its parked events, and the open alerts. The projector's tables are
 * looked up with `to_regclass` first, so this works before their migrations exist.
 */
export async function readStoreGauges(pool: Pool, store: Pick<EventStore, 'head' | 'eventsAfter'>): Promise<StoreGauges> {
  const { rows: present } = await pool.query(
    `SELECT to_regclass('projections') IS NOT NULL AS projections,
            to_regclass('projection_parked_events') IS NOT NULL AS parked`,
  );
  const has = present[0];
  const head = await store.head();
  const lagOf = async (r: { transaction_id: string; position: string | number }) => {
    const after = await store.eventsAfter(
      { transactionId: String(r.transaction_id), position: Number(r.position) },
      { limit: LAG_COUNT_CAP },
    );
    return { lag_events: after.count, lag_seconds: after.oldestRecordedAt ? (Date.now() - after.oldestRecordedAt.getTime()) / 1000 : 0 };
  };
  const projections: ProjectionLag[] = [];
  if (has.projections) {
    // A projection whose active generation has no subscription row yet has read nothing.
    const { rows } = await pool.query(`
      SELECT p.name, p.status, coalesce(s.transaction_id, '0'::xid8)::text AS transaction_id, coalesce(s.position, 0) AS position,
             ${has.parked ? `(SELECT count(*) FROM projection_parked_events x WHERE x.projection = p.name AND x.generation = p.generation)` : '0'} AS parked
      FROM projections p LEFT JOIN subscriptions s ON s.name = 'projection:' || p.name || ':g' || p.generation
      ORDER BY p.name`);
    for (const r of rows) projections.push(toLag(r.name, r.status, { ...r, ...(await lagOf(r)) }));
  }
  const { rows: others } = await pool.query(
    `SELECT name, transaction_id::text AS transaction_id, position FROM subscriptions WHERE name NOT LIKE 'projection:%' ORDER BY name`,
  );
  const subscriptions: StoreGauges['subscriptions'] = [];
  for (const r of others) subscriptions.push({ name: String(r.name), eventsAfterCheckpoint: (await lagOf(r)).lag_events });
  if (!has.projections) {
    // Before the projections table: every projection subscription by its own name.
    const { rows } = await pool.query(
      `SELECT name, transaction_id::text AS transaction_id, position FROM subscriptions WHERE name LIKE 'projection:%' ORDER BY name`,
    );
    for (const r of rows) projections.push(toLag(r.name, null, { ...r, ...(await lagOf(r)) }));
  }
  return { headPosition: head.position, projections, subscriptions, openAlerts: await new AlertsReader(pool).openByKind() };
}

function toLag(projection: string, status: string | null, r: Record<string, unknown>): ProjectionLag {
  return {
    projection,
    status,
    lagEvents: Number(r.lag_events ?? 0),
    lagSeconds: Math.max(0, Number(r.lag_seconds ?? 0)),
    parked: Number(r.parked ?? 0),
  };
}
