import { ConfigError } from './config-error';
import { loadEdgeConfig, type EdgeConfig } from './edge-config';

/**
 * Every setting banjie reads, from the environment, typed and checked once at start. A bad value
 * stops the process with one line naming the variable (see README's configuration table).
 */
export interface AppConfig {
  /** PostgreSQL connection string; absent → embedded PGlite in DATA_DIR. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** `all` (api + worker in one process, the default), `api` or `worker`. */
  role: 'all' | 'api' | 'worker';
  /** Load the circular's demo campaign into an empty embedded store on first start. */
  demo: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dbPoolSize: number;
  /** Freeze or shift the clock (ISO instant), for demos that replay 2023. */
  clockStart: string | undefined;
  /** `json` (one object a line), `pretty` (for people), or `auto`: pretty on a TTY, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** When set, GET /metrics requires `Authorization: Bearer <token>`; unset → public (refused at start in production). */
  metricsToken: string | undefined;
  /** The HTTP edge: public origin, trusted proxies, rate limits (edge-config.ts). */
  edge: EdgeConfig;
  /** /health/ready reports unready when a projection is more than this many events behind. */
  readyMaxLag: number;
  /** Past this many milliseconds a graceful shutdown gives up and exits 1. */
  shutdownTimeoutMs: number;
  /** The worker process's HTTP port for /health and /metrics (npm run start:worker); 0 = none. */
  workerPort: number;
  /** PostgreSQL itself for session-level connections (LISTEN) when DATABASE_URL is a transaction-mode pgbouncer. */
  directDatabaseUrl: string | undefined;
  /** Hot standbys for reports, rankings, lists and the audit search (READ_DATABASE_URL, comma-separated). */
  readDatabaseUrls: string[];
  /** A replica further behind than this many seconds is not read from (the primary is). */
  readMaxLagSeconds: number;
  /** How often each read replica's lag is checked. */
  readCheckIntervalMs: number;
  /** Signs the audit checkpoints (≥ 32 characters); absent → generated on the first checkpoint and kept in the database. */
  auditSigningKey: string | undefined;
  /** How often the worker records a signed checkpoint of the stream heads; 0 = never (`cli audit checkpoint` by hand). */
  auditCheckpointIntervalMs: number;
}

export { ConfigError } from './config-error';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * `purpose`: a `cli` process answers no HTTP, so the production-only demands of a server
 * (PUBLIC_BASE_URL, METRICS_TOKEN) do not apply to it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, purpose: 'server' | 'cli' = 'server'): AppConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl) {
    let url: URL;
    try {
      url = new URL(databaseUrl);
    } catch {
      // Never echo the value: it may carry a password.
      throw new ConfigError('DATABASE_URL', 'is not a URL (expected postgres://user@host:port/database)');
    }
    if (!['postgres:', 'postgresql:'].includes(url.protocol))
      throw new ConfigError('DATABASE_URL', `protocol ${url.protocol} is not postgres:`);
  }
  const readDatabaseUrls = (env.READ_DATABASE_URL ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const [i, u] of readDatabaseUrls.entries()) {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw new ConfigError('READ_DATABASE_URL', `entry ${i + 1} is not a URL (expected postgres://user@host:port/database[,…])`);
    }
    if (!['postgres:', 'postgresql:'].includes(url.protocol))
      throw new ConfigError('READ_DATABASE_URL', `entry ${i + 1}: protocol ${url.protocol} is not postgres:`);
  }
  const directDatabaseUrl = env.DATABASE_DIRECT_URL?.trim() || undefined;
  if (directDatabaseUrl) {
    let url: URL;
    try {
      url = new URL(directDatabaseUrl);
    } catch {
      throw new ConfigError('DATABASE_DIRECT_URL', 'is not a URL (expected postgres://user@host:port/database)');
    }
    if (!['postgres:', 'postgresql:'].includes(url.protocol))
      throw new ConfigError('DATABASE_DIRECT_URL', `protocol ${url.protocol} is not postgres:`);
    if (!databaseUrl) throw new ConfigError('DATABASE_DIRECT_URL', 'needs DATABASE_URL');
  }
  if (readDatabaseUrls.length && !databaseUrl)
    throw new ConfigError('READ_DATABASE_URL', 'needs DATABASE_URL (read replicas are standbys of a PostgreSQL primary)');
  const role = (env.BANJIE_ROLE ?? 'all').trim();
  if (!['all', 'api', 'worker'].includes(role)) throw new ConfigError('BANJIE_ROLE', `must be all, api or worker, not "${role}"`);
  const logLevel = (env.LOG_LEVEL ?? 'info').trim();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  const clockStart = env.CLOCK_START?.trim() || undefined;
  if (clockStart && Number.isNaN(Date.parse(clockStart))) throw new ConfigError('CLOCK_START', `"${clockStart}" is not an ISO date-time`);
  const logFormat = (env.LOG_FORMAT ?? 'auto').trim() || 'auto';
  if (!['auto', 'json', 'pretty'].includes(logFormat))
    throw new ConfigError('LOG_FORMAT', `must be auto, json or pretty, not "${logFormat}"`);
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  if (metricsToken && metricsToken.length < 16)
    throw new ConfigError('METRICS_TOKEN', 'is shorter than 16 characters (use a long random value)');
  const workerPort = intVar(env, 'WORKER_PORT', 3001, 0, 65535);
  const servesMetrics = purpose === 'server' && !(role === 'worker' && workerPort === 0);
  if (!metricsToken && env.NODE_ENV === 'production' && servesMetrics)
    throw new ConfigError('METRICS_TOKEN', 'is required with NODE_ENV=production: GET /metrics is never public in production');
  const edge = loadEdgeConfig(purpose === 'cli' ? { ...env, BANJIE_ROLE: 'worker' } : env);
  const auditSigningKey = env.AUDIT_SIGNING_KEY?.trim() || undefined;
  if (auditSigningKey && auditSigningKey.length < 32)
    throw new ConfigError('AUDIT_SIGNING_KEY', 'is shorter than 32 characters (e.g. openssl rand -hex 32)');
  return {
    databaseUrl,
    dataDir: env.DATA_DIR?.trim() || './data',
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    role: role as AppConfig['role'],
    demo: boolVar(env, 'DEMO', true),
    logLevel: logLevel as AppConfig['logLevel'],
    dbPoolSize: intVar(env, 'DB_POOL_SIZE', 20, 1, 1000),
    clockStart,
    logFormat: logFormat as AppConfig['logFormat'],
    metricsToken,
    edge,
    readyMaxLag: intVar(env, 'READY_MAX_LAG', 1000, 0, 1_000_000_000),
    shutdownTimeoutMs: intVar(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    workerPort,
    auditSigningKey,
    // Under Jest (NODE_ENV=test) no checkpoint is written unless a test asks: suites compare event logs.
    auditCheckpointIntervalMs: intVar(env, 'AUDIT_CHECKPOINT_INTERVAL_MS', env.NODE_ENV === 'test' ? 0 : 60_000, 0, 86_400_000),
    directDatabaseUrl,
    readDatabaseUrls,
    readMaxLagSeconds: intVar(env, 'READ_MAX_LAG_SECONDS', 10, 0, 86_400),
    readCheckIntervalMs: intVar(env, 'READ_CHECK_INTERVAL_MS', 2000, 100, 600_000),
  };
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not an integer`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `${n} is outside ${min}..${max}`);
  return n;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `"${raw}" is not a boolean (use 1/0, true/false)`);
}

export const APP_CONFIG = Symbol('APP_CONFIG');
