import { join } from 'node:path';
import { ConfigError } from '@banjie/platform';

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
 * - BOOTSTRAP_TOKEN_FILE: where the first start writes its admin and supervisor tokens
 *   (default DATA_DIR/bootstrap-tokens.txt; none under NODE_ENV=test); `off` disables the bootstrap.
 */
export interface AccessConfig {
  authMode: 'token' | 'trust-headers';
  feedbackLinkSecret: string | undefined;
  feedbackLinkTtlDays: number;
  bootstrapTokenFile: string | null;
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
  return {
    authMode,
    feedbackLinkSecret: secret,
    feedbackLinkTtlDays: ttl,
    // Jest sets NODE_ENV=test: suites get no bootstrap users unless they name a file.
    bootstrapTokenFile:
      file === 'off' ? null : file || (env.NODE_ENV === 'test' ? null : join(env.DATA_DIR?.trim() || './data', 'bootstrap-tokens.txt')),
  };
}

export const ACCESS_CONFIG = Symbol('ACCESS_CONFIG');

/** AUTH_MODE=trust-headers is set (tests only): the one switch that lets X-Actor/X-Unit/X-Role name the actor. */
export function headerActorsTrusted(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.AUTH_MODE ?? '').trim() === 'trust-headers' && env.NODE_ENV !== 'production';
}
