import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { unitStream } from '@banjie/domain';
import type { EventStore } from '@banjie/event-store';
import { USER_ROLES, type Principal, type UserRole } from '../policy/principal';
import { hashToken, newBearerToken } from '../tokens/bearer-token';

export interface User {
  userId: string;
  name: string;
  unitId: string | null;
  role: UserRole;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface TokenInfo {
  tokenId: string;
  userId: string;
  label: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export class AccessInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'AccessInputError';
  }
}

type Queryable = Pick<Pool, 'query'>;

/**
 * Users, bearer tokens and settings in SQL, on the application's one pool (the CLI and the API
 * share it). A token leaves this class exactly once, from `createToken`; only its hash is stored.
 */
export class AccessStore {
  constructor(
    private readonly db: Queryable,
    /** Where a unit is known to be registered: its stream (read through the store's port). */
    private readonly events: Pick<EventStore, 'readStream'>,
  ) {}

  async createUser(input: { name: string; unitId?: string | null; role: string; userId?: string }): Promise<User> {
    const name = (input.name ?? '').trim();
    if (!name || name.length > 200) throw new AccessInputError('name', 'name is required (1–200 characters)');
    if (!(USER_ROLES as readonly string[]).includes(input.role))
      throw new AccessInputError('role', `role must be one of ${USER_ROLES.join(', ')}`);
    const unitId = input.unitId?.trim() || null;
    if (input.role === 'officer' && !unitId) throw new AccessInputError('unit', 'an officer needs a unit (--unit ID)');
    if (unitId && !(await this.unitExists(unitId))) throw new AccessInputError('unit', `unit ${unitId} is not a registered unit`);
    const userId = input.userId ?? randomUUID();
    const { rows } = await this.db.query(`INSERT INTO access_users (user_id, name, unit_id, role) VALUES ($1, $2, $3, $4) RETURNING *`, [
      userId,
      name,
      unitId,
      input.role,
    ]);
    return toUser(rows[0]);
  }

  /** Creates a user with a fixed id unless it exists; null when it already did (a concurrent first start). */
  async createUserOnce(input: { userId: string; name: string; role: UserRole }): Promise<User | null> {
    const { rows } = await this.db.query(
      `INSERT INTO access_users (user_id, name, unit_id, role) VALUES ($1, $2, NULL, $3) ON CONFLICT (user_id) DO NOTHING RETURNING *`,
      [input.userId, input.name, input.role],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async userCount(): Promise<number> {
    const { rows } = await this.db.query(`SELECT count(*)::int AS n FROM access_users`);
    return rows[0].n;
  }

  async getUser(userId: string): Promise<User | null> {
    if (!isUuid(userId)) return null;
    const { rows } = await this.db.query(`SELECT * FROM access_users WHERE user_id = $1`, [userId]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async listUsers(): Promise<User[]> {
    const { rows } = await this.db.query(`SELECT * FROM access_users ORDER BY created_at, user_id`);
    return rows.map(toUser);
  }

  /** A new token for the user: answers the token itself (show it once) and its id. */
  async createToken(
    userId: string,
    options: { label?: string | null; expiresAt?: Date | null } = {},
  ): Promise<{ token: string; info: TokenInfo }> {
    const user = await this.getUser(userId);
    if (!user) throw new AccessInputError('user', `user ${userId} does not exist`);
    if (user.disabledAt) throw new AccessInputError('user', `user ${userId} is disabled`);
    const token = newBearerToken();
    const { rows } = await this.db.query(
      `INSERT INTO access_tokens (token_id, user_id, token_hash, label, expires_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING token_id, user_id, label, created_at, expires_at, revoked_at`,
      [randomUUID(), userId, hashToken(token), options.label ?? null, options.expiresAt ?? null],
    );
    return { token, info: toTokenInfo(rows[0]) };
  }

  /** Revokes a token by its id; false when no such token. Revoking twice is harmless. */
  async revokeToken(tokenId: string): Promise<TokenInfo | null> {
    if (!isUuid(tokenId)) return null;
    const { rows } = await this.db.query(
      `UPDATE access_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE token_id = $1
       RETURNING token_id, user_id, label, created_at, expires_at, revoked_at`,
      [tokenId],
    );
    return rows[0] ? toTokenInfo(rows[0]) : null;
  }

  async listTokens(userId?: string): Promise<TokenInfo[]> {
    const { rows } = await this.db.query(
      `SELECT token_id, user_id, label, created_at, expires_at, revoked_at FROM access_tokens
       WHERE ($1::uuid IS NULL OR user_id = $1::uuid) ORDER BY created_at, token_id`,
      [userId && isUuid(userId) ? userId : null],
    );
    return rows.map(toTokenInfo);
  }

  /** Who a presented token belongs to, or null (unknown, revoked, expired, user disabled). */
  async authenticate(token: string, now: Date): Promise<(Principal & { tokenId: string }) | null> {
    const { rows } = await this.db.query(
      `SELECT t.token_id, t.expires_at, t.revoked_at, u.user_id, u.unit_id, u.role, u.disabled_at
         FROM access_tokens t JOIN access_users u USING (user_id) WHERE t.token_hash = $1`,
      [hashToken(token)],
    );
    const r = rows[0];
    if (!r || r.revoked_at || r.disabled_at) return null;
    if (r.expires_at && new Date(r.expires_at).getTime() <= now.getTime()) return null;
    return { userId: r.user_id, unitId: r.unit_id, role: r.role, tokenId: r.token_id };
  }

  /** A setting, created with `make()` on first use; concurrent first starts agree on one value. */
  async setting(key: string, make: () => string): Promise<string> {
    const existing = await this.db.query(`SELECT value FROM access_settings WHERE key = $1`, [key]);
    if (existing.rows[0]) return existing.rows[0].value;
    await this.db.query(`INSERT INTO access_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, make()]);
    const { rows } = await this.db.query(`SELECT value FROM access_settings WHERE key = $1`, [key]);
    return rows[0].value;
  }

  async unitExists(unitId: string): Promise<boolean> {
    const [first] = await this.events.readStream(unitStream(unitId), { maxCount: 1 });
    return first?.type === 'UnitRegistered';
  }
}

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function toUser(r: Record<string, unknown>): User {
  return {
    userId: r.user_id as string,
    name: r.name as string,
    unitId: (r.unit_id as string | null) ?? null,
    role: r.role as UserRole,
    createdAt: new Date(r.created_at as string),
    disabledAt: r.disabled_at ? new Date(r.disabled_at as string) : null,
  };
}

function toTokenInfo(r: Record<string, unknown>): TokenInfo {
  return {
    tokenId: r.token_id as string,
    userId: r.user_id as string,
    label: (r.label as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
    expiresAt: r.expires_at ? new Date(r.expires_at as string) : null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at as string) : null,
  };
}
