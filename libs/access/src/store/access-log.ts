import type { Pool } from 'pg';

/**
 * What happened to accounts and sessions, one row each, appended and never changed by banjie:
 * sign-ins (and failed ones, lock-outs), sign-outs, own password changes, and every administrator
 * action on users and tokens. No secret is ever written here (no password, no token, no hash).
 * Account administration lives in rows, not in the event store (docs/access.md "Why rows"), so
 * this log is its audit trail; every entry is also one structured log line.
 */
export const ACCESS_LOG_ACTIONS = [
  'signed_in',
  'sign_in_failed',
  'account_locked',
  'signed_out',
  'password_changed',
  'user_created',
  'password_reset',
  'user_assigned',
  'user_disabled',
  'user_enabled',
  'token_created',
  'token_revoked',
] as const;
export type AccessLogAction = (typeof ACCESS_LOG_ACTIONS)[number];

export interface AccessLogEntry {
  seq: number;
  at: Date;
  action: AccessLogAction;
  actorUserId: string | null;
  targetUserId: string | null;
  account: string | null;
  address: string | null;
  detail: Record<string, unknown> | null;
}

export type NewAccessLogEntry = Omit<AccessLogEntry, 'seq' | 'at'> & { at?: Date };

export class AccessLog {
  constructor(private readonly db: Pick<Pool, 'query'>) {}

  async record(entry: NewAccessLogEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO access_log (at, action, actor_user_id, target_user_id, account, address, detail) VALUES (coalesce($1, now()), $2, $3, $4, $5, $6, $7)`,
      [
        entry.at ?? null,
        entry.action,
        entry.actorUserId,
        entry.targetUserId,
        entry.account,
        entry.address,
        entry.detail ? JSON.stringify(entry.detail) : null,
      ],
    );
  }

  /** Newest first; `before` pages back by sequence. */
  async list(options: { userId?: string; before?: number; limit?: number } = {}): Promise<AccessLogEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
    const { rows } = await this.db.query(
      `SELECT * FROM access_log
        WHERE ($1::uuid IS NULL OR actor_user_id = $1::uuid OR target_user_id = $1::uuid) AND ($2::bigint IS NULL OR seq < $2::bigint)
        ORDER BY seq DESC LIMIT $3`,
      [options.userId ?? null, options.before ?? null, limit],
    );
    return rows.map((r: Record<string, unknown>) => ({
      seq: Number(r.seq),
      at: new Date(r.at as string),
      action: r.action as AccessLogAction,
      actorUserId: (r.actor_user_id as string | null) ?? null,
      targetUserId: (r.target_user_id as string | null) ?? null,
      account: (r.account as string | null) ?? null,
      address: (r.address as string | null) ?? null,
      detail: (r.detail as Record<string, unknown> | null) ?? null,
    }));
  }
}
