import type { Pool } from 'pg';
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
export async function listProjections(pool: Pool, definitions: readonly ProjectionDefinition[]): Promise<ProjectionStatus[]> {
  const { rows } = await pool.query(`SELECT * FROM projections`);
  const byName = new Map(rows.map((r) => [r.name, r]));
  const out: ProjectionStatus[] = [];
  for (const def of definitions) {
    const r = byName.get(def.name);
    if (!r) {
      const lag = await lagAfter(pool, def, '0', 0);
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
    const lag = await lagAfter(pool, def, checkpoint?.transactionId ?? '0', checkpoint?.position ?? 0);
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

async function lagAfter(pool: Pool, _def: ProjectionDefinition, transactionId: string, position: number): Promise<number> {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM events WHERE (transaction_id, position) > ($1::xid8, $2::bigint) LIMIT ${LAG_CAP}
     ) x`,
    [transactionId, position],
  );
  return rows[0].n;
}

/**
 * Events committed after the checkpoint of `projection`'s active generation (capped at LAG_CAP):
 * how far behind the store a report read from it is. Every event counts (what the projection
 * skips too: it has to read past it), so "0" means it has seen everything committed.
 */
export async function projectionLag(pool: Pick<Pool, 'query'>, projection: string): Promise<number> {
  const { rows } = await pool.query(
    `WITH c AS (
       SELECT coalesce(s.transaction_id, '0'::xid8) AS t, coalesce(s.position, 0) AS p
         FROM (SELECT 1) one
         LEFT JOIN projections pr ON pr.name = $1
         LEFT JOIN subscriptions s ON s.name = 'projection:' || pr.name || ':g' || pr.generation)
     SELECT count(*)::int AS n FROM (
       SELECT 1 FROM events e, c WHERE (e.transaction_id, e.position) > (c.t, c.p) LIMIT ${LAG_CAP}
     ) x`,
    [projection],
  );
  return rows[0].n;
}

/** Resolves the active generation's physical tables for readers (the API answers from these). */
export async function activeGeneration(pool: Pick<Pool, 'query'>, projection: string): Promise<number | null> {
  const { rows } = await pool.query(`SELECT generation FROM projections WHERE name = $1`, [projection]);
  return rows[0]?.generation ?? null;
}
