/**
 * A blue/green rebuild of one projection: claim generation N+1, fill its tables from the first
 * event (the bulk phase reads the history once, one batch ahead; with a `rebuildSession` the state
 * stays in memory and changes are written in big transactions with the checkpoint), build the
 * deferred indexes, let a subscription catch up from that checkpoint, run the projection's
 * `beforeSwitch`, switch the active generation in one UPDATE, drop generation N. Fails fast: any
 * error abandons N+1 and drops its tables; N keeps serving. See docs/projections.md.
 */
import type { Pool } from 'pg';
import { inTransaction, type EventStore, type StoredEvent, type Subscription, type SupervisedLoop } from '@banjie/event-store';
import { batchHandler, type Mode } from './batch-handler';
import type { GenerationTables } from './generation-tables';
import { generationTable, subscriptionName, type ProjectionContext, type ProjectionDefinition, type RebuildSession } from './projection';
import type { ProjectionStore } from './projection-store';
import type { RunnerLogger } from './live-runner';

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

export interface RebuildSettings {
  /** Events per tail transaction; also the read batch of the bulk phase. */
  batchSize: number;
  /** Bulk phase with a `rebuildSession`: events applied in memory between two writes. */
  flushEvents: number;
  /** Bulk phase with a `rebuildSession`: entities kept in memory at most (RebuildSessionOptions). */
  cacheEntities: number;
  pollMs?: number;
  leaseMs: number;
}

/** The new generation's tail subscription, handed to the projector at the switch (adoption). */
export interface Tail {
  sub: Subscription;
  mode: Mode;
  setErrorSink(sink: (error: unknown) => void | 'stop'): void;
}

export class Rebuild {
  readonly started = Date.now();
  generation = 0;
  done = 0;
  total = 0;
  aborted = false;
  private tail: Tail | null = null;
  private failure: unknown = null;

  constructor(
    private readonly def: ProjectionDefinition,
    private readonly deps: {
      store: EventStore;
      pool: Pool;
      bookkeeping: ProjectionStore;
      tables: GenerationTables;
      logger: RunnerLogger;
      settings: RebuildSettings;
      now: () => Date;
      /** The projection's supervised loop: the tail reports there, and goes on reporting there once live. */
      supervision?: SupervisedLoop;
    },
  ) {}

  progress(): RebuildProgress {
    const elapsedSeconds = (Date.now() - this.started) / 1000;
    const eventsPerSecond = elapsedSeconds > 0 ? this.done / elapsedSeconds : 0;
    const left = Math.max(0, this.total - this.done);
    return {
      name: this.def.name,
      generation: this.generation,
      done: this.done,
      total: Math.max(this.total, this.done),
      eventsPerSecond,
      etaSeconds: eventsPerSecond > 0 ? left / eventsPerSecond : null,
      elapsedSeconds,
    };
  }

  /**
   * Runs up to and including the switch. `adopt` receives the tail subscription when the caller
   * goes on with it as the live one (it returns false to have it stopped instead).
   */
  async run(options: RebuildOptions, adopt: (tail: Tail) => Promise<boolean>): Promise<RebuildResult> {
    const { def, deps } = this;
    const { bookkeeping, tables } = deps;
    this.total = await deps.store.countEvents({ types: def.handles });
    const claim = await bookkeeping.claim(def, this.total, options.force ?? false, deps.settings.leaseMs);
    this.generation = claim.generation;
    if (claim.stale !== null) {
      await tables.drop(def, claim.stale);
      await bookkeeping.forgetCheckpoint(def.name, claim.stale);
    }
    const generation = this.generation;
    const timer = options.onProgress ? setInterval(() => options.onProgress!(this.progress()), options.progressEveryMs ?? 500) : null;
    try {
      await tables.create(def, generation, true);
      await bookkeeping.forgetCheckpoint(def.name, generation);
      // Bulk phase: the history as it stands, read once ahead, only the handled types.
      const session = def.rebuildSession?.({ cacheEntities: deps.settings.cacheEntities });
      if (session) await this.bulkInMemory(session);
      else await this.bulkInBatches();
      await tables.buildDeferredIndexes(def, generation);
      // Tail: a subscription takes over from the bulk phase's checkpoint and catches up.
      const tail = this.startTail();
      await tail.sub.caughtUp();
      if (options.beforeSwitch) await options.beforeSwitch();
      await tail.sub.caughtUp();
      if (this.failure) throw this.failure;
      if (def.beforeSwitch) {
        await def.beforeSwitch({
          generation,
          table: (b) => generationTable(b, generation),
          pool: deps.pool,
          store: deps.store,
          now: deps.now(),
        });
        await tail.sub.caughtUp();
        if (this.failure) throw this.failure;
      }
      if (this.aborted) throw new Error(`rebuild of ${def.name} stopped`);
      const previous = await bookkeeping.switchTo(def, generation);
      options.onProgress?.(this.progress());
      if (!(await adopt(tail))) await tail.sub.stop();
      if (previous !== null && previous !== generation) {
        await tables.drop(def, previous);
        await bookkeeping.forgetCheckpoint(def.name, previous);
        await bookkeeping.forgetParked(def.name, previous);
      }
      const seconds = (Date.now() - this.started) / 1000;
      deps.logger.log(
        `projection ${def.name}: rebuilt generation ${generation} (${this.done} events in ${seconds.toFixed(1)} s); now active`,
      );
      return { name: def.name, version: def.version, generation, previousGeneration: previous, events: this.done, seconds };
    } catch (error) {
      await this.tail?.sub.stop().catch(() => undefined);
      await this.abandon().catch(() => undefined);
      throw this.failure ?? error;
    } finally {
      if (timer) clearInterval(timer);
    }
  }

  /** Stops a running rebuild; its half-built tables are dropped. */
  async stop(): Promise<void> {
    this.aborted = true;
    await this.tail?.sub.stop();
  }

  private async abandon(): Promise<void> {
    await this.deps.bookkeeping.release(this.def.name, this.generation);
    await this.deps.tables.drop(this.def, this.generation);
    await this.deps.bookkeeping.forgetCheckpoint(this.def.name, this.generation);
  }

  private startTail(): Tail {
    const { def, deps, generation } = this;
    const mode: Mode = { value: 'rebuild' };
    // Fail fast while rebuilding: the first error ends the tail (and the rebuild).
    let sink: (error: unknown) => void | 'stop' = (error) => {
      this.failure ??= error;
      return 'stop';
    };
    const sub = deps.store.subscribe(
      subscriptionName(def.name, generation),
      batchHandler(def, generation, mode, deps.bookkeeping, deps.logger, (n) => (this.done += n)),
      { batchSize: deps.settings.batchSize, pollMs: deps.settings.pollMs, onError: (error) => sink(error), supervision: deps.supervision },
    );
    this.tail = { sub, mode, setErrorSink: (s) => (sink = s) };
    return this.tail;
  }

  /** One transaction: claim check + heartbeat, the projection's write, the checkpoint. */
  private async commitBulk(events: number, last: StoredEvent, write: (ctx: ProjectionContext) => Promise<void>): Promise<void> {
    const { def, deps, generation } = this;
    await inTransaction(deps.pool, async (client) => {
      await deps.bookkeeping.heartbeat(client, def.name, generation, events);
      await write({ tx: client, generation, table: (b) => generationTable(b, generation), mode: 'rebuild' });
      await deps.bookkeeping.moveCheckpoint(client, def.name, generation, last);
    });
  }

  /**
   * Bulk phase with the projection's state in memory (`rebuildSession`): the history is read one
   * batch ahead and applied in memory — no row is read back — and every `flushEvents` events the
   * changes since the previous write are written together with the checkpoint of the last event
   * applied, in one transaction; that write runs while the next batches are read and applied (at
   * most one in flight, in order). Fails fast: an event the projection cannot take, or a failed
   * write, ends the bulk phase with that error.
   */
  private async bulkInMemory(session: RebuildSession): Promise<void> {
    const { def, deps, generation } = this;
    const size = deps.settings.batchSize;
    const every = Math.max(size, deps.settings.flushEvents);
    const reader = deps.store.readAll({ batchSize: size, types: def.handles })[Symbol.asyncIterator]();
    let pending = reader.next();
    let writing = null as Promise<void> | null; // assigned in flush(): a cast, so it is not narrowed to null
    let unwritten = 0;
    let last: StoredEvent | null = null;
    let failed: unknown = null;
    // Reads of rows the session dropped from memory: committed rows only, outside any write.
    const readCtx: ProjectionContext = { tx: deps.pool, generation, table: (b) => generationTable(b, generation), mode: 'rebuild' };
    const flush = async () => {
      if (writing) {
        await writing; // one write in flight, in order
        session.committed(); // everything drained so far is in the tables now
      }
      writing = null;
      if (!last || unwritten === 0) return;
      const write = session.drain(); // taken now: exactly the events up to `last`
      const p = this.commitBulk(unwritten, last, write);
      unwritten = 0;
      writing = p;
      p.catch((error) => (failed ??= error)); // also surfaced when awaited
    };
    try {
      for (;;) {
        const next = await pending;
        if (next.done || this.aborted) break;
        if (failed) throw failed; // fail fast: a write failed
        const batch = next.value;
        pending = reader.next(); // read ahead while this batch is applied
        pending.catch(() => undefined); // surfaced when awaited
        await session.apply(batch, readCtx);
        unwritten += batch.length;
        last = batch[batch.length - 1];
        this.done += batch.length;
        if (unwritten >= every) await flush();
      }
      if (!this.aborted) {
        await flush();
        await writing;
      }
    } finally {
      if (writing) await writing.catch(() => undefined);
      await reader.return?.(undefined).catch(() => undefined);
    }
    if (this.aborted) throw new Error(`rebuild of ${def.name} stopped`);
  }

  /** Bulk phase without a session: `apply` per batch, one transaction each. */
  private async bulkInBatches(): Promise<void> {
    const { def, deps } = this;
    const reader = deps.store.readAll({ batchSize: deps.settings.batchSize, types: def.handles })[Symbol.asyncIterator]();
    let pending = reader.next();
    try {
      for (;;) {
        const next = await pending;
        if (next.done || this.aborted) break;
        const batch = next.value;
        pending = reader.next(); // read ahead while this batch is applied
        pending.catch(() => undefined); // surfaced when awaited
        await this.commitBulk(batch.length, batch[batch.length - 1], (ctx) => def.apply(batch, ctx));
        this.done += batch.length;
      }
    } finally {
      await reader.return?.(undefined).catch(() => undefined);
    }
    if (this.aborted) throw new Error(`rebuild of ${def.name} stopped`);
  }
}
