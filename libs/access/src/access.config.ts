import { join } from 'node:path';
import { ConfigError, parseRateLimit } from '@banjie/platform';

/**
 * Access-control settings (README configuration table, docs/access.md):
 *
 * - AUTH_MODE: `token` (the default, and what `npm start` uses unless told otherwise) — every
 *   non-public request needs `Authorization: Bearer <token>`; `trust-headers` — TEST ONLY: the
 *   caller is whoever the X-Actor / X-Unit / X-Role headers claim (none → the system actor). It
 *   exists for suites that test workflow, not access, and is refused with NODE_ENV=production.
 * - FEEDBACK_LINK_SECRET: HMAC key of the enterprises' feedback links (≥ 32 characters); unset →
 *   generated once and kept in the database (`access_settings`).
 * - FEEDBACK_LINK_TTL_DAYS: how long a feedback link stays valid after the resolution (default 30).
 * - BOOTSTRAP_TOKEN_FILE: where the first start writes its admin and supervisor accounts, their
 *   initial passwords and tokens (default DATA_DIR/bootstrap-tokens.txt; none under NODE_ENV=test);
 *   `off` disables the bootstrap.
 * - SESSION_TTL_HOURS: how long a password sign-in's session token lasts (default 12: a working day).
 * - SIGN_IN_LOCKOUT: `failures/duration` — that many failed passwords for one account name within
 *   the duration lock it for the duration (default 5/15m); `off` disables the lock-out.
 */
export interface AccessConfig {
  authMode: 'token' | 'trust-headers';
  feedbackLinkSecret: string | undefined;
  feedbackLinkTtlDays: number;
  bootstrapTokenFile: string | null;
  sessionTtlHours: number;
  /** null = no lock-out. */
  signInLockout: { failures: number; durationMs: number } | null;
}

export function loadAccessConfig(env: NodeJS.ProcessEnv = process.env): AccessConfig {
  const authMode = (env.AUTH_MODE ?? 'token').trim() || 'token';
  if (authMode !== 'token' && authMode !== 'trust-headers') {
    throw new ConfigError('AUTH_MODE', `must be token or trust-headers, not "${authMode}"`);
  }
  if (authMode === 'trust-headers' && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'AUTH_MODE',
      'trust-headers lets any caller claim any identity; it is for tests and is refused with NODE_ENV=production',
    );
  }
  const secret = env.FEEDBACK_LINK_SECRET?.trim() || undefined;
  if (secret !== undefined && secret.length < 32)
    throw new ConfigError('FEEDBACK_LINK_SECRET', 'must be at least 32 characters (e.g. openssl rand -hex 32)');
  const ttlRaw = env.FEEDBACK_LINK_TTL_DAYS?.trim();
  let ttl = 30;
  if (ttlRaw) {
    if (!/^\d+$/.test(ttlRaw) || Number(ttlRaw) < 1 || Number(ttlRaw) > 366) {
      throw new ConfigError('FEEDBACK_LINK_TTL_DAYS', `"${ttlRaw}" is not a whole number of days in 1..366`);
    }
    ttl = Number(ttlRaw);
  }
  const file = env.BOOTSTRAP_TOKEN_FILE?.trim();
  const sessionRaw = env.SESSION_TTL_HOURS?.trim();
  if (sessionRaw && (!/^\d+$/.test(sessionRaw) || Number(sessionRaw) < 1 || Number(sessionRaw) > 720)) {
    throw new ConfigError('SESSION_TTL_HOURS', `"${sessionRaw}" is not a whole number of hours in 1..720`);
  }
  const lockout = parseRateLimit('SIGN_IN_LOCKOUT', env.SIGN_IN_LOCKOUT, { max: 5, windowMs: 15 * 60_000 });
  return {
    authMode,
    feedbackLinkSecret: secret,
    feedbackLinkTtlDays: ttl,
    // Jest sets NODE_ENV=test: suites get no bootstrap users unless they name a file.
    bootstrapTokenFile:
      file === 'off' ? null : file || (env.NODE_ENV === 'test' ? null : join(env.DATA_DIR?.trim() || './data', 'bootstrap-tokens.txt')),
    sessionTtlHours: sessionRaw ? Number(sessionRaw) : 12,
    signInLockout: lockout && { failures: lockout.max, durationMs: lockout.windowMs },
  };
}

export const ACCESS_CONFIG = Symbol('ACCESS_CONFIG');

/** AUTH_MODE=trust-headers is set (tests only): the one switch that lets X-Actor/X-Unit/X-Role name the actor. */
export function headerActorsTrusted(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.AUTH_MODE ?? '').trim() === 'trust-headers' && env.NODE_ENV !== 'production';
}
