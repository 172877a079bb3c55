/**
 * The projector's own bookkeeping, the `projections` table (one row per projection: its active
 * generation, the code version that built it, status, parked events, a rebuild in progress) and
 * `projection_parked_events`, plus each generation's checkpoint in the store's `subscriptions`.
 * Every statement the runtime runs on those tables is here.
 */
import type { Pool } from 'pg';
import type { SqlSession, StoredEvent } from '@banjie/event-store';
import { inTransaction } from '@banjie/event-store';
import { subscriptionName, type ProjectionDefinition } from './projection';

export interface ProjectionRow {
  name: string;
  version: number;
  generation: number;
  status: string;
  building_generation: number | null;
  rebuild_heartbeat_at: Date | null;
}

export class StaleGenerationError extends Error {
  constructor(
    readonly projection: string,
    readonly generation: number,
    readonly active: number | null,
  ) {
    super(
      `projection ${projection}: generation ${generation} is no longer ${active === null ? 'being built' : `active (active: ${active})`}`,
    );
    this.name = 'StaleGenerationError';
  }
}

export class RebuildInProgressError extends Error {
  readonly code = 'PROJECTION.REBUILD_IN_PROGRESS';
  constructor(
    readonly projection: string,
    readonly generation: number,
  ) {
    super(`projection ${projection} is already being rebuilt (generation ${generation}); use --force to take it over`);
    this.name = 'RebuildInProgressError';
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export class ProjectionStore {
  constructor(private readonly pool: Pool) {}

  /** The projection's row, created (generation 1, status new) on first sight. */
  async ensure(def: ProjectionDefinition): Promise<ProjectionRow> {
    await this.pool.query(
      `INSERT INTO projections (name, version, generation, status) VALUES ($1, $2, 1, 'new') ON CONFLICT (name) DO NOTHING`,
      [def.name, def.version],
    );
    return (await this.pool.query(`SELECT * FROM projections WHERE name = $1`, [def.name])).rows[0];
  }

  /** First start (or tables lost): generation N is built from the beginning, in place. */
  async restartInPlace(def: ProjectionDefinition, generation: number): Promise<void> {
    await this.pool.query(`DELETE FROM subscriptions WHERE name = $1`, [subscriptionName(def.name, generation)]);
    await this.pool.query(
      `UPDATE projections SET version = $2, status = 'catching_up', parked_count = 0, last_error = NULL, updated_at = now() WHERE name = $1`,
      [def.name, def.version],
    );
  }

  async setStatus(name: string, status: string, onlyFrom?: readonly string[], generation?: number): Promise<void> {
    await this.pool.query(
      `UPDATE projections SET status = $2, updated_at = now()
        WHERE name = $1 AND ($3::text[] IS NULL OR status = ANY($3::text[])) AND ($4::int IS NULL OR generation = $4)`,
      [name, status, onlyFrom ?? null, generation ?? null],
    );
  }

  async recordError(name: string, error: unknown): Promise<void> {
    await this.pool.query(
      `UPDATE projections SET status = 'error', last_error = $2, last_error_at = now(), updated_at = now() WHERE name = $1`,
      [name, describe(error)],
    );
  }

  /**
   * Inside a live batch: holds the projection's row (FOR NO KEY UPDATE), so a switch to another
   * generation waits for this batch to commit; throws if `generation` is no longer the active one.
   */
  async holdActive(tx: SqlSession, name: string, generation: number): Promise<void> {
    const { rows } = await tx.query(`SELECT generation FROM projections WHERE name = $1 FOR NO KEY UPDATE`, [name]);
    if (rows[0]?.generation !== generation) throw new StaleGenerationError(name, generation, rows[0]?.generation ?? null);
  }

  /** Inside a rebuild's transaction: the claim still holds (else StaleGenerationError); heartbeat and progress. */
  async heartbeat(tx: SqlSession, name: string, generation: number, events: number): Promise<void> {
    const claimed = await tx.query(
      `UPDATE projections SET rebuild_heartbeat_at = now(), rebuild_done = coalesce(rebuild_done, 0) + $3
       WHERE name = $1 AND building_generation = $2`,
      [name, generation, events],
    );
    if (claimed.rowCount !== 1) throw new StaleGenerationError(name, generation, null);
  }

  async park(tx: SqlSession, name: string, generation: number, parked: Array<{ event: StoredEvent; error: unknown }>): Promise<void> {
    const last = parked[parked.length - 1];
    await tx.query(
      `INSERT INTO projection_parked_events (projection, generation, position, event_id, stream_id, type, error)
       SELECT $1, $2, * FROM unnest($3::bigint[], $4::uuid[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT DO NOTHING`,
      [
        name,
        generation,
        parked.map((p) => p.event.position),
        parked.map((p) => p.event.eventId),
        parked.map((p) => p.event.streamId),
        parked.map((p) => p.event.type),
        parked.map((p) => describe(p.error)),
      ],
    );
    await tx.query(
      `UPDATE projections SET status = 'parked', parked_count = parked_count + $2, last_error = $3, last_error_at = now(),
              last_error_position = $4, updated_at = now() WHERE name = $1`,
      [name, parked.length, `${last.event.type} at position ${last.event.position}: ${describe(last.error)}`, last.event.position],
    );
  }

  /**
   * Claims generation N+1 for a rebuild: refused while another rebuild's heartbeat is fresh (unless
   * forced). Returns the generation and the stale one it took over, if any.
   */
  async claim(
    def: ProjectionDefinition,
    total: number,
    force: boolean,
    leaseMs: number,
  ): Promise<{ generation: number; stale: number | null }> {
    await this.ensure(def);
    return inTransaction(this.pool, async (client) => {
      const row = (await client.query(`SELECT * FROM projections WHERE name = $1 FOR UPDATE`, [def.name])).rows[0];
      let stale: number | null = null;
      if (row.building_generation !== null) {
        const heartbeat = row.rebuild_heartbeat_at ? new Date(row.rebuild_heartbeat_at).getTime() : 0;
        if (!force && Date.now() - heartbeat < leaseMs) throw new RebuildInProgressError(def.name, row.building_generation);
        stale = row.building_generation;
      }
      const generation = Math.max(row.generation, row.building_generation ?? 0) + 1;
      await client.query(
        `UPDATE projections SET building_generation = $2, building_version = $3, rebuild_started_at = now(),
                rebuild_heartbeat_at = now(), rebuild_total = $4, rebuild_done = 0, updated_at = now() WHERE name = $1`,
        [def.name, generation, def.version, total],
      );
      return { generation, stale };
    });
  }

  /** Moves a rebuild's checkpoint in its own transaction (rows and checkpoint commit together). */
  async moveCheckpoint(tx: SqlSession, name: string, generation: number, last: StoredEvent): Promise<void> {
    await tx.query(
      `INSERT INTO subscriptions (name, transaction_id, position, updated_at) VALUES ($1, $2::xid8, $3, now())
       ON CONFLICT (name) DO UPDATE SET transaction_id = excluded.transaction_id, position = excluded.position, updated_at = now()`,
      [subscriptionName(name, generation), last.transactionId, last.position],
    );
  }

  async forgetCheckpoint(name: string, generation: number): Promise<void> {
    await this.pool.query(`DELETE FROM subscriptions WHERE name = $1`, [subscriptionName(name, generation)]);
  }

  /** The atomic switch: one UPDATE of the projection's row. Returns the generation it replaced. */
  async switchTo(def: ProjectionDefinition, generation: number): Promise<number | null> {
    return inTransaction(this.pool, async (client) => {
      const row = (await client.query(`SELECT generation, building_generation FROM projections WHERE name = $1 FOR UPDATE`, [def.name]))
        .rows[0];
      if (row.building_generation !== generation) throw new StaleGenerationError(def.name, generation, null);
      await client.query(
        `UPDATE projections SET generation = $2, version = $3, building_generation = NULL, building_version = NULL,
                status = 'live', parked_count = 0, last_error = NULL, last_error_at = NULL, last_error_position = NULL,
                updated_at = now() WHERE name = $1`,
        [def.name, generation, def.version],
      );
      return row.generation as number | null;
    });
  }

  /** A rebuild that will not switch: its claim is released. */
  async release(name: string, generation: number): Promise<void> {
    await this.pool.query(
      `UPDATE projections SET building_generation = NULL, building_version = NULL, rebuild_heartbeat_at = NULL, updated_at = now()
       WHERE name = $1 AND building_generation = $2`,
      [name, generation],
    );
  }

  async forgetParked(name: string, generation: number): Promise<void> {
    await this.pool.query(`DELETE FROM projection_parked_events WHERE projection = $1 AND generation = $2`, [name, generation]);
  }
}
