/**
 * The projector: runs every projection's subscription (catch-up, then live), parks events a
 * projection cannot take while live, and rebuilds a projection blue/green — a new generation
 * of its tables is filled beside the live one and the `projections` row is switched to it
 * atomically once it has caught up; readers resolve the generation per query, so they keep
 * answering from the old tables until that moment. A projection whose code `version` differs from
 * the one its tables were built with rebuilds itself on start. See docs/projections.md.
 */
import type { Pool } from 'pg';
import type { BatchHandler, EventStore, SqlSession, StoredEvent, Subscription } from '@banjie/event-store/event-store.port';
import { generationTable, subscriptionName, type ProjectionContext, type ProjectionDefinition, type RebuildSession } from './projection';
import { inTransaction } from '@banjie/event-store/transaction';

export interface ProjectorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectorOptions {
  /** Events per live transaction. */
  batchSize?: number;
  /** Events per rebuild transaction (bigger: fewer commits); also the read batch of the bulk phase. */
  rebuildBatchSize?: number;
  /**
   * Bulk phase of a projection with a `rebuildSession`: events applied in memory between two
   * writes (each write is one transaction with the checkpoint; one is in flight while the next
   * batches are read and applied).
   */
  rebuildFlushEvents?: number;
  /** Bulk phase with a `rebuildSession`: entities (issues) kept in memory at most (see RebuildSessionOptions). */
  rebuildCacheEntities?: number;
  /** Poll interval of the subscriptions when no notification arrives, ms. */
  pollMs?: number;
  /** A rebuild whose heartbeat is older than this is considered dead and may be taken over, ms. */
  rebuildLeaseMs?: number;
  logger?: ProjectorLogger;
}

export interface RebuildProgress {
  name: string;
  generation: number;
  done: number;
  total: number;
  eventsPerSecond: number;
  /** Seconds left at the current rate; null before the first batch. */
  etaSeconds: number | null;
  elapsedSeconds: number;
}

export interface RebuildOptions {
  onProgress?: (p: RebuildProgress) => void;
  /** How often onProgress is called, ms (default 500). */
  progressEveryMs?: number;
  /** Take over a rebuild another process seems to run. */
  force?: boolean;
  /** Test hook: awaited after catching up, before the switch (the old generation still serves). */
  beforeSwitch?: () => Promise<void>;
}

export interface RebuildResult {
  name: string;
  version: number;
  generation: number;
  previousGeneration: number | null;
  events: number;
  seconds: number;
}

export class StaleGenerationError extends Error {
  constructor(
    readonly projection: string,
    readonly generation: number,
    readonly active: number | null,
  ) {
    super(
      `projection ${projection}: generation ${generation} is no longer ${active === null ? 'being built' : `active (active: ${active})`}`,
    );
    this.name = 'StaleGenerationError';
  }
}

export class RebuildInProgressError extends Error {
  readonly code = 'PROJECTION.REBUILD_IN_PROGRESS';
  constructor(
    readonly projection: string,
    readonly generation: number,
  ) {
    super(`projection ${projection} is already being rebuilt (generation ${generation}); use --force to take it over`);
    this.name = 'RebuildInProgressError';
  }
}

export class UnknownProjectionError extends Error {
  readonly code = 'PROJECTION.UNKNOWN';
  constructor(
    readonly projection: string,
    known: readonly string[],
  ) {
    super(`no projection named ${projection} (known: ${known.join(', ')})`);
    this.name = 'UnknownProjectionError';
  }
}

interface Mode {
  value: 'live' | 'rebuild';
}

interface LiveRunner {
  generation: number;
  sub: Subscription;
  mode: Mode;
  retired: boolean;
  failures: number;
}

interface ActiveRebuild {
  generation: number;
  sub: Subscription | null;
  aborted: boolean;
  done: Promise<unknown>;
}

const silent: ProjectorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export class Projector {
  private readonly live = new Map<string, LiveRunner>();
  private readonly rebuilds = new Map<string, ActiveRebuild>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;
  private readonly logger: ProjectorLogger;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    readonly definitions: readonly ProjectionDefinition[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.logger = options.logger ?? silent;
  }

  definition(name: string): ProjectionDefinition {
    const def = this.definitions.find((d) => d.name === name);
    if (!def)
      throw new UnknownProjectionError(
        name,
        this.definitions.map((d) => d.name),
      );
    return def;
  }

  /** Starts every projection: live on its active generation, or a self-rebuild when its code version changed. */
  async start(): Promise<void> {
    this.running = true;
    for (const def of this.definitions) await this.startOne(def);
  }

  /** Stops the live subscriptions and abandons running rebuilds (their half-built tables are dropped). */
  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const stops: Promise<unknown>[] = [];
    for (const r of this.live.values()) {
      r.retired = true;
      stops.push(r.sub.stop());
    }
    this.live.clear();
    for (const rb of this.rebuilds.values()) {
      rb.aborted = true;
      if (rb.sub) stops.push(rb.sub.stop());
      stops.push(rb.done.catch(() => undefined));
    }
    await Promise.all(stops);
  }

  /** Resolves once every live projection (or the one named) has applied everything committed so far. */
  async caughtUp(name?: string): Promise<void> {
    const runners = name ? [this.live.get(name)] : [...this.live.values()];
    for (const r of runners) if (r) await r.sub.caughtUp();
  }

  /** The generation a live runner of this process serves (tests, diagnostics). */
  liveGeneration(name: string): number | null {
    return this.live.get(name)?.generation ?? null;
  }

  private async startOne(def: ProjectionDefinition): Promise<void> {
    await this.pool.query(
      `INSERT INTO projections (name, version, generation, status) VALUES ($1, $2, 1, 'new') ON CONFLICT (name) DO NOTHING`,
      [def.name, def.version],
    );
    const row = (await this.pool.query(`SELECT * FROM projections WHERE name = $1`, [def.name])).rows[0];
    const lease = this.options.rebuildLeaseMs ?? 60_000;
    if (row.building_generation !== null && !this.rebuilds.has(def.name)) {
      const heartbeat = row.rebuild_heartbeat_at ? new Date(row.rebuild_heartbeat_at).getTime() : 0;
      if (Date.now() - heartbeat > lease) await this.abandon(def, row.building_generation); // left by a dead process
    }
    if (!(await this.tablesExist(def, row.generation))) {
      // First start (or tables lost): build generation N from the beginning, in place.
      await this.createTables(def, row.generation);
      await this.pool.query(`DELETE FROM subscriptions WHERE name = $1`, [subscriptionName(def.name, row.generation)]);
      await this.pool.query(
        `UPDATE projections SET version = $2, status = 'catching_up', parked_count = 0, last_error = NULL, updated_at = now() WHERE name = $1`,
        [def.name, def.version],
      );
      this.startLive(def, row.generation);
      return;
    }
    if (row.version !== def.version) {
      this.logger.log(
        `projection ${def.name}: code version ${def.version} ≠ built version ${row.version}; rebuilding (the old tables serve meanwhile)`,
      );
      await this.pool.query(`UPDATE projections SET status = 'outdated', updated_at = now() WHERE name = $1`, [def.name]);
      void this.rebuild(def.name).catch((error) => this.logger.error(`projection ${def.name}: self-rebuild failed: ${describe(error)}`));
      return;
    }
    this.startLive(def, row.generation);
  }

  private startLive(def: ProjectionDefinition, generation: number): void {
    const mode: Mode = { value: 'live' };
    const runner: LiveRunner = { generation, mode, retired: false, failures: 0, sub: null as unknown as Subscription };
    runner.sub = this.store.subscribe(subscriptionName(def.name, generation), this.handler(def, generation, mode), {
      batchSize: this.options.batchSize ?? 500,
      pollMs: this.options.pollMs,
      onError: (error) => this.onLiveError(def, runner, error),
    });
    this.live.set(def.name, runner);
    void this.markStatusWhenCaughtUp(def, runner);
  }

  private async markStatusWhenCaughtUp(def: ProjectionDefinition, runner: LiveRunner): Promise<void> {
    try {
      await this.pool.query(
        `UPDATE projections SET status = 'catching_up', updated_at = now() WHERE name = $1 AND generation = $2 AND status NOT IN ('parked')`,
        [def.name, runner.generation],
      );
      await runner.sub.caughtUp();
      if (runner.retired) return;
      await this.pool.query(
        `UPDATE projections SET status = 'live', updated_at = now() WHERE name = $1 AND generation = $2 AND status IN ('catching_up', 'error', 'new')`,
        [def.name, runner.generation],
      );
      runner.failures = 0;
    } catch {
      /* onLiveError reports it */
    }
  }

  private onLiveError(def: ProjectionDefinition, runner: LiveRunner, error: unknown): void {
    if (runner.retired || !this.running) return;
    runner.retired = true; // the subscription stops after a failed batch; a new one takes over
    const stale = error instanceof StaleGenerationError;
    const delay = stale ? 0 : Math.min(30_000, 500 * 2 ** runner.failures);
    if (!stale) {
      this.logger.error(`projection ${def.name}: live batch failed (${describe(error)}); retrying in ${delay} ms`);
      void this.pool
        .query(`UPDATE projections SET status = 'error', last_error = $2, last_error_at = now(), updated_at = now() WHERE name = $1`, [
          def.name,
          describe(error),
        ])
        .catch(() => undefined);
    }
    const timer = setTimeout(async () => {
      this.timers.delete(timer);
      await runner.sub.stop().catch(() => undefined);
      if (!this.running || this.live.get(def.name) !== runner) return;
      this.live.delete(def.name);
      try {
        await this.startOne(def);
        const next = this.live.get(def.name);
        if (next && !stale) next.failures = runner.failures + 1;
      } catch (e) {
        this.logger.error(`projection ${def.name}: restart failed: ${describe(e)}`);
        this.live.set(def.name, runner);
        this.onLiveError(def, { ...runner, retired: false, failures: runner.failures + 1 }, e);
      }
    }, delay);
    this.timers.add(timer);
  }

  /**
   * The batch handler. Live: apply the batch; an event the projection refuses, or a batch SQL
   * refuses, is retried event by event under savepoints and the failing events are parked (the
   * rest commits). Rebuild: any error stops the rebuild (fail fast).
   */
  private handler(def: ProjectionDefinition, generation: number, mode: Mode, onBatch?: (n: number) => void): BatchHandler {
    const handles = new Set(def.handles);
    // Subscriptions read every event (so the checkpoint reaches the head and lag means "events
    // not yet seen"); the projection gets only the types it declares.
    return async (all, tx) => {
      const batch = all.filter((e) => handles.has(e.type));
      const ctx: ProjectionContext = { tx, generation, table: (b) => generationTable(b, generation), mode: mode.value };
      if (mode.value === 'rebuild') {
        const claimed = await tx.query(
          `UPDATE projections SET rebuild_heartbeat_at = now(), rebuild_done = coalesce(rebuild_done, 0) + $3
           WHERE name = $1 AND building_generation = $2`,
          [def.name, generation, all.length],
        );
        if (claimed.rowCount !== 1) throw new StaleGenerationError(def.name, generation, null);
        if (batch.length) await def.apply(batch, ctx);
        onBatch?.(all.length);
        return;
      }
      // Holds the projection's row: a switch to another generation waits for this batch to commit.
      const { rows } = await tx.query(`SELECT generation FROM projections WHERE name = $1 FOR NO KEY UPDATE`, [def.name]);
      if (rows[0]?.generation !== generation) throw new StaleGenerationError(def.name, generation, rows[0]?.generation ?? null);
      if (batch.length === 0) return;
      const parked: Array<{ event: StoredEvent; error: unknown }> = [];
      const onEventError = (event: StoredEvent, error: unknown) => parked.push({ event, error });
      await tx.query('SAVEPOINT projection_batch');
      try {
        await def.apply(batch, { ...ctx, onEventError });
        await tx.query('RELEASE SAVEPOINT projection_batch');
      } catch {
        await tx.query('ROLLBACK TO SAVEPOINT projection_batch');
        parked.length = 0;
        for (const event of batch) {
          await tx.query('SAVEPOINT projection_event');
          try {
            await def.apply([event], { ...ctx, onEventError });
            await tx.query('RELEASE SAVEPOINT projection_event');
          } catch (error) {
            await tx.query('ROLLBACK TO SAVEPOINT projection_event');
            parked.push({ event, error });
          }
        }
      }
      onBatch?.(all.length);
      if (parked.length) await this.park(tx, def, generation, parked);
    };
  }

  private async park(tx: SqlSession, def: ProjectionDefinition, generation: number, parked: Array<{ event: StoredEvent; error: unknown }>) {
    const last = parked[parked.length - 1];
    await tx.query(
      `INSERT INTO projection_parked_events (projection, generation, position, event_id, stream_id, type, error)
       SELECT $1, $2, * FROM unnest($3::bigint[], $4::uuid[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT DO NOTHING`,
      [
        def.name,
        generation,
        parked.map((p) => p.event.position),
        parked.map((p) => p.event.eventId),
        parked.map((p) => p.event.streamId),
        parked.map((p) => p.event.type),
        parked.map((p) => describe(p.error)),
      ],
    );
    await tx.query(
      `UPDATE projections SET status = 'parked', parked_count = parked_count + $2, last_error = $3, last_error_at = now(),
              last_error_position = $4, updated_at = now() WHERE name = $1`,
      [def.name, parked.length, `${last.event.type} at position ${last.event.position}: ${describe(last.error)}`, last.event.position],
    );
    this.logger.warn(
      `projection ${def.name}: parked ${parked.length} event(s); last: ${last.event.type} at ${last.event.position}: ${describe(last.error)}`,
    );
  }

  /**
   * Rebuilds one projection blue/green: claims a new generation, fills its tables from the first
   * event (fail fast), switches the active generation in one UPDATE once caught up, then drops the
   * old tables. In a running projector the new generation's subscription goes on as the live one.
   */
  async rebuild(name: string, options: RebuildOptions = {}): Promise<RebuildResult> {
    const def = this.definition(name);
    if (this.rebuilds.has(name)) throw new RebuildInProgressError(name, this.rebuilds.get(name)!.generation);
    const started = Date.now();
    const { generation, total } = await this.claim(def, options.force ?? false);
    const active: ActiveRebuild = { generation, sub: null, aborted: false, done: Promise.resolve() };
    let resolveDone!: () => void;
    active.done = new Promise<void>((r) => (resolveDone = r));
    this.rebuilds.set(name, active);
    let done = 0;
    const progress = (): RebuildProgress => {
      const elapsedSeconds = (Date.now() - started) / 1000;
      const eventsPerSecond = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
      const left = Math.max(0, total - done);
      return {
        name,
        generation,
        done,
        total: Math.max(total, done),
        eventsPerSecond,
        etaSeconds: eventsPerSecond > 0 ? left / eventsPerSecond : null,
        elapsedSeconds,
      };
    };
    const timer = options.onProgress ? setInterval(() => options.onProgress!(progress()), options.progressEveryMs ?? 500) : null;
    const mode: Mode = { value: 'rebuild' };
    let failure: unknown = null;
    try {
      await this.createTables(def, generation, true);
      await this.pool.query(`DELETE FROM subscriptions WHERE name = $1`, [subscriptionName(name, generation)]);
      // Bulk phase: the history as it stands, read once ahead (the next batch is fetched while
      // this one is applied), only the handled types, append-only tables without indexes.
      await this.bulkLoad(def, generation, active, (n) => (done += n));
      await this.createDeferredIndexes(def, generation);
      // Tail: the subscription takes over from the bulk phase's checkpoint and catches up.
      active.sub = this.store.subscribe(
        subscriptionName(name, generation),
        this.handler(def, generation, mode, (n) => (done += n)),
        {
          batchSize: this.options.rebuildBatchSize ?? 2000,
          pollMs: this.options.pollMs,
          onError: (error) => (failure ??= error),
        },
      );
      await active.sub.caughtUp();
      if (options.beforeSwitch) await options.beforeSwitch();
      await active.sub.caughtUp();
      if (failure) throw failure;
      if (active.aborted) throw new Error(`rebuild of ${name} stopped`);
      const previous = await this.switchTo(def, generation);
      options.onProgress?.(progress());
      const adopt = this.running && !active.aborted;
      if (adopt) {
        mode.value = 'live';
        const old = this.live.get(name);
        const runner: LiveRunner = { generation, sub: active.sub, mode, retired: false, failures: 0 };
        this.live.set(name, runner);
        if (old) {
          old.retired = true;
          await old.sub.stop();
        }
      } else {
        await active.sub.stop();
      }
      if (previous !== null && previous !== generation) await this.dropGeneration(def, previous);
      this.logger.log(
        `projection ${name}: rebuilt generation ${generation} (${done} events in ${((Date.now() - started) / 1000).toFixed(1)} s); now active`,
      );
      return { name, version: def.version, generation, previousGeneration: previous, events: done, seconds: (Date.now() - started) / 1000 };
    } catch (error) {
      await active.sub?.stop().catch(() => undefined);
      await this.abandon(def, generation).catch(() => undefined);
      throw failure ?? error;
    } finally {
      if (timer) clearInterval(timer);
      this.rebuilds.delete(name);
      resolveDone();
    }
  }

  /**
   * Applies the history up to now in big transactions, each moving the generation's checkpoint
   * (the `subscriptions` row the tail subscription then continues from). Fails fast.
   */
  private async bulkLoad(
    def: ProjectionDefinition,
    generation: number,
    active: ActiveRebuild,
    onBatch: (n: number) => void,
  ): Promise<void> {
    const session = def.rebuildSession?.({ cacheEntities: this.options.rebuildCacheEntities ?? 10_000 });
    if (session) return this.bulkLoadInMemory(def, generation, active, session, onBatch);
    return this.bulkLoadBatches(def, generation, active, onBatch);
  }

  /** One transaction: claim check + heartbeat, the projection's write, the checkpoint. */
  private async commitBulk(
    def: ProjectionDefinition,
    generation: number,
    events: number,
    last: StoredEvent,
    write: (ctx: ProjectionContext) => Promise<void>,
  ): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const claimed = await client.query(
        `UPDATE projections SET rebuild_heartbeat_at = now(), rebuild_done = coalesce(rebuild_done, 0) + $3
         WHERE name = $1 AND building_generation = $2`,
        [def.name, generation, events],
      );
      if (claimed.rowCount !== 1) throw new StaleGenerationError(def.name, generation, null);
      await write({ tx: client, generation, table: (b) => generationTable(b, generation), mode: 'rebuild' });
      await client.query(
        `INSERT INTO subscriptions (name, transaction_id, position, updated_at) VALUES ($1, $2::xid8, $3, now())
         ON CONFLICT (name) DO UPDATE SET transaction_id = excluded.transaction_id, position = excluded.position, updated_at = now()`,
        [subscriptionName(def.name, generation), last.transactionId, last.position],
      );
    });
  }

  /**
   * Bulk phase with the projection's state in memory (`rebuildSession`): the history is read one
   * batch ahead and applied in memory — no row is read back — and every `rebuildFlushEvents`
   * events the changes since the previous write are written together with the checkpoint of the
   * last event applied, in one transaction; that write runs while the next batches are read and
   * applied (at most one in flight, in order). Fails fast: an event the projection cannot take,
   * or a failed write, ends the bulk phase with that error.
   */
  private async bulkLoadInMemory(
    def: ProjectionDefinition,
    generation: number,
    active: ActiveRebuild,
    session: RebuildSession,
    onBatch: (n: number) => void,
  ): Promise<void> {
    const size = this.options.rebuildBatchSize ?? 2000;
    const every = Math.max(size, this.options.rebuildFlushEvents ?? 10_000);
    const reader = this.store.readAll({ batchSize: size, types: def.handles })[Symbol.asyncIterator]();
    let pending = reader.next();
    let writing: Promise<void> | null = null;
    let unwritten = 0;
    let last: StoredEvent | null = null;
    let failed: unknown = null;
    // Reads of rows the session dropped from memory: committed rows only, outside any write.
    const readCtx: ProjectionContext = { tx: this.pool, generation, table: (b) => generationTable(b, generation), mode: 'rebuild' };
    const flush = async () => {
      if (writing) {
        await writing; // one write in flight, in order
        session.committed(); // everything drained so far is in the tables now
      }
      writing = null;
      if (!last || unwritten === 0) return;
      const write = session.drain(); // taken now: exactly the events up to `last`
      const p = this.commitBulk(def, generation, unwritten, last, write);
      unwritten = 0;
      writing = p;
      p.catch((error) => (failed ??= error)); // also surfaced when awaited
    };
    try {
      for (;;) {
        const next = await pending;
        if (next.done || active.aborted) break;
        if (failed) throw failed; // fail fast: a write failed
        const batch = next.value;
        pending = reader.next(); // read ahead while this batch is applied
        pending.catch(() => undefined); // surfaced when awaited
        await session.apply(batch, readCtx);
        unwritten += batch.length;
        last = batch[batch.length - 1];
        onBatch(batch.length);
        if (unwritten >= every) await flush();
      }
      if (!active.aborted) {
        await flush();
        await writing;
      }
    } finally {
      if (writing) await (writing as Promise<void>).catch(() => undefined);
      await reader.return?.(undefined).catch(() => undefined);
    }
    if (active.aborted) throw new Error(`rebuild of ${def.name} stopped`);
  }

  private async bulkLoadBatches(
    def: ProjectionDefinition,
    generation: number,
    active: ActiveRebuild,
    onBatch: (n: number) => void,
  ): Promise<void> {
    const size = this.options.rebuildBatchSize ?? 2000;
    const reader = this.store.readAll({ batchSize: size, types: def.handles })[Symbol.asyncIterator]();
    let pending = reader.next();
    try {
      for (;;) {
        const next = await pending;
        if (next.done || active.aborted) break;
        const batch = next.value;
        pending = reader.next(); // read ahead while this batch is applied
        pending.catch(() => undefined); // surfaced when awaited
        const last = batch[batch.length - 1];
        await this.commitBulk(def, generation, batch.length, last, (ctx) => def.apply(batch, ctx));
        onBatch(batch.length);
      }
    } finally {
      await reader.return?.(undefined).catch(() => undefined);
    }
    if (active.aborted) throw new Error(`rebuild of ${def.name} stopped`);
  }

  /**
   * The indexes a rebuild defers, built once after the bulk phase: every index of an append-only
   * table, and the non-unique (secondary) indexes of the others (the unique ones stay: upserts need
   * them). Then every table of the generation is ANALYZEd, so the planner knows its size before
   * the first reader comes.
   */
  private async createDeferredIndexes(def: ProjectionDefinition, generation: number): Promise<void> {
    for (const base of def.tables) {
      const t = generationTable(base, generation);
      for (const r of await this.deferredIndexes(def, base)) {
        const sql = String(r.indexdef)
          .replace(` INDEX ${r.indexname} ON `, ` INDEX ${r.indexname}_g${generation} ON `)
          .replace(new RegExp(`ON (\\w+\\.)?${base} USING`), `ON ${t} USING`);
        await this.pool.query(sql);
      }
      await this.pool.query(`ANALYZE ${t}`);
    }
  }

  /** The template indexes of `base` that a rebuild builds after the bulk phase. */
  private async deferredIndexes(def: ProjectionDefinition, base: string): Promise<Array<{ indexname: string; indexdef: string }>> {
    const { rows } = await this.pool.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 ORDER BY indexname`,
      [base],
    );
    const appendOnly = (def.appendOnlyTables ?? []).includes(base);
    return rows.filter((r) => appendOnly || !/^CREATE UNIQUE INDEX /i.test(String(r.indexdef)));
  }

  private async claim(def: ProjectionDefinition, force: boolean): Promise<{ generation: number; total: number }> {
    await this.pool.query(
      `INSERT INTO projections (name, version, generation, status) VALUES ($1, $2, 1, 'new') ON CONFLICT (name) DO NOTHING`,
      [def.name, def.version],
    );
    const total = await this.store.countEvents({ types: def.handles });
    const lease = this.options.rebuildLeaseMs ?? 60_000;
    let stale: number | null = null;
    let generation = 0;
    await inTransaction(this.pool, async (client) => {
      const row = (await client.query(`SELECT * FROM projections WHERE name = $1 FOR UPDATE`, [def.name])).rows[0];
      if (row.building_generation !== null) {
        const heartbeat = row.rebuild_heartbeat_at ? new Date(row.rebuild_heartbeat_at).getTime() : 0;
        if (!force && Date.now() - heartbeat < lease) throw new RebuildInProgressError(def.name, row.building_generation);
        stale = row.building_generation;
      }
      generation = Math.max(row.generation, row.building_generation ?? 0) + 1;
      await client.query(
        `UPDATE projections SET building_generation = $2, building_version = $3, rebuild_started_at = now(),
                rebuild_heartbeat_at = now(), rebuild_total = $4, rebuild_done = 0, updated_at = now() WHERE name = $1`,
        [def.name, generation, def.version, total],
      );
    });
    if (stale !== null) await this.dropTables(def, stale, true);
    return { generation, total };
  }

  /** The atomic switch: one UPDATE of the projection's row. Returns the generation it replaced. */
  private async switchTo(def: ProjectionDefinition, generation: number): Promise<number | null> {
    return inTransaction(this.pool, async (client) => {
      const row = (await client.query(`SELECT generation, building_generation FROM projections WHERE name = $1 FOR UPDATE`, [def.name]))
        .rows[0];
      if (row.building_generation !== generation) throw new StaleGenerationError(def.name, generation, null);
      await client.query(
        `UPDATE projections SET generation = $2, version = $3, building_generation = NULL, building_version = NULL,
                status = 'live', parked_count = 0, last_error = NULL, last_error_at = NULL, last_error_position = NULL,
                updated_at = now() WHERE name = $1`,
        [def.name, generation, def.version],
      );
      return row.generation as number | null;
    });
  }

  private async abandon(def: ProjectionDefinition, generation: number): Promise<void> {
    await this.pool.query(
      `UPDATE projections SET building_generation = NULL, building_version = NULL, rebuild_heartbeat_at = NULL, updated_at = now()
       WHERE name = $1 AND building_generation = $2`,
      [def.name, generation],
    );
    await this.dropTables(def, generation, true);
  }

  private async dropGeneration(def: ProjectionDefinition, generation: number): Promise<void> {
    await this.dropTables(def, generation, true);
    await this.pool.query(`DELETE FROM projection_parked_events WHERE projection = $1 AND generation = $2`, [def.name, generation]);
  }

  private async dropTables(def: ProjectionDefinition, generation: number, withSubscription: boolean): Promise<void> {
    for (const base of def.tables) await this.pool.query(`DROP TABLE IF EXISTS ${generationTable(base, generation)}`);
    if (withSubscription) await this.pool.query(`DELETE FROM subscriptions WHERE name = $1`, [subscriptionName(def.name, generation)]);
  }

  /**
   * Copies of the template tables; with `deferIndexes`, append-only ones without their indexes and
   * the others without their secondary indexes (see createDeferredIndexes).
   */
  private async createTables(def: ProjectionDefinition, generation: number, deferIndexes = false): Promise<void> {
    for (const base of def.tables) {
      const t = generationTable(base, generation);
      const bare = deferIndexes && (def.appendOnlyTables ?? []).includes(base);
      await this.pool.query(`DROP TABLE IF EXISTS ${t}`);
      await this.pool.query(`CREATE TABLE ${t} (LIKE ${base} ${bare ? 'INCLUDING DEFAULTS INCLUDING CONSTRAINTS' : 'INCLUDING ALL'})`);
      if (deferIndexes && !bare && (await this.deferredIndexes(def, base)).length) {
        // The copies LIKE made of the secondary indexes: dropped while the table is empty.
        const { rows } = await this.pool.query(
          `SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = $1::regclass AND NOT x.indisunique`,
          [t],
        );
        for (const r of rows) await this.pool.query(`DROP INDEX "${r.relname}"`);
      }
    }
  }

  private async tablesExist(def: ProjectionDefinition, generation: number): Promise<boolean> {
    const names = def.tables.map((b) => generationTable(b, generation));
    const { rows } = await this.pool.query(
      `SELECT count(*)::int AS n FROM unnest($1::text[]) AS t(name) WHERE to_regclass(t.name) IS NOT NULL`,
      [names],
    );
    return rows[0].n === names.length;
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
