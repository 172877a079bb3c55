/**
 * Blue/green rebuilds: each projection claims generation N+1 and creates its tables (primary keys
 * only); one bulk phase (`replayTogether`) reads the history once — one batch ahead, the union of
 * the types they handle — and feeds every projection's in-memory session, whose rows are written
 * when they leave memory or at the end (COPY on PostgreSQL) together with a heartbeat, the last
 * write with the checkpoint; then, one projection after the other, the deferred indexes and
 * ANALYZE, a subscription catching up from that checkpoint, the projection's `beforeSwitch`, the
 * switch of the active generation in one UPDATE, and the drop of generation N. Fails fast: an
 * error abandons N+1 (its tables dropped); N keeps serving. See docs/projections.md.
 */
import { setFlagsFromString } from 'node:v8';
import type { Pool, PoolClient } from 'pg';
import { copyInto, inTransaction, type EventStore, type StoredEvent, type Subscription, type SupervisedLoop } from '@banjie/event-store';
import { batchHandler, type Mode } from './batch-handler';
import type { GenerationTables } from './generation-tables';
import {
  generationTable,
  subscriptionName,
  type ProjectionContext,
  type ProjectionDefinition,
  type RebuildSession,
  type RebuildSessionOptions,
} from './projection';
import type { ProjectionStore } from './projection-store';
import type { RunnerLogger } from './live-runner';

/**
 * For a process whose job is a rebuild (`cli projections rebuild`): V8 grows its heap by 20 % per
 * major collection instead of its default factor. A rebuild allocates short-lived events and rows
 * fast, and by default V8 lets the old space grow to 3–4× what is live before collecting: at 1M
 * events the peak RSS was 592 MB for a live set near 150 MB; with 20 % it stayed under 300 MB at
 * the same speed (docs/performance.md). Long-running servers keep V8's defaults.
 */
export function tuneHeapForRebuild(percent = 20): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
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

export interface RebuildSettings {
  /** Events per tail transaction; also the read batch of the bulk phase. */
  batchSize: number;
  /** Bulk phase: events read between two writes (each write also renews the rebuild's lease). */
  flushEvents: number;
  /** Bulk phase: entities per model kept in memory between two writes (RebuildSessionOptions). */
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
  private claimed = false;
  private timer: NodeJS.Timeout | null = null;

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

  get name(): string {
    return this.def.name;
  }

  get handles(): readonly string[] {
    return this.def.handles;
  }

  /** Reads of rows a session dropped from memory: committed rows of the generation, outside any write. */
  readContext(): ProjectionContext {
    const { deps, generation } = this;
    return { tx: deps.pool, generation, table: (b) => generationTable(b, generation), mode: 'rebuild' };
  }

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

  /** Claims generation N+1 (dropping a dead rebuild's leftovers) and creates its tables, primary keys only. */
  async prepare(options: RebuildOptions): Promise<void> {
    const { def, deps } = this;
    this.total = await deps.store.countEvents({ types: def.handles });
    const claim = await deps.bookkeeping.claim(def, this.total, options.force ?? false, deps.settings.leaseMs);
    this.generation = claim.generation;
    this.claimed = true;
    if (claim.stale !== null) {
      await deps.tables.drop(def, claim.stale);
      await deps.bookkeeping.forgetCheckpoint(def.name, claim.stale);
    }
    if (options.onProgress) this.timer = setInterval(() => options.onProgress!(this.progress()), options.progressEveryMs ?? 500);
    await deps.tables.create(def, this.generation, true);
    await deps.bookkeeping.forgetCheckpoint(def.name, this.generation);
  }

  /** The bulk phase's state: the projection's own session, or its `apply` run at each write. */
  session(options: RebuildSessionOptions): RebuildSession {
    return this.def.rebuildSession?.(options) ?? applyAtWrite(this.def);
  }

  /** One transaction: claim check + heartbeat, a drained write, and (the last one) the checkpoint. */
  async commit(events: number, write: (ctx: ProjectionContext) => Promise<void>, last: StoredEvent | null): Promise<void> {
    const { def, deps, generation } = this;
    await inTransaction(deps.pool, async (client) => {
      await deps.bookkeeping.heartbeat(client, def.name, generation, events);
      const copyIn = deps.store.kind === 'postgres' ? copyOn(client) : undefined;
      await write({ tx: client, generation, table: (b) => generationTable(b, generation), mode: 'rebuild', copyIn });
      if (last) await deps.bookkeeping.moveCheckpoint(client, def.name, generation, last);
    });
  }

  /**
   * After the bulk phase: indexes, the tail caught up, `beforeSwitch`, the switch, generation N
   * dropped. `adopt` receives the tail subscription when the caller goes on with it as the live
   * one (it returns false to have it stopped instead).
   */
  async finish(options: RebuildOptions, adopt: (tail: Tail) => Promise<boolean>): Promise<RebuildResult> {
    const { def, deps, generation } = this;
    try {
      await deps.tables.buildDeferredIndexes(def, generation);
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
      const previous = await deps.bookkeeping.switchTo(def, generation);
      options.onProgress?.(this.progress());
      if (!(await adopt(tail))) await tail.sub.stop();
      if (previous !== null && previous !== generation) {
        await deps.tables.drop(def, previous);
        await deps.bookkeeping.forgetCheckpoint(def.name, previous);
        await deps.bookkeeping.forgetParked(def.name, previous);
      }
      const seconds = (Date.now() - this.started) / 1000;
      deps.logger.log(
        `projection ${def.name}: rebuilt generation ${generation} (${this.done} events in ${seconds.toFixed(1)} s); now active`,
      );
      return { name: def.name, version: def.version, generation, previousGeneration: previous, events: this.done, seconds };
    } catch (error) {
      await this.fail();
      throw this.failure ?? error;
    } finally {
      this.stopTimer();
    }
  }

  /** Gives up: the tail stopped, generation N+1's tables dropped and its claim released. */
  async fail(): Promise<void> {
    this.stopTimer();
    await this.tail?.sub.stop().catch(() => undefined);
    if (this.claimed) await this.abandon().catch(() => undefined);
  }

  /** Stops a running rebuild; its half-built tables are dropped. */
  async stop(): Promise<void> {
    this.aborted = true;
    await this.tail?.sub.stop();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
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
}

function copyOn(client: PoolClient) {
  return (sql: string, chunks: Iterable<string>) => copyInto(client, sql, chunks);
}

/** A projection without a `rebuildSession`: its events kept until the next write, which applies them. */
function applyAtWrite(def: ProjectionDefinition): RebuildSession {
  let events: StoredEvent[] = [];
  return {
    async apply(batch) {
      for (const e of batch) events.push(e);
    },
    drain() {
      const taken = events;
      events = [];
      return async (ctx) => {
        for (let i = 0; i < taken.length; i += 2000) await def.apply(taken.slice(i, i + 2000), ctx);
      };
    },
    committed: () => undefined,
  };
}

/**
 * The bulk phase of several rebuilds at once: the history is read once, one batch ahead, with the
 * union of the types they handle; each projection's session applies its share in memory. Every
 * `flushEvents` events read, each rebuild writes what its session lets go (one transaction per
 * rebuild, with its heartbeat), while the next batches are read and applied — at most one round of
 * writes in flight, in order; the final round writes the rest with the checkpoint of the last
 * event read. Fails fast: an event a projection cannot take, or a failed write, ends it with that
 * error (the caller abandons every rebuild).
 */
export async function replayTogether(rebuilds: readonly Rebuild[], store: EventStore, settings: RebuildSettings): Promise<void> {
  const parts = rebuilds.map((rebuild) => ({
    rebuild,
    handles: new Set(rebuild.handles),
    session: rebuild.session({ cacheEntities: settings.cacheEntities }),
    unwritten: 0,
  }));
  const types = [...new Set(rebuilds.flatMap((r) => r.handles))];
  const size = settings.batchSize;
  const every = Math.max(size, settings.flushEvents);
  const reader = store.readAll({ batchSize: size, types })[Symbol.asyncIterator]();
  let pending = reader.next();
  let writing = null as Promise<void> | null; // assigned in flush(): a cast, so it is not narrowed to null
  let read = 0;
  let last: StoredEvent | null = null;
  let failed: unknown = null;
  const aborted = () => rebuilds.some((r) => r.aborted);
  const flush = async (final: boolean) => {
    if (writing) {
      await writing; // one round in flight, in order
      for (const p of parts) p.session.committed(); // everything drained so far is in the tables now
    }
    writing = null;
    // Taken now: exactly the events applied so far; the last round carries the checkpoint.
    const round = parts.map((p) => ({ p, events: p.unwritten, write: p.session.drain(final) }));
    for (const p of parts) p.unwritten = 0;
    const at = final ? last : null;
    const w = (async () => {
      for (const { p, events, write } of round) await p.rebuild.commit(events, write, at);
    })();
    writing = w;
    w.catch((error) => (failed ??= error)); // also surfaced when awaited
  };
  try {
    for (;;) {
      const next = await pending;
      if (next.done || aborted()) break;
      if (failed) throw failed; // fail fast: a write failed
      const batch = next.value;
      pending = reader.next(); // read ahead while this batch is applied
      pending.catch(() => undefined); // surfaced when awaited
      for (const p of parts) {
        const mine = batch.filter((e) => p.handles.has(e.type));
        if (mine.length === 0) continue;
        await p.session.apply(mine, p.rebuild.readContext());
        p.unwritten += mine.length;
        p.rebuild.done += mine.length;
      }
      read += batch.length;
      last = batch[batch.length - 1];
      if (read >= every) {
        read = 0;
        await flush(false);
      }
    }
    if (!aborted()) {
      await flush(true);
      await writing;
    }
  } finally {
    if (writing) await writing.catch(() => undefined);
    await reader.return?.(undefined).catch(() => undefined);
  }
  const stopped = rebuilds.find((r) => r.aborted);
  if (stopped) throw new Error(`rebuild of ${stopped.name} stopped`);
}
