import { ConfigError } from './config-error';

/** A request budget: at most `max` in `windowMs`; `null` = no limit. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/**
 * The HTTP edge's settings (README configuration table, docs/operations.md): where links point,
 * which proxies may speak for the client, and the request budgets.
 */
export interface EdgeConfig {
  /** NODE_ENV=production: links are never built from request headers, /metrics is never public. */
  production: boolean;
  /** The origin links (the enterprises' feedback links) are built on, without a trailing slash. */
  publicBaseUrl: string | undefined;
  /**
   * Proxies (addresses, CIDRs, or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`) whose
   * X-Forwarded-For / -Proto / -Host are believed. Empty → none: the socket is the truth.
   */
  trustedProxies: string[];
  /** Requests to the public feedback routes, per client address and per link. */
  feedbackPerAddress: RateLimit | null;
  feedbackPerLink: RateLimit | null;
  /** Failed authentications (a credential answered 401) per client address. */
  authFailures: RateLimit | null;
}

const BUDGET = /^(\d{1,6})\s*\/\s*(\d{1,6})\s*(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `10/1m` → { max: 10, windowMs: 60000 }; `off` → null. */
export function parseRateLimit(name: string, raw: string | undefined, fallback: RateLimit | null): RateLimit | null {
  const value = raw?.trim();
  if (!value) return fallback;
  if (value === 'off') return null;
  const m = BUDGET.exec(value);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
    throw new ConfigError(name, `"${value}" is not a budget like 10/1m (count / window in ms, s, m or h) or off`);
  }
  return { max: Number(m[1]), windowMs: Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS] };
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/;
const IPV6 = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;

export function loadEdgeConfig(env: NodeJS.ProcessEnv = process.env): EdgeConfig {
  const production = env.NODE_ENV === 'production';
  const role = (env.BANJIE_ROLE ?? 'all').trim();
  const base = env.PUBLIC_BASE_URL?.trim() || undefined;
  if (base !== undefined) {
    let url: URL | null;
    try {
      url = new URL(base);
    } catch {
      url = null;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash)
      throw new ConfigError(
        'PUBLIC_BASE_URL',
        'is not an http(s) origin such as https://banjie.example.gov.cn (no user, query or fragment)',
      );
  }
  // The worker (and the CLI) build no links; only processes that answer HTTP need the origin.
  if (production && !base && role !== 'worker') {
    throw new ConfigError(
      'PUBLIC_BASE_URL',
      'is required with NODE_ENV=production: feedback links must point at the configured origin, never at one taken from request headers',
    );
  }
  const trustedProxies = (env.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const proxy of trustedProxies) {
    if (!PROXY_NAMES.has(proxy) && !IPV4.test(proxy) && !(proxy.includes(':') && IPV6.test(proxy)))
      throw new ConfigError('TRUSTED_PROXIES', `"${proxy}" is not an address, a CIDR, loopback, linklocal or uniquelocal`);
  }
  return {
    production,
    publicBaseUrl: base?.replace(/\/+$/, ''),
    trustedProxies,
    feedbackPerAddress: parseRateLimit('RATE_LIMIT_FEEDBACK_ADDRESS', env.RATE_LIMIT_FEEDBACK_ADDRESS, { max: 60, windowMs: 60_000 }),
    feedbackPerLink: parseRateLimit('RATE_LIMIT_FEEDBACK_LINK', env.RATE_LIMIT_FEEDBACK_LINK, { max: 20, windowMs: 60_000 }),
    authFailures: parseRateLimit('RATE_LIMIT_AUTH_FAILURES', env.RATE_LIMIT_AUTH_FAILURES, { max: 10, windowMs: 60_000 }),
  };
}
