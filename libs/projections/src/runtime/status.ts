import type { Pool } from 'pg';
import type { EventStore } from '@banjie/event-store';
import { subscriptionName, type ProjectionDefinition } from './projection';

export interface ProjectionStatus {
  name: string;
  /** The code version of this build of banjie. */
  codeVersion: number;
  /** The code version the active tables were built with (null: never started). */
  version: number | null;
  generation: number | null;
  status: string;
  checkpoint: { transactionId: string; position: number } | null;
  /** Events committed after the checkpoint (counted up to LAG_CAP). */
  lag: number;
  parked: number;
  lastError: string | null;
  lastErrorAt: string | null;
  rebuild: {
    generation: number;
    version: number;
    startedAt: string | null;
    done: number;
    total: number;
    heartbeatAt: string | null;
  } | null;
  updatedAt: string | null;
}

export const LAG_CAP = 1_000_000;

/** What `GET /projections` and `cli projections list` show. Reads only; safe from any process. */
export async function listProjections(
  pool: Pool,
  store: Pick<EventStore, 'eventsAfter'>,
  definitions: readonly ProjectionDefinition[],
): Promise<ProjectionStatus[]> {
  const lagAfter = async (transactionId: string, position: number) =>
    (await store.eventsAfter({ transactionId, position }, { limit: LAG_CAP })).count;
  const { rows } = await pool.query(`SELECT * FROM projections`);
  const byName = new Map(rows.map((r) => [r.name, r]));
  const out: ProjectionStatus[] = [];
  for (const def of definitions) {
    const r = byName.get(def.name);
    if (!r) {
      const lag = await lagAfter('0', 0);
      out.push({
        name: def.name,
        codeVersion: def.version,
        version: null,
        generation: null,
        status: 'not_started',
        checkpoint: null,
        lag,
        parked: 0,
        lastError: null,
        lastErrorAt: null,
        rebuild: null,
        updatedAt: null,
      });
      continue;
    }
    const sub = (
      await pool.query(`SELECT transaction_id::text AS t, position FROM subscriptions WHERE name = $1`, [
        subscriptionName(def.name, r.generation),
      ])
    ).rows[0];
    const checkpoint = sub ? { transactionId: sub.t as string, position: Number(sub.position) } : null;
    const lag = await lagAfter(checkpoint?.transactionId ?? '0', checkpoint?.position ?? 0);
    out.push({
      name: def.name,
      codeVersion: def.version,
      version: r.version,
      generation: r.generation,
      status: r.building_generation !== null ? `${r.status}+rebuilding` : r.status,
      checkpoint,
      lag,
      parked: r.parked_count,
      lastError: r.last_error,
      lastErrorAt: r.last_error_at ? new Date(r.last_error_at).toISOString() : null,
      rebuild:
        r.building_generation !== null
          ? {
              generation: r.building_generation,
              version: r.building_version,
              startedAt: r.rebuild_started_at ? new Date(r.rebuild_started_at).toISOString() : null,
              done: Number(r.rebuild_done ?? 0),
              total: Number(r.rebuild_total ?? 0),
              heartbeatAt: r.rebuild_heartbeat_at ? new Date(r.rebuild_heartbeat_at).toISOString() : null,
            }
          : null,
      updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null,
    });
  }
  return out;
}

/** Resolves the active generation's physical tables for readers (the API answers from these). */
export async function activeGeneration(pool: Pick<Pool, 'query'>, projection: string): Promise<number | null> {
  const { rows } = await pool.query(`SELECT generation FROM projections WHERE name = $1`, [projection]);
  return rows[0]?.generation ?? null;
}
