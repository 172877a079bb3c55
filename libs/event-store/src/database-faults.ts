import type { Pool } from 'pg';

/**
 * Which database errors mean "the database is not there for writes right now" — a lost or refused
 * connection, a server shutting down or starting up, a read-only standby — as opposed to an error
 * in the request or in banjie. During a Patroni failover every command in flight fails with one of
 * these; the HTTP edge answers them 503 `DATABASE.UNAVAILABLE` with `Retry-After` (never 500), and
 * the read router falls back from a replica to the primary on them (docs/deploy.md).
 */

/** Node's socket errors on a connection that was refused, reset, or never answered. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that cannot take the work: class 08 (connection exception), 57P01–57P03
 * (administrator / crash shutdown, cannot connect now: starting up or shutting down), 53300 (too
 * many connections), 25006 (read-only transaction: a hot standby, or a primary demoted under us).
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300', '25006']);

/** node-postgres' own messages for a connection that died or could not be made (they carry no code). */
const CLIENT_MESSAGES = [
  /^Connection terminated/i,
  /connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /Connection terminated due to connection timeout/i,
  /^Query read timeout/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
];

/** SQLSTATE 25006: the server is a read-only hot standby (or a primary that was just demoted). */
export const READ_ONLY_SQL_TRANSACTION = '25006';

/** True when `error` (or what it wraps) says the database cannot be reached or cannot write now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof e.message === 'string' && !code && CLIENT_MESSAGES.some((m) => m.test(e.message as string))) return true;
    if (e.name === 'StandbyDatabaseError') return true;
  }
  return false;
}

/**
 * SQLSTATEs of a transaction that lost a race and would succeed if run again: deadlock detected,
 * serialization failure, lock not available.
 */
const RETRYABLE_CODES = new Set(['40P01', '40001', '55P03']);

/**
 * True when running the same work again later may succeed: the database is unavailable (above), or
 * the transaction lost a race (deadlock, serialization failure, lock not available). A background
 * loop retries these with back-off; a projection never parks an event for one of them.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  return causes(error).some((e) => typeof e.code === 'string' && RETRYABLE_CODES.has(e.code));
}

/**
 * A hot standby cancelled a query that conflicted with replay (SQLSTATE 40001, "canceling
 * statement due to conflict with recovery"): worth running again on the primary.
 */
export function isRecoveryConflict(error: unknown): boolean {
  return causes(error).some((e) => e.code === '40001' && typeof e.message === 'string' && /conflict with recovery/i.test(e.message));
}

/** The error and what it wraps (TypeORM's driverError, `cause`, AggregateError's errors), a few levels deep. */
function causes(error: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const queue: unknown[] = [error];
  while (queue.length && out.length < 8) {
    const e = queue.shift();
    if (!e || typeof e !== 'object') continue;
    const r = e as Record<string, unknown>;
    out.push(r);
    queue.push(r.driverError, r.cause);
    if (Array.isArray(r.errors)) queue.push(...r.errors);
  }
  return out;
}

/**
 * DATABASE_URL reached a hot standby: banjie refuses to start on it (it could serve reads but
 * every command would fail). Point DATABASE_URL at the primary (HAProxy's primary port) and the
 * standbys at READ_DATABASE_URL.
 */
export class StandbyDatabaseError extends Error {
  constructor(where: string) {
    super(
      `${where} is a hot standby (pg_is_in_recovery() is true): banjie writes there, so it needs the primary. ` +
        'Point DATABASE_URL at the primary (with Patroni: HAProxy in front of GET /primary) and standbys at READ_DATABASE_URL.',
    );
    this.name = 'StandbyDatabaseError';
  }
}

/**
 * A client checked out of a `pg` pool (an append, a transaction, a subscription's batch) has no
 * 'error' listener while it is out; if its connection dies then — the server killed, a Patroni
 * failover, HAProxy cutting the session — node-postgres emits 'error' on it and, unheard, that
 * crashes the process. Every client gets a listener for its whole life: the failure still reaches
 * the query that was running (it rejects), and the pool discards the broken client on release.
 */
export function survivesLostConnections(pool: Pool): void {
  // 'connect' for every client dialled from now on; 'acquire' for those dialled before this ran
  // (TypeORM's initialize checks a client out and back in first) — once per client.
  const heard = new WeakSet<object>();
  const listen = (client: { on(event: 'error', fn: () => void): unknown }) => {
    if (heard.has(client)) return;
    heard.add(client);
    client.on('error', () => undefined);
  };
  pool.on('connect', listen);
  pool.on('acquire', listen);
  if (pool.listenerCount('error') === 0) pool.on('error', () => undefined);
}
