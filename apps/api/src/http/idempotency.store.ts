import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Database, EVENT_STORE, idempotentEventId, type EventStore } from '@banjie/event-store';
import { canonicalJson } from '@banjie/application';

export interface StoredResponse {
  status: number;
  body: unknown;
  etag: string | null;
}

export type Claim = { kind: 'run' } | { kind: 'replay'; response: StoredResponse } | { kind: 'mismatch' } | { kind: 'in_progress' };

/**
 * How long a claimed key without a response and without stored events is considered still running;
 * then a retry may run it again. Short, because running again is safe: the events' ids are fixed by
 * the key (idempotentEventId), so a first attempt that is merely slow (stuck on a connection that
 * died in a failover) can never store its events besides the retry's — one of the two is refused.
 */
const STALE_AFTER = '10 seconds';

/**
 * Idempotency keys in the database, so they survive a restart. The key row is inserted before
 * the command runs (the primary key makes two parallel requests with one key elect one
 * runner); the response is stored after it.
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  static requestHash(parts: { method: string; path: string; actor: string; body: unknown }): string {
    return createHash('sha256')
      .update(canonicalJson([parts.method, parts.path, parts.actor, parts.body ?? null]))
      .digest('hex');
  }

  async claim(key: string, hash: string, method: string, path: string): Promise<Claim> {
    const inserted = await this.db.pool.query(
      `INSERT INTO api_idempotency_keys (key, request_hash, method, path) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, hash, method, path],
    );
    if (inserted.rowCount === 1) return { kind: 'run' };
    const { rows } = await this.db.pool.query(
      `SELECT request_hash, status, body, etag, completed_at IS NOT NULL AS done FROM api_idempotency_keys WHERE key = $1`,
      [key],
    );
    const row = rows[0];
    if (!row) return this.claim(key, hash, method, path); // released between our two statements
    if (row.request_hash !== hash) return { kind: 'mismatch' };
    if (row.done) return { kind: 'replay', response: { status: row.status, body: row.body, etag: row.etag } };
    const stale = await this.db.pool.query(
      `UPDATE api_idempotency_keys SET created_at = now()
       WHERE key = $1 AND completed_at IS NULL AND created_at < now() - interval '${STALE_AFTER}' RETURNING key`,
      [key],
    );
    return stale.rowCount === 1 ? { kind: 'run' } : { kind: 'in_progress' };
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    await this.db.pool.query(`UPDATE api_idempotency_keys SET status = $2, body = $3, etag = $4, completed_at = now() WHERE key = $1`, [
      key,
      response.status,
      JSON.stringify(response.body ?? null),
      response.etag,
    ]);
  }

  /**
   * The answer of an earlier attempt whose events are stored though its answer was never recorded
   * (it committed, then the database went away before `complete`, or the key was released after a
   * lost answer): `{ id, version }` of the stream its first event went to, up to the last event of
   * the same command. null when no attempt of this key wrote anything.
   */
  async appliedBefore(key: string): Promise<{ id: string; version: number } | null> {
    const first = await this.store.findEvent(idempotentEventId('api', key, 0));
    if (!first) return null;
    // A command's events are consecutive in its one stream: the last one of the same causation.
    const after = await this.store.readStream(first.streamId, { fromVersion: first.streamVersion });
    let version = first.streamVersion;
    for (const e of after) {
      if (e.metadata.causationId !== first.metadata.causationId) break;
      version = e.streamVersion;
    }
    const streamId = first.streamId;
    const dash = streamId.indexOf('-');
    // Streams are `<kind>-<id>` (the calendar's is just `calendar`, its own id).
    return { id: dash < 0 ? streamId : streamId.slice(dash + 1), version };
  }

  /** Forget the key (the request failed in a way a retry may fix). */
  async release(key: string): Promise<void> {
    await this.db.pool.query(`DELETE FROM api_idempotency_keys WHERE key = $1 AND completed_at IS NULL`, [key]);
  }
}
