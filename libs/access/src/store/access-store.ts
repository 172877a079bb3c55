import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { unitStream } from '@banjie/domain';
import type { EventStore } from '@banjie/event-store';
import { USER_ROLES, type Principal, type UserRole } from '../policy/principal';
import { hashToken, newBearerToken } from '../tokens/bearer-token';
import { normalizeAccount, ACCOUNT_RULE } from '../accounts/account-name';
import { hashPassword } from '../passwords/password-hash';
import { passwordProblems } from '../passwords/password-policy';

export interface User {
  userId: string;
  name: string;
  unitId: string | null;
  role: UserRole;
  createdAt: Date;
  disabledAt: Date | null;
  /** The name the person signs in with (lower-case); null for a user of API tokens only. */
  account: string | null;
  hasPassword: boolean;
  /** An administrator set the password: it must be changed at the next sign-in. */
  mustChangePassword: boolean;
  passwordSetAt: Date | null;
}

/** `api`: made by an administrator for a program; `session`: made by a password sign-in, ended by sign-out. */
export type TokenKind = 'api' | 'session';

export interface TokenInfo {
  tokenId: string;
  userId: string;
  label: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  kind: TokenKind;
}

/** Who a presented token belongs to, as the guard needs it. */
export interface Authenticated extends Principal {
  tokenId: string;
  kind: TokenKind;
  mustChangePassword: boolean;
}

export class AccessInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** A stable code when the refusal has one of its own (PASSWORD.TOO_SHORT, ACCOUNT.TAKEN …). */
    readonly code?: string,
    /** Every problem of the field (a password can break several rules at once). */
    readonly problems: { code: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'AccessInputError';
  }
}

/** Refuses a password that breaks the policy, naming every rule it breaks (Chinese messages). */
export function checkPassword(password: unknown, account: string | null): string {
  if (typeof password !== 'string') throw new AccessInputError('password', 'password is required', 'PASSWORD.REQUIRED');
  const problems = passwordProblems(password, { account });
  if (problems.length) throw new AccessInputError('password', problems.map((p) => p.message).join('；'), problems[0].code, problems);
  return password;
}

type Queryable = Pick<Pool, 'query'>;

/**
 * How long a process trusts a token it authenticated without asking the database again (#20: one
 * round trip less per request). A revocation, a disabled user, a role change or a password change
 * made through this process (the API's own routes) applies at once — every such change empties
 * the cache; one made by another process (the CLI, another API instance) applies within this
 * bound. Expiry is checked on every request. docs/access.md "Token cache".
 */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_SIZE = 10_000;

interface TokenRow {
  token_id: string;
  expires_at: Date | string | null;
  revoked_at: Date | null;
  kind: TokenKind;
  user_id: string;
  unit_id: string | null;
  role: Principal['role'];
  disabled_at: Date | null;
  password_must_change: boolean | null;
}

/**
 * Users, bearer tokens and settings in SQL, on the application's one pool (the CLI and the API
 * share it). A token leaves this class exactly once, from `createToken`; only its hash is stored.
 */
export class AccessStore {
  /** token hash → its row as last read, and until when it is trusted (TOKEN_CACHE_MS). */
  private readonly tokens = new Map<string, { row: TokenRow; until: number }>();
  /** Bumped by every change of users or tokens: a read that started before one is not cached. */
  private generation = 0;

  constructor(
    private readonly db: Queryable,
    /** Where a unit is known to be registered: its stream (read through the store's port). */
    private readonly events: Pick<EventStore, 'readStream'>,
  ) {}

  /**
   * A new user. With `account` and `password` the person can sign in with a password (the policy
   * applies; `mustChangePassword` defaults to true: an administrator chose it); without, the user
   * holds API tokens only.
   */
  async createUser(input: {
    name: string;
    unitId?: string | null;
    role: string;
    userId?: string;
    account?: string | null;
    password?: string | null;
    mustChangePassword?: boolean;
  }): Promise<User> {
    const name = (input.name ?? '').trim();
    if (!name || name.length > 200) throw new AccessInputError('name', 'name is required (1–200 characters)');
    const { role, unitId } = await this.checkAssignment(input.role, input.unitId);
    const account = input.account == null || input.account === '' ? null : normalizeAccount(input.account);
    if (input.account && !account) throw new AccessInputError('account', ACCOUNT_RULE, 'ACCOUNT.INVALID');
    if (account && input.password == null)
      throw new AccessInputError('password', 'an account needs an initial password', 'PASSWORD.REQUIRED');
    if (!account && input.password != null) throw new AccessInputError('account', 'a password needs an account name', 'ACCOUNT.REQUIRED');
    if (account && (await this.userByAccount(account))) throw new AccessInputError('account', `账号 ${account} 已被使用`, 'ACCOUNT.TAKEN');
    const hash = account ? await hashPassword(checkPassword(input.password, account)) : null;
    const userId = input.userId ?? randomUUID();
    try {
      const { rows } = await this.db.query(
        `INSERT INTO access_users (user_id, name, unit_id, role, account, password_hash, password_set_at, password_must_change)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END, $7) RETURNING *`,
        [userId, name, unitId, role, account, hash, hash ? (input.mustChangePassword ?? true) : false],
      );
      return toUser(rows[0]);
    } catch (error) {
      if ((error as { code?: string }).code === '23505' && /account/.test(String((error as Error).message)))
        throw new AccessInputError('account', `账号 ${account} 已被使用`, 'ACCOUNT.TAKEN');
      throw error;
    }
  }

  private async checkAssignment(role: string, rawUnitId: string | null | undefined): Promise<{ role: UserRole; unitId: string | null }> {
    if (!(USER_ROLES as readonly string[]).includes(role))
      throw new AccessInputError('role', `role must be one of ${USER_ROLES.join(', ')}`);
    const unitId = rawUnitId?.trim() || null;
    if (role === 'officer' && !unitId) throw new AccessInputError('unit', 'an officer needs a unit (--unit ID)');
    if (unitId && !(await this.unitExists(unitId))) throw new AccessInputError('unit', `unit ${unitId} is not a registered unit`);
    return { role: role as UserRole, unitId };
  }

  /** Creates a user with a fixed id unless it exists; null when it already did (a concurrent first start). */
  async createUserOnce(input: {
    userId: string;
    name: string;
    role: UserRole;
    account?: string;
    passwordHash?: string;
  }): Promise<User | null> {
    const { rows } = await this.db.query(
      `INSERT INTO access_users (user_id, name, unit_id, role, account, password_hash, password_set_at)
       VALUES ($1, $2, NULL, $3, $4, $5, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END)
       ON CONFLICT (user_id) DO NOTHING RETURNING *`,
      [input.userId, input.name, input.role, input.account ?? null, input.passwordHash ?? null],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async userByAccount(account: string): Promise<User | null> {
    const { rows } = await this.db.query(`SELECT * FROM access_users WHERE account = $1`, [account]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** The stored hash, for the sign-in only (never leaves libs/access). */
  async passwordHashOf(userId: string): Promise<string | null> {
    const { rows } = await this.db.query(`SELECT password_hash FROM access_users WHERE user_id = $1`, [userId]);
    return rows[0]?.password_hash ?? null;
  }

  /**
   * Sets a user's password (policy checked). `mustChange`: an administrator's reset (true) or the
   * person's own change (false). Either way every session of the user ends (except `keepTokenId`,
   * the session that changed it), and the account's failed sign-ins are forgotten.
   */
  async setPassword(
    userId: string,
    password: string,
    options: { mustChange: boolean; keepTokenId?: string; account?: string },
  ): Promise<User> {
    const user = await this.getUser(userId);
    if (!user) throw new AccessInputError('user', `user ${userId} does not exist`);
    const account = user.account ?? (options.account ? normalizeAccount(options.account) : null);
    if (!account) throw new AccessInputError('account', `${ACCOUNT_RULE}（该用户还没有账号，请同时设置账号）`, 'ACCOUNT.REQUIRED');
    if (!user.account && (await this.userByAccount(account)))
      throw new AccessInputError('account', `账号 ${account} 已被使用`, 'ACCOUNT.TAKEN');
    const hash = await hashPassword(checkPassword(password, account));
    const { rows } = await this.db.query(
      `UPDATE access_users SET account = $2, password_hash = $3, password_set_at = now(), password_must_change = $4 WHERE user_id = $1 RETURNING *`,
      [userId, account, hash, options.mustChange],
    );
    this.forgetTokens();
    await this.endSessions(userId, options.keepTokenId);
    await this.db.query(`DELETE FROM access_sign_in_failures WHERE account = $1`, [account]);
    return toUser(rows[0]);
  }

  /** Changes a user's role and unit (an officer needs a unit). Their tokens keep working with the new rights. */
  async assign(userId: string, input: { role: string; unitId?: string | null; name?: string }): Promise<User> {
    const user = await this.getUser(userId);
    if (!user) throw new AccessInputError('user', `user ${userId} does not exist`);
    const { role, unitId } = await this.checkAssignment(input.role, input.unitId);
    const name = input.name?.trim() || user.name;
    if (name.length > 200) throw new AccessInputError('name', 'name is required (1–200 characters)');
    const { rows } = await this.db.query(`UPDATE access_users SET role = $2, unit_id = $3, name = $4 WHERE user_id = $1 RETURNING *`, [
      userId,
      role,
      unitId,
      name,
    ]);
    this.forgetTokens();
    return toUser(rows[0]);
  }

  /** Disables (every token and session stops working at once) or enables a user. */
  async setDisabled(userId: string, disabled: boolean): Promise<User | null> {
    if (!isUuid(userId)) return null;
    const { rows } = await this.db.query(
      `UPDATE access_users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) ELSE NULL END WHERE user_id = $1 RETURNING *`,
      [userId, disabled],
    );
    this.forgetTokens();
    if (rows[0] && disabled) await this.endSessions(userId);
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** A session token for a signed-in person: shown once, kept as a hash, valid until `expiresAt` or sign-out. */
  async createSession(userId: string, expiresAt: Date): Promise<{ token: string; info: TokenInfo }> {
    const token = newBearerToken();
    const { rows } = await this.db.query(
      `INSERT INTO access_tokens (token_id, user_id, token_hash, label, expires_at, kind) VALUES ($1, $2, $3, 'sign-in', $4, 'session')
       RETURNING ${TOKEN_COLUMNS}`,
      [randomUUID(), userId, hashToken(token), expiresAt],
    );
    return { token, info: toTokenInfo(rows[0]) };
  }

  /** Ends the user's sessions (not their API tokens), but `keepTokenId`. */
  async endSessions(userId: string, keepTokenId?: string): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE access_tokens SET revoked_at = now() WHERE user_id = $1 AND kind = 'session' AND revoked_at IS NULL AND ($2::uuid IS NULL OR token_id <> $2::uuid)`,
      [userId, keepTokenId ?? null],
    );
    this.forgetTokens();
    return rowCount ?? 0;
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
       RETURNING ${TOKEN_COLUMNS}`,
      [randomUUID(), userId, hashToken(token), options.label ?? null, options.expiresAt ?? null],
    );
    return { token, info: toTokenInfo(rows[0]) };
  }

  /** Revokes a token by its id; false when no such token. Revoking twice is harmless. */
  async revokeToken(tokenId: string): Promise<TokenInfo | null> {
    if (!isUuid(tokenId)) return null;
    const { rows } = await this.db.query(
      `UPDATE access_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE token_id = $1
       RETURNING ${TOKEN_COLUMNS}`,
      [tokenId],
    );
    this.forgetTokens();
    return rows[0] ? toTokenInfo(rows[0]) : null;
  }

  /** API tokens (sessions are listed by `listSessions`: they come and go with every sign-in). */
  async listTokens(userId?: string): Promise<TokenInfo[]> {
    const { rows } = await this.db.query(
      `SELECT ${TOKEN_COLUMNS} FROM access_tokens
       WHERE kind = 'api' AND ($1::uuid IS NULL OR user_id = $1::uuid) ORDER BY created_at, token_id`,
      [userId && isUuid(userId) ? userId : null],
    );
    return rows.map(toTokenInfo);
  }

  /** Open sessions per user (for the admin page: who is signed in). */
  async openSessions(now: Date): Promise<Map<string, number>> {
    const { rows } = await this.db.query(
      `SELECT user_id, count(*)::int AS n FROM access_tokens WHERE kind = 'session' AND revoked_at IS NULL AND expires_at > $1 GROUP BY user_id`,
      [now],
    );
    return new Map(rows.map((r: { user_id: string; n: number }) => [r.user_id, r.n]));
  }

  /**
   * Who a presented token belongs to, or null (unknown, revoked, expired, user disabled). `now` is
   * wall-clock time: credentials expire in real time, whatever business day a demo replays.
   */
  async authenticate(token: string, now: Date): Promise<Authenticated | null> {
    const hash = hashToken(token);
    const cached = this.tokens.get(hash);
    const r = cached && cached.until > Date.now() ? cached.row : await this.readToken(hash);
    if (!r || r.revoked_at || r.disabled_at) return null;
    if (r.expires_at && new Date(r.expires_at).getTime() <= now.getTime()) return null;
    return {
      userId: r.user_id,
      unitId: r.unit_id,
      role: r.role,
      tokenId: r.token_id,
      kind: r.kind,
      // Only a password session is held to the change: an API token is a program's, not the person's.
      mustChangePassword: r.kind === 'session' && r.password_must_change === true,
    };
  }

  private async readToken(hash: string): Promise<TokenRow | null> {
    const generation = this.generation;
    const { rows } = await this.db.query(
      `SELECT t.token_id, t.expires_at, t.revoked_at, t.kind, u.user_id, u.unit_id, u.role, u.disabled_at, u.password_must_change
         FROM access_tokens t JOIN access_users u USING (user_id) WHERE t.token_hash = $1`,
      [hash],
    );
    const row = (rows[0] as TokenRow | undefined) ?? null;
    // Only a usable token is kept (an unknown or revoked one is asked again each time), and only
    // when no change of users or tokens happened while it was read.
    if (row && !row.revoked_at && !row.disabled_at && generation === this.generation) {
      if (this.tokens.size >= TOKEN_CACHE_SIZE) this.tokens.clear();
      this.tokens.set(hash, { row, until: Date.now() + TOKEN_CACHE_MS });
    }
    return row;
  }

  /** After any change of users or tokens: nothing cached before it is trusted any more. */
  private forgetTokens(): void {
    this.generation++;
    this.tokens.clear();
  }

  /** A setting, created with `make()` on first use; concurrent first starts agree on one value. */
  async setting(key: string, make: () => string): Promise<string> {
    const existing = await this.db.query(`SELECT value FROM access_settings WHERE key = $1`, [key]);
    if (existing.rows[0]) return existing.rows[0].value;
    await this.db.query(`INSERT INTO access_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, make()]);
    const { rows } = await this.db.query(`SELECT value FROM access_settings WHERE key = $1`, [key]);
    return rows[0].value;
  }

  /** A unit's name now (the last of its registration and renamings), for the top bar; null if unknown. */
  async unitName(unitId: string): Promise<string | null> {
    let name: string | null = null;
    for (const e of await this.events.readStream(unitStream(unitId))) {
      if ((e.type === 'UnitRegistered' || e.type === 'UnitRenamed') && typeof e.data.name === 'string') name = e.data.name;
    }
    return name;
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

const TOKEN_COLUMNS = 'token_id, user_id, label, created_at, expires_at, revoked_at, kind';

function toUser(r: Record<string, unknown>): User {
  return {
    userId: r.user_id as string,
    name: r.name as string,
    unitId: (r.unit_id as string | null) ?? null,
    role: r.role as UserRole,
    createdAt: new Date(r.created_at as string),
    disabledAt: r.disabled_at ? new Date(r.disabled_at as string) : null,
    account: (r.account as string | null) ?? null,
    hasPassword: r.password_hash != null,
    mustChangePassword: r.password_must_change === true,
    passwordSetAt: r.password_set_at ? new Date(r.password_set_at as string) : null,
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
    kind: (r.kind as TokenKind | undefined) ?? 'api',
  };
}
