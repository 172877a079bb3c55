import { Pool, type QueryResult } from 'pg';
import { isDatabaseUnavailable, isRecoveryConflict, survivesLostConnections } from './database-faults';

export interface ReadReplicaOptions {
  /** A replica further behind than this (seconds of replay lag) is not read from. */
  maxLagSeconds?: number;
  /** How often each replica's replay position and lag are checked. */
  checkIntervalMs?: number;
  /** Pool size per replica. */
  poolSize?: number;
  /** How long a fresh read waits for a replica to replay the primary's position before using the primary. */
  freshWaitMs?: number;
}

/** What /health and the metrics show of one replica (no credentials). */
export interface ReplicaStatus {
  name: string;
  /** host:port/database of its URL. */
  target: string;
  /** The last check reached it. */
  up: boolean;
  /** It is in recovery (a hot standby); false: the URL reached a primary. */
  standby: boolean | null;
  /** Replay lag in seconds: 0 once it has replayed what the primary had written when checked. */
  lagSeconds: number | null;
  /** Reads go to it (up and within the lag bound). */
  usable: boolean;
  lastError: string | null;
  checkedAt: string | null;
  /** Reads it served, and reads that failed over from it to the primary. */
  reads: number;
  fallbacks: number;
}

/** Only what the read paths call: plain queries (`pool.query`). */
export type Queryable = { query: Pool['query'] };

interface Replica {
  name: string;
  target: string;
  pool: Pool;
  up: boolean;
  standby: boolean | null;
  lagSeconds: number | null;
  lastError: string | null;
  checkedAt: Date | null;
  reads: number;
  fallbacks: number;
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * Read replicas (READ_DATABASE_URL): reports, rankings, lists and the audit search read from hot
 * standbys; everything that writes, and every read that must see its own write (a single item
 * after a command, ETag flows, idempotency keys), stays on the primary pool.
 *
 * Each replica is checked every `checkIntervalMs`: `pg_is_in_recovery()`, its replay position
 * against the primary's current WAL position, and `now() - pg_last_xact_replay_timestamp()`. A
 * replica that has replayed everything the primary had written has lag 0 (an idle primary does
 * not make it look behind); otherwise its lag is the age of the last transaction it replayed.
 * Reads go round-robin to the replicas that are up and within `maxLagSeconds`, else to the
 * primary; a read that fails on a replica because the replica went away (or a recovery conflict
 * cancelled it) runs again on the primary and marks the replica down until the next check — the
 * client never sees the replica's failure.
 */
export class ReadReplicas {
  private readonly replicas: Replica[];
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private primaryReads = 0;
  readonly maxLagSeconds: number;
  private readonly freshWaitMs: number;

  constructor(
    private readonly primary: Pool,
    urls: readonly string[],
    private readonly options: ReadReplicaOptions = {},
  ) {
    this.maxLagSeconds = options.maxLagSeconds ?? 10;
    this.freshWaitMs = options.freshWaitMs ?? 1000;
    this.replicas = urls.map((url, i) => {
      const pool = new Pool({
        connectionString: url,
        max: options.poolSize ?? 10,
        idleTimeoutMillis: 30_000,
        connectionTimeoutMillis: CHECK_TIMEOUT_MS,
        application_name: 'banjie-read',
      });
      // A connection that dies (the replica stopped) must not crash the process (see database.ts).
      survivesLostConnections(pool);
      return {
        name: `replica-${i + 1}`,
        target: describeTarget(url),
        pool,
        up: false,
        standby: null,
        lagSeconds: null,
        lastError: 'not checked yet',
        checkedAt: null,
        reads: 0,
        fallbacks: 0,
      };
    });
  }

  /** Checks every replica once (so the first reads already know which are usable), then on an interval. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs ?? 2000);
    this.timer.unref();
  }

  /** Bounded-staleness reads (reports, rankings, audit search): a usable replica, else the primary. */
  readonly pool: Queryable = { query: ((...args: unknown[]) => this.routed(args, null)) as Pool['query'] };

  /**
   * A pool for a read that should include everything committed before it started (lists after the
   * directory caught up): a usable replica once it has replayed the primary's current position
   * (waiting up to `freshWaitMs`), else the primary.
   */
  async fresh(): Promise<Queryable> {
    if (!this.replicas.some((r) => this.usable(r))) return this.primary;
    let lsn: string;
    try {
      lsn = (await this.primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows[0].lsn;
    } catch {
      return this.primary; // the primary's own error will surface on the read itself
    }
    const deadline = Date.now() + this.freshWaitMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      for (const replica of this.candidates()) {
        try {
          const { rows } = await replica.pool.query(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS replayed`, [lsn]);
          // A URL that reached a primary (no replay position) is as fresh as it gets.
          if (rows[0].replayed !== false) return { query: ((...args: unknown[]) => this.routed(args, replica)) as Pool['query'] };
        } catch (error) {
          if (isDatabaseUnavailable(error)) this.markDown(replica, error);
        }
      }
      if (Date.now() + delay > deadline) return this.primary;
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  status(): { maxLagSeconds: number; primaryReads: number; replicas: ReplicaStatus[] } {
    return {
      maxLagSeconds: this.maxLagSeconds,
      primaryReads: this.primaryReads,
      replicas: this.replicas.map((r) => ({
        name: r.name,
        target: r.target,
        up: r.up,
        standby: r.standby,
        lagSeconds: r.lagSeconds === null ? null : Math.round(r.lagSeconds * 1000) / 1000,
        usable: this.usable(r),
        lastError: r.lastError,
        checkedAt: r.checkedAt ? r.checkedAt.toISOString() : null,
        reads: r.reads,
        fallbacks: r.fallbacks,
      })),
    };
  }

  /** One round of checks (concurrent calls share it). */
  check(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => (this.checking = null));
    return this.checking;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking?.catch(() => undefined);
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }

  private async checkAll(): Promise<void> {
    let primaryLsn: string | null = null;
    try {
      primaryLsn = (await within(this.primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`))).rows[0].lsn;
    } catch {
      /* the primary is away (a failover): judge the replicas by their replay timestamps alone */
    }
    await Promise.all(this.replicas.map((r) => this.checkOne(r, primaryLsn)));
  }

  private async checkOne(r: Replica, primaryLsn: string | null): Promise<void> {
    try {
      const { rows } = await within(
        r.pool.query(
          `SELECT pg_is_in_recovery() AS standby,
                  CASE WHEN $1::pg_lsn IS NULL THEN NULL ELSE coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, true) END AS replayed,
                  extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS since`,
          [primaryLsn],
        ),
      );
      const { standby, replayed, since } = rows[0];
      r.standby = standby;
      r.lagSeconds = !standby || replayed ? 0 : since === null ? null : Math.max(0, Number(since));
      r.up = true;
      r.lastError = null;
    } catch (error) {
      this.markDown(r, error);
    }
    r.checkedAt = new Date();
  }

  private usable(r: Replica): boolean {
    return r.up && r.lagSeconds !== null && r.lagSeconds <= this.maxLagSeconds;
  }

  private candidates(): Replica[] {
    const usable = this.replicas.filter((r) => this.usable(r));
    if (usable.length < 2) return usable;
    const start = this.next++ % usable.length;
    return [...usable.slice(start), ...usable.slice(0, start)];
  }

  private markDown(r: Replica, error: unknown): void {
    r.up = false;
    r.lastError = (error as Error)?.message ?? String(error);
  }

  private async routed(args: unknown[], pinned: Replica | null): Promise<QueryResult> {
    const replica = pinned && this.usable(pinned) ? pinned : (this.candidates()[0] ?? null);
    if (replica) {
      try {
        const result = await (replica.pool.query as (...a: unknown[]) => Promise<QueryResult>)(...args);
        replica.reads++;
        return result;
      } catch (error) {
        if (!isDatabaseUnavailable(error) && !isRecoveryConflict(error)) throw error;
        if (isDatabaseUnavailable(error)) this.markDown(replica, error);
        replica.fallbacks++;
      }
    }
    this.primaryReads++;
    return (this.primary.query as (...a: unknown[]) => Promise<QueryResult>)(...args);
  }
}

/** `postgres://user:secret@host:5433/db` → `host:5433/db` (never a credential in /health or logs). */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'unparsable URL';
  }
}

/** Splits READ_DATABASE_URL: one URL or a comma-separated list. */
export function parseReadUrls(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function within<T>(work: Promise<T>, ms = CHECK_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
