import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@banjie/event-store';
import { canonicalJson } from '@banjie/application';

export interface StoredResponse {
  status: number;
  body: unknown;
  etag: string | null;
}

export type Claim = { kind: 'run' } | { kind: 'replay'; response: StoredResponse } | { kind: 'mismatch' } | { kind: 'in_progress' };

/** How long a claimed key without a response is considered still running (then it may be re-claimed). */
const STALE_AFTER = '5 minutes';

/**
 * Idempotency keys in the database, so they survive a restart. The key row is inserted before
 * the command runs (the primary key makes two parallel requests with one key elect one
 * runner); the response is stored after it.
 */
@Injectable()
export class IdempotencyStore {
  constructor(@Inject(Database) private readonly db: Database) {}

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

  /** Forget the key (the request failed in a way a retry may fix). */
  async release(key: string): Promise<void> {
    await this.db.pool.query(`DELETE FROM api_idempotency_keys WHERE key = $1 AND completed_at IS NULL`, [key]);
  }
}
