import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Client, type Pool, type PoolClient, type QueryConfig } from 'pg';
import {
  ConcurrencyError,
  DuplicateEventError,
  START,
  type AppendOptions,
  type AppendResult,
  type BatchHandler,
  type FoldEvent,
  type LoadedStream,
  type LoadStreamOptions,
  type CheckpointResult,
  type Checkpoint,
  type EventsAfter,
  type EventSearch,
  type EventStore,
  type StoreHead,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
  type VerifyReport,
} from './event-store.port';
import { canonicalJson } from './hash';
import { SqlSubscription } from './subscription';
import { Supervisor, type SupervisedLoop } from './supervisor';
import { toStoredEvent } from './stored-row';
import { loadAuditKey, type AuditKey } from './anchoring/audit-key';
import { recordCheckpoint } from './anchoring/checkpoint';
import { verifyStore } from './anchoring/verify';

export { toStoredEvent } from './stored-row';

const CHANNEL = 'banjie_events';
const UNIQUE_VIOLATION = '23505';
/** The pause between two NOTIFYs of a busy writer: how late another process may hear of an append. */
const NOTIFY_INTERVAL_MS = 10;

/**
 * The event store in SQL, the same on PostgreSQL and on embedded PGlite (which is reached through
 * the same `pg` pool, sized one). Concurrency rests on the unique (stream_id, stream_version);
 * the readers' visibility rule on transaction ids (see readAll).
 */
export class SqlEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private listener: Client | null = null;
  /** PostgreSQL: a NOTIFY is on its way / another one is owed (see `announce`). */
  private notifying = false;
  private notifyOwed = false;
  private notifyTimer: NodeJS.Timeout | null = null;
  private listening = false;
  private closed = false;
  private listenRetry: NodeJS.Timeout | null = null;
  private listenLoop: SupervisedLoop | null = null;
  /** Where the LISTEN loop reports (the process's supervisor; a private one when none is given). */
  private readonly supervisor: Supervisor;

  constructor(
    readonly kind: 'postgres' | 'pglite',
    private readonly pool: Pool,
    /** PostgreSQL only: where a LISTEN connection may dial. PGlite notifies in-process. */
    private readonly listenConfig: Record<string, unknown> | null = null,
    /**
     * auditSigningKey: AUDIT_SIGNING_KEY; absent → the key generated on the first checkpoint and kept
     * in the database. readPool: where bounded-staleness reads go (the audit search; a read replica
     * with READ_DATABASE_URL), else `pool`.
     */
    private readonly options: { auditSigningKey?: string; readPool?: Pick<Pool, 'query'>; supervisor?: Supervisor } = {},
  ) {
    this.appended.setMaxListeners(0);
    this.supervisor = options.supervisor ?? new Supervisor();
  }

  /**
   * One statement — `banjie_append_one` for one event, `banjie_append` for several (migrations
   * AppendFunction1700000009000, AppendFunctionLean1700000009100): the head read and the
   * expected-version check, the positions and the clock, the hash link and the INSERT, atomic as
   * a statement is. This side sends what it knows of each event's hash input in canonical JSON
   * (`data`, `metadata`, schemaVersion, streamId, type); the function fills in the rest. A
   * conflict writes nothing and answers the stored head; a writer racing to the same version
   * fails on the unique (stream_id, stream_version) (`explain`). Other processes are told by a
   * NOTIFY sent after the commit (`announce`), not inside the transaction: a notifying
   * transaction holds PostgreSQL's global notify lock through its commit, which serialised every
   * append's WAL flush (docs/performance.md).
   *
   * `options.head`: the head the caller decided on (a cached aggregate); a stored head with
   * another hash at that version is a conflict too (a reset database is not a cache hit).
   */
  async append(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const withIds = events.map((e) => ({ ...e, eventId: e.eventId ?? randomUUID() }));
    const expectedHash = options.head && versionMatches(expected, options.head.version) ? options.head.hash : null;
    const expectedVersion = expected === 'any' ? null : expected === 'no_stream' ? 0 : expected;
    // A client of our own, released without the error: pg-pool's `query` destroys a connection
    // whose query failed, and PGlite's one-connection socket is not ready to be re-dialled at once.
    const client = await this.pool.connect();
    let result: AppendResult;
    try {
      const { rows } = await client.query(
        withIds.length === 1
          ? appendOneStatement(streamId, expectedVersion, expectedHash, withIds[0])
          : appendStatement(streamId, expectedVersion, expectedHash, withIds),
      );
      const row = rows[0];
      const positions: string[] | null = withIds.length === 1 ? (row.out_position === null ? null : [row.out_position]) : row.out_positions;
      if (positions === null) {
        const original = await this.findOriginals(client, streamId, expected, withIds);
        if (original) return original;
        throw new ConcurrencyError(streamId, expected, Number(row.out_version));
      }
      result = {
        nextVersion: row.out_version,
        positions: positions.map(Number),
        duplicate: false,
        lastHash: row.out_hash,
      };
    } catch (error) {
      if (error instanceof ConcurrencyError || error instanceof DuplicateEventError) throw error;
      const outcome = await this.explain(error, client, streamId, expected, withIds);
      if (outcome instanceof Error || !('positions' in (outcome as object))) throw outcome;
      result = outcome as AppendResult; // a concurrent retry of the same request: answer as it did
    } finally {
      client.release();
    }
    if (!result.duplicate) {
      this.appended.emit('appended', streamId);
      if (this.kind === 'postgres') this.announce();
    }
    return result;
  }

  /**
   * NOTIFY after the commit, coalesced: at most one in flight, and after one has gone, the next
   * waits NOTIFY_INTERVAL_MS (appends that commit meanwhile are covered by it; an append after a
   * quiet spell is announced at once). A NOTIFY is a
   * round trip and a transaction of its own: one per append cost a busy writer as much Node CPU
   * as the append itself (docs/performance.md); a quiet one still notifies at once. A
   * notify-only transaction has no xid and flushes no WAL, so it holds the notify lock for a
   * moment only. A lost notification costs latency, never events: subscriptions also poll.
   */
  private announce(): void {
    if (this.notifying || this.notifyTimer) {
      this.notifyOwed = true;
      return;
    }
    this.notifying = true;
    this.notifyOwed = false;
    this.pool
      .query({ name: 'banjie_notify', text: `SELECT pg_notify('${CHANNEL}', '')` })
      .catch(() => undefined)
      .finally(() => {
        this.notifying = false;
        if (this.closed) return;
        // A quiet spell after each NOTIFY: appends within it are announced together at its end.
        this.notifyTimer = setTimeout(() => {
          this.notifyTimer = null;
          if (this.notifyOwed && !this.closed) this.announce();
        }, NOTIFY_INTERVAL_MS);
        this.notifyTimer.unref();
      });
  }

  /**
   * A retried append finds its events already stored at the place it asked for: answer as the
   * first time did. Events stored elsewhere are a client bug, not a retry.
   */
  private async findOriginals(
    client: PoolClient | Pool,
    streamId: string,
    expected: ExpectedVersion,
    events: (NewEvent & { eventId: string })[],
  ): Promise<AppendResult | null> {
    const { rows } = await client.query(
      `SELECT event_id, stream_id, stream_version, position, hash FROM events WHERE event_id = ANY($1::uuid[])`,
      [events.map((e) => e.eventId)],
    );
    if (rows.length === 0) return null;
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const first = byId.get(events[0].eventId);
    const firstVersion = typeof expected === 'number' ? expected + 1 : expected === 'no_stream' ? 1 : first?.stream_version;
    const samePlace = events.every((e, i) => {
      const r = byId.get(e.eventId);
      return r && r.stream_id === streamId && r.stream_version === firstVersion + i;
    });
    if (!samePlace) {
      const r = rows[0];
      throw new DuplicateEventError(r.event_id, `${r.stream_id}@${r.stream_version}`);
    }
    const positions = events.map((e) => Number(byId.get(e.eventId).position));
    return {
      nextVersion: firstVersion + events.length - 1,
      positions,
      duplicate: true,
      lastHash: byId.get(events[events.length - 1].eventId).hash,
    };
  }

  /** A racing writer's unique violation becomes the same answer a stale expected version gets. */
  private async explain(
    error: unknown,
    client: PoolClient,
    streamId: string,
    expected: ExpectedVersion,
    events: (NewEvent & { eventId: string })[],
  ): Promise<unknown> {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) return error;
    // The racing writer has committed by now (its unique entry is what we collided with).
    const original = await this.findOriginals(client, streamId, expected, events).catch((e) => e);
    if (original instanceof Error) return original;
    if (original) return original;
    return new ConcurrencyError(streamId, expected, await this.streamVersion(streamId, client));
  }

  async findEvent(eventId: string): Promise<StoredEvent | null> {
    const { rows } = await this.pool.query(`SELECT * FROM events WHERE event_id = $1::uuid`, [eventId]);
    return rows[0] ? toStoredEvent(rows[0]) : null;
  }

  async streamVersion(streamId: string, on: Pool | PoolClient = this.pool): Promise<number> {
    const { rows } = await on.query(`SELECT max(stream_version) AS v FROM events WHERE stream_id = $1`, [streamId]);
    return Number(rows[0].v ?? 0);
  }

  /**
   * One named statement: the head's predecessor hash check and the events from `fromVersion` on
   * as one JSON array (one row to decode, not one per event; only the columns a fold needs).
   */
  async loadStream(streamId: string, options: LoadStreamOptions = {}): Promise<LoadedStream> {
    const from = Math.max(1, options.fromVersion ?? 1);
    const { rows } = await this.pool.query({
      name: 'banjie_load_stream',
      text: `SELECT (SELECT hash FROM events WHERE stream_id = $1::text AND stream_version = $2::int - 1) AS base_hash,
              (SELECT json_agg(json_build_array(stream_version, type, data, floor(extract(epoch FROM occurred_at) * 1000)::float8, hash, schema_version)
                               ORDER BY stream_version)
                 FROM events WHERE stream_id = $1::text AND stream_version >= $2::int) AS events`,
      values: [streamId, from],
    });
    const row = rows[0];
    const baseHash: string | null = row.base_hash ?? null;
    const events: FoldEvent[] = ((row.events ?? []) as [number, string, Record<string, unknown>, number, string, number][]).map(
      ([streamVersion, type, data, occurredAt, hash, schemaVersion]) => ({
        streamVersion,
        type,
        schemaVersion,
        data,
        occurredAt: new Date(occurredAt),
        hash,
      }),
    );
    const last = events[events.length - 1];
    return {
      events,
      head: last ? { version: last.streamVersion, hash: last.hash } : { version: from - 1, hash: baseHash },
      baseHash,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backward = options.direction === 'backward';
    const from = options.fromVersion ?? (backward ? 2 ** 31 - 1 : 1);
    const { rows } = await this.pool.query(
      `SELECT * FROM events WHERE stream_id = $1 AND stream_version ${backward ? '<=' : '>='} $2
       ORDER BY stream_version ${backward ? 'DESC' : 'ASC'} LIMIT $3`,
      [streamId, from, options.maxCount ?? null],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * All events in reader order, in batches. Only transactions older than every transaction still
   * running are read (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`, emmett's rule),
   * and the order is (transaction_id, position): a transaction that took position 5 and commits
   * after another took 6 is still read, after it, rather than skipped.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    let after = options.after ?? START;
    let remaining = options.maxCount ?? Infinity;
    const batchSize = options.batchSize ?? 1000;
    while (remaining > 0) {
      const limit = Math.min(batchSize, remaining);
      const rows = await this.readBatch(this.pool, after, limit, options);
      if (rows.length > 0) yield rows;
      if (rows.length < limit) return;
      remaining -= rows.length;
      const last = rows[rows.length - 1];
      after = { transactionId: last.transactionId, position: last.position };
    }
  }

  /** One page after `after` under the visibility rule. */
  async readBatch(
    on: { query: Pool['query'] } | PoolClient,
    after: Checkpoint,
    limit: number,
    filter: { types?: readonly string[]; streamPrefix?: string } = {},
  ): Promise<StoredEvent[]> {
    const params: unknown[] = [after.transactionId, after.position, limit];
    let where = '';
    if (filter.types?.length) {
      params.push(filter.types);
      where += ` AND type = ANY($${params.length}::text[])`;
    }
    if (filter.streamPrefix) {
      params.push(filter.streamPrefix.replace(/[\\%_]/g, '\\$&') + '%');
      where += ` AND stream_id LIKE $${params.length}`;
    }
    const { rows } = await (on as Pool).query(
      `SELECT * FROM events
       WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())${where}
       ORDER BY transaction_id, position
       LIMIT $3`,
      params,
    );
    return rows.map(toStoredEvent);
  }

  subscribe(name: string, handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    this.ensureListening();
    return SqlSubscription.start(name, this, this.pool, handler, options);
  }

  async checkpoint(name: string): Promise<Checkpoint> {
    const { rows } = await this.pool.query(`SELECT transaction_id::text AS t, position FROM subscriptions WHERE name = $1`, [name]);
    return rows[0] ? { transactionId: rows[0].t, position: Number(rows[0].position) } : START;
  }

  async eventsAfter(after: Checkpoint, options: { types?: readonly string[]; limit?: number } = {}): Promise<EventsAfter> {
    const types = options.types?.length ? options.types : null;
    const { rows } = await this.pool.query(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM events
                 WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND ($3::text[] IS NULL OR type = ANY($3::text[]))
                 LIMIT $4) x) AS n,
              (SELECT recorded_at FROM events
                 WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND ($3::text[] IS NULL OR type = ANY($3::text[]))
                 ORDER BY transaction_id, position LIMIT 1) AS oldest`,
      [after.transactionId, after.position, types, options.limit ?? null],
    );
    return { count: rows[0].n, oldestRecordedAt: rows[0].oldest ?? null };
  }

  async countEvents(options: { types?: readonly string[] } = {}): Promise<number> {
    const types = options.types?.length ? options.types : null;
    const { rows } = await this.pool.query(`SELECT count(*)::bigint AS n FROM events WHERE $1::text[] IS NULL OR type = ANY($1::text[])`, [
      types,
    ]);
    return Number(rows[0].n);
  }

  async head(): Promise<StoreHead> {
    const { rows } = await this.pool.query(
      `SELECT (SELECT coalesce(max(position), 0) FROM events) AS max,
              l.transaction_id::text AS t, l.position
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT transaction_id, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1) l ON true`,
    );
    const r = rows[0];
    return { position: Number(r.max), checkpoint: r.t === null ? START : { transactionId: r.t, position: Number(r.position) } };
  }

  /**
   * Newest first by position; each filter is an index scan in position order that stops after one
   * page (indexes of EventStoreAuditIndexes1700000005000).
   */
  async search(query: EventSearch): Promise<StoredEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.actorUnitId) add(`(metadata->'actor'->>'unitId') = ?`, query.actorUnitId);
    if (query.actorUserId) add(`(metadata->'actor'->>'userId') = ?`, query.actorUserId);
    if (query.types?.length) add(`type = ANY(?::text[])`, query.types);
    if (query.recordedFrom) add(`recorded_at >= ?`, query.recordedFrom);
    if (query.recordedTo) add(`recorded_at < ?`, query.recordedTo);
    if (query.beforePosition !== undefined) add(`position < ?`, query.beforePosition);
    params.push(query.limit, query.offset ?? 0);
    const { rows } = await (this.options.readPool ?? this.pool).query(
      `SELECT * FROM events ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY position DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map(toStoredEvent);
  }

  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  /**
   * PostgreSQL: other processes' appends arrive by NOTIFY on a connection outside the pool. A
   * supervised loop (`listen` in /health): when the connection drops it is re-opened with back-off,
   * forever; meanwhile the subscriptions poll (a lost notification costs latency, never events),
   * and once it is back every subscription is woken once, for what it may have missed.
   */
  private ensureListening(): void {
    if (!this.listenConfig || this.listening) return;
    this.listening = true;
    const loop = (this.listenLoop = this.supervisor.register('listen', 'connection'));
    const connect = async () => {
      if (this.closed) return;
      let client: Client | null = null;
      try {
        client = new Client(this.listenConfig!);
        // Registered before connect: an 'error' nobody hears would crash the process.
        client.on('error', () => undefined);
        client.on('notification', (msg) => this.appended.emit('appended', msg.payload));
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
      } catch (error) {
        // Every failure of an attempt (even constructing the client) is the loop's to retry:
        // a timer's rejected promise would be an unhandled rejection.
        await client?.end().catch(() => undefined);
        return retry(error);
      }
      if (this.closed) return void client.end().catch(() => undefined);
      this.listener = client;
      loop.succeeded();
      this.appended.emit('appended', null);
      client.once('end', () => {
        if (this.listener === client) this.listener = null;
        if (!this.closed) retry(new Error('the LISTEN connection was closed'));
      });
    };
    const retry = (error: unknown) => {
      if (this.closed) return;
      this.listenRetry = setTimeout(() => void connect(), loop.failed(error));
      this.listenRetry.unref();
    };
    void connect();
  }
  /**
   * The chains, the signed checkpoints' claims and the anchor table (anchoring/verify.ts): a changed
   * row, a deleted middle or last event, a deleted stream, deleted checkpoints and an emptied table
   * are each named. What the last checkpoint does not cover yet is counted (`anchors.unanchoredEvents`).
   */
  async verify(streamId?: string): Promise<VerifyReport> {
    return verifyStore(this.pool, await this.auditKey(false), streamId);
  }

  /** A signed checkpoint of the heads of every stream changed since the last one (anchoring/checkpoint.ts). */
  async recordCheckpoint(): Promise<CheckpointResult | null> {
    const key = await this.auditKey(true);
    return recordCheckpoint(this, this.pool, key!);
  }

  private async auditKey(create: boolean): Promise<AuditKey | null> {
    return loadAuditKey(this.pool, this.options.auditSigningKey, create);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.listenRetry) clearTimeout(this.listenRetry);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.listenLoop?.set('stopped');
    this.listenLoop?.remove();
    const l = this.listener;
    this.listener = null;
    if (l) await l.end().catch(() => undefined);
    this.appended.removeAllListeners();
  }
}

/**
 * The reader-order scan `readAll` pages through, for a tool that streams it raw: the bench's
 * baseline (the limit of any reader) runs it through pg-query-stream. Nothing in banjie uses it.
 */
export function rawReaderOrderScan(): { text: string; values: unknown[] } {
  return { text: 'SELECT * FROM events ORDER BY transaction_id, position', values: [] };
}

/**
 * For the bench's raw PostgreSQL baselines, which measure plain SQL beside the store: a twin of the
 * event table (same columns, defaults, constraints, indexes) under another name, and fresh planner
 * statistics of the event table (VACUUM ANALYZE, outside a transaction), and its rows to copy into
 * a peer store's tables. Nothing in banjie uses them.
 */
export const rawBaseline = {
  createTwinTableSql: (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad table name ${name}`);
    return `CREATE TABLE ${name} (LIKE events INCLUDING ALL)`;
  },
  vacuumAnalyzeSql: 'VACUUM (ANALYZE) events',
  /** Every stored row, as a subquery for filling a peer's tables with the same history. */
  eventRowsSql: 'SELECT * FROM events',
};

type IdentifiedEvent = NewEvent & { eventId: string };

/** What the append functions hash beside data and metadata: `,"schemaVersion":…,"streamId":…,"streamVersion":` (the version is theirs). */
const hashTail = (e: NewEvent, streamJson: string) =>
  `,"schemaVersion":${JSON.stringify(e.schemaVersion ?? 1)},"streamId":${streamJson},"streamVersion":`;
const hashEnd = (e: NewEvent) => `,"type":${JSON.stringify(e.type)}}`;

/**
 * One event: `banjie_append_one` (migration AppendFunctionLean1700000009100), scalars only — the
 * common case, without array encoding on either side.
 */
function appendOneStatement(streamId: string, expected: number | null, expectedHash: string | null, e: IdentifiedEvent): QueryConfig {
  return {
    name: 'banjie_append_one',
    text: 'SELECT out_version, out_hash, out_position FROM banjie_append_one($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
    values: [
      streamId,
      expected,
      expectedHash,
      e.eventId,
      e.type,
      e.schemaVersion ?? 1,
      e.occurredAt ? truncateMs(e.occurredAt) : null,
      canonicalJson(e.data),
      canonicalJson(e.metadata),
      hashTail(e, JSON.stringify(streamId)),
      hashEnd(e),
    ],
  };
}

/** Several events: `banjie_append`, one array per field, in order. */
function appendStatement(streamId: string, expected: number | null, expectedHash: string | null, events: IdentifiedEvent[]): QueryConfig {
  const streamJson = JSON.stringify(streamId);
  return {
    name: 'banjie_append',
    text: 'SELECT out_version, out_hash, out_positions FROM banjie_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
    values: [
      streamId,
      expected,
      expectedHash,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion ?? 1),
      events.map((e) => (e.occurredAt ? truncateMs(e.occurredAt) : null)),
      events.map((e) => canonicalJson(e.data)),
      events.map((e) => canonicalJson(e.metadata)),
      events.map((e) => hashTail(e, streamJson)),
      events.map(hashEnd),
    ],
  };
}

function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  return expected === actual;
}

function truncateMs(d: Date): Date {
  return new Date(Math.floor(d.getTime()));
}
