/**
 * The one runtime every read model runs through: for each registered projection, a live agent on
 * its active generation (runtime/live-runner.ts), blue/green rebuilds (runtime/rebuild.ts), each
 * generation's tables from the projection's declarations (runtime/generation-tables.ts) and the
 * bookkeeping in the `projections` table (runtime/projection-store.ts). A projection whose code
 * `version` differs from the one its tables were built with rebuilds itself on start; the old
 * tables serve until the switch. See docs/projections.md.
 */
import type { Pool } from 'pg';
import { SoleOwnership, Supervisor, type EventStore, type Ownership, type SupervisedLoop } from '@banjie/event-store';
import { GenerationTables } from './generation-tables';
import { LiveRunner, type RunnerLogger } from './live-runner';
import type { ProjectionDefinition } from './projection';
import { describe, ProjectionStore, RebuildInProgressError } from './projection-store';
import { Rebuild, replayTogether, type RebuildOptions, type RebuildResult, type RebuildSettings, type Tail } from './rebuild';

export { describe, RebuildInProgressError, StaleGenerationError } from './projection-store';
export { tuneHeapForRebuild } from './rebuild';
export type { RebuildOptions, RebuildProgress, RebuildResult } from './rebuild';

export type ProjectorLogger = RunnerLogger;

export interface ProjectorOptions {
  /** Events per live transaction. */
  batchSize?: number;
  /** Events per rebuild transaction (bigger: fewer commits); also the read batch of the bulk phase. */
  rebuildBatchSize?: number;
  /**
   * Bulk phase of a rebuild: events read between two writes (each rebuilt projection writes what
   * its session lets go in one transaction with its heartbeat; one round is in flight while the
   * next batches are read and applied).
   */
  rebuildFlushEvents?: number;
  /** Bulk phase: entities (issues, …) per model kept in memory between two writes (see RebuildSessionOptions). */
  rebuildCacheEntities?: number;
  /** Poll interval of the subscriptions when no notification arrives, ms. */
  pollMs?: number;
  /** A rebuild whose heartbeat is older than this is considered dead and may be taken over, ms. */
  rebuildLeaseMs?: number;
  /** The business clock a projection's `beforeSwitch` reads (the alerts' "today"). */
  clock?: () => Date;
  logger?: ProjectorLogger;
  /** The process's supervisor: each projection's subscription reports there under the projection's name. */
  supervisor?: Supervisor;
  /**
   * Who runs each projection among the processes on this database (the event store's
   * ownership.ts): a projection runs here only while this process holds its lock; otherwise it
   * stands by and tries again every `standbyRetryMs`. Default: this process owns everything.
   */
  ownership?: Ownership;
  /** How often a stand-by tries to take a projection over, ms (default 2000). */
  standbyRetryMs?: number;
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

const silent: ProjectorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export class Projector {
  private readonly live = new Map<string, LiveRunner>();
  private readonly rebuilds = new Map<string, { rebuild: Rebuild; done: Promise<unknown> }>();
  private readonly appliedListeners = new Set<(name: string) => void>();
  private running = false;
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly logger: ProjectorLogger;
  private readonly bookkeeping: ProjectionStore;
  private readonly tables: GenerationTables;
  readonly supervisor: Supervisor;
  private readonly ownership: Ownership;
  private unfollowLost: () => void = () => undefined;
  /** While `start` runs: the projections found outdated, rebuilt together once it is done. */
  private outdatedAtStart: string[] | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    readonly definitions: readonly ProjectionDefinition[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.logger = options.logger ?? silent;
    this.supervisor = options.supervisor ?? new Supervisor(this.logger);
    this.ownership = options.ownership ?? new SoleOwnership();
    this.bookkeeping = new ProjectionStore(pool);
    this.tables = new GenerationTables(pool);
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
    this.unfollowLost = this.ownership.onLost((names) => void this.lost(names));
    // Projections found outdated while starting rebuild together, in one pass over the history.
    const outdated: string[] = [];
    this.outdatedAtStart = outdated;
    try {
      for (const def of this.definitions) await this.claim(def);
    } finally {
      this.outdatedAtStart = null;
      if (outdated.length) this.selfRebuild(outdated);
    }
  }

  /** The advisory-lock name of a projection's subscription (all its generations). */
  static lockName(name: string): string {
    return `projection:${name}`;
  }

  /** Runs the projection if this process owns it (or can take it now); otherwise stands by and asks again. */
  private async claim(def: ProjectionDefinition): Promise<void> {
    if (!this.running || this.live.has(def.name) || this.rebuilds.has(def.name)) return;
    let owned: boolean;
    try {
      owned = await this.ownership.tryAcquire(Projector.lockName(def.name));
    } catch (error) {
      // Cannot tell who owns it (the database away): retrying, with the cause, not "standby".
      return this.later(() => this.claim(def), this.loopOf(def.name).failed(error));
    }
    if (owned) {
      if (this.loopOf(def.name).state === 'standby') this.logger.log(`projection ${def.name}: took over (its lock was free)`);
      return this.startSupervised(def);
    }
    this.loopOf(def.name).set('standby');
    this.later(() => this.claim(def), this.options.standbyRetryMs ?? 2000);
  }

  /** The locks went with the connection: stop those projections here (another process may own them now) and stand by. */
  private async lost(names: string[]): Promise<void> {
    for (const def of this.definitions) {
      if (!names.includes(Projector.lockName(def.name))) continue;
      const runner = this.live.get(def.name);
      this.live.delete(def.name);
      const delay = this.loopOf(def.name).failed(
        new Error('lost its ownership lock with the connection; stopped here until it is taken again'),
      );
      await runner?.stop().catch(() => undefined);
      this.later(() => this.claim(def), delay);
    }
  }

  private later(fn: () => Promise<void>, ms: number): void {
    if (!this.running) return;
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      void fn();
    }, ms);
    timer.unref();
    this.retries.add(timer);
  }

  /**
   * startOne under supervision: a failure (the database away while the projection starts or
   * restarts, a self-rebuild that failed) is reported and tried again with back-off, forever.
   */
  private async startSupervised(def: ProjectionDefinition): Promise<void> {
    try {
      await this.startOne(def);
    } catch (error) {
      this.retryLater(def, error);
    }
  }

  private retryLater(def: ProjectionDefinition, error: unknown): void {
    if (!this.running) return;
    // claim() again: the lock may have gone with the connection meanwhile
    this.later(() => this.claim(def), this.loopOf(def.name).failed(error));
  }

  /** Stops the live agents and abandons running rebuilds (their half-built tables are dropped). */
  async stop(): Promise<void> {
    this.running = false;
    this.unfollowLost();
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    for (const def of this.definitions) this.supervisor.get(def.name)?.set('stopped');
    const stops: Promise<unknown>[] = [];
    for (const r of this.live.values()) stops.push(r.stop());
    this.live.clear();
    for (const { rebuild, done } of this.rebuilds.values()) {
      stops.push(rebuild.stop());
      stops.push(done.catch(() => undefined));
    }
    await Promise.all(stops);
    for (const def of this.definitions) await this.ownership.release(Projector.lockName(def.name));
  }

  /** Resolves once every live projection (or those named) has applied everything committed so far. */
  async caughtUp(...names: string[]): Promise<void> {
    const runners = names.length ? names.map((n) => this.live.get(n)) : [...this.live.values()];
    for (const r of runners) if (r) await r.caughtUp();
  }

  /** Whether this process runs the projection live (its readers may then wait for it here). */
  runs(name: string): boolean {
    return this.live.has(name);
  }

  /** Called after every live batch of any projection of this process (readers that wait for one). */
  onApplied(listener: (name: string) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /** The generation a live runner of this process serves (tests, diagnostics). */
  liveGeneration(name: string): number | null {
    return this.live.get(name)?.generation ?? null;
  }

  /** The projection's one supervised loop, whatever generation runs. */
  private loopOf(name: string): SupervisedLoop {
    return this.supervisor.get(name) ?? this.supervisor.register(name, 'subscription');
  }

  private async startOne(def: ProjectionDefinition): Promise<void> {
    const row = await this.bookkeeping.ensure(def);
    const lease = this.options.rebuildLeaseMs ?? 60_000;
    if (row.building_generation !== null && !this.rebuilds.has(def.name)) {
      const heartbeat = row.rebuild_heartbeat_at ? new Date(row.rebuild_heartbeat_at).getTime() : 0;
      if (Date.now() - heartbeat > lease) {
        // left by a dead process
        await this.bookkeeping.release(def.name, row.building_generation);
        await this.tables.drop(def, row.building_generation);
        await this.bookkeeping.forgetCheckpoint(def.name, row.building_generation);
      }
    }
    if (!(await this.tables.exist(def, row.generation))) {
      // First start (or tables lost): build generation N from the beginning, in place.
      await this.tables.create(def, row.generation);
      await this.bookkeeping.restartInPlace(def, row.generation);
      this.startLive(def, row.generation);
      return;
    }
    if (row.version !== def.version) {
      this.logger.log(
        `projection ${def.name}: code version ${def.version} ≠ built version ${row.version}; rebuilding (the old tables serve meanwhile)`,
      );
      await this.bookkeeping.setStatus(def.name, 'outdated');
      if (this.outdatedAtStart) this.outdatedAtStart.push(def.name);
      else this.selfRebuild([def.name]);
      return;
    }
    this.startLive(def, row.generation);
  }

  /** Rebuilds outdated projections in the background; a failure is tried again per projection after a back-off. */
  private selfRebuild(names: string[]): void {
    void this.rebuildAll(names).catch((error) => {
      this.logger.error(`projection ${names.join(', ')}: self-rebuild failed: ${describe(error)}`);
      // Tried again (startOne sees the version still differs and rebuilds) after a back-off; one that switched is live
      // and stays; one another process rebuilds is left to it.
      const busy = error instanceof RebuildInProgressError ? error.projection : null;
      for (const name of names) if (name !== busy) this.retryLater(this.definition(name), error);
    });
  }

  private runnerFor(def: ProjectionDefinition, generation: number, mode?: LiveRunner['mode']): LiveRunner {
    return new LiveRunner(
      def,
      generation,
      {
        store: this.store,
        bookkeeping: this.bookkeeping,
        logger: this.logger,
        batchSize: this.options.batchSize ?? 500,
        pollMs: this.options.pollMs,
        supervision: this.loopOf(def.name),
        onStale: (runner) => void this.restart(runner),
        onApplied: (name) => this.appliedListeners.forEach((l) => l(name)),
      },
      mode,
    );
  }

  private startLive(def: ProjectionDefinition, generation: number): void {
    const runner = this.runnerFor(def, generation);
    this.live.set(def.name, runner);
    runner.start();
  }

  /** Another generation became active (a rebuild here or elsewhere): start over on it. */
  private async restart(runner: LiveRunner): Promise<void> {
    await runner.stop().catch(() => undefined);
    if (!this.running || this.live.get(runner.def.name) !== runner) return;
    this.live.delete(runner.def.name);
    await this.startSupervised(runner.def);
  }

  /**
   * Rebuilds one projection blue/green (runtime/rebuild.ts). In a running projector the new
   * generation's subscription goes on as the live one.
   */
  async rebuild(name: string, options: RebuildOptions = {}): Promise<RebuildResult> {
    const [result] = await this.rebuildAll([name], options);
    return result;
  }

  /**
   * Rebuilds several projections (default: all) blue/green in one pass: one read of the history
   * feeds every one of them (runtime/rebuild.ts `replayTogether`); then each catches up and
   * switches, in registry order — the alerts' evaluation before their switch reads the issues and
   * directory read models, which are then already the new ones. A projection that fails to finish
   * does not stop the others from switching; the first failure is thrown after.
   */
  async rebuildAll(names: readonly string[] = this.definitions.map((d) => d.name), options: RebuildOptions = {}): Promise<RebuildResult[]> {
    for (const name of names) this.definition(name); // unknown names are refused before anything starts
    const defs = this.definitions.filter((d) => names.includes(d.name));
    for (const def of defs) {
      const current = this.rebuilds.get(def.name);
      if (current) throw new RebuildInProgressError(def.name, current.rebuild.generation);
    }
    const settings = {
      batchSize: this.options.rebuildBatchSize ?? 2000,
      flushEvents: this.options.rebuildFlushEvents ?? 20_000,
      cacheEntities: this.options.rebuildCacheEntities ?? 5_000,
      pollMs: this.options.pollMs,
      leaseMs: this.options.rebuildLeaseMs ?? 60_000,
    };
    const rebuilds = defs.map(
      (def) =>
        new Rebuild(def, {
          store: this.store,
          pool: this.pool,
          bookkeeping: this.bookkeeping,
          tables: this.tables,
          logger: this.logger,
          now: this.options.clock ?? (() => new Date()),
          supervision: this.running ? this.loopOf(def.name) : undefined,
          settings,
        }),
    );
    const done = this.runTogether(rebuilds, settings, options);
    for (const rebuild of rebuilds) {
      if (this.running && !this.live.has(rebuild.name)) this.loopOf(rebuild.name).set('rebuilding'); // nothing serves it live meanwhile
      this.rebuilds.set(rebuild.name, { rebuild, done });
    }
    try {
      return await done;
    } finally {
      for (const rebuild of rebuilds) this.rebuilds.delete(rebuild.name);
    }
  }

  private async runTogether(rebuilds: readonly Rebuild[], settings: RebuildSettings, options: RebuildOptions): Promise<RebuildResult[]> {
    try {
      for (const rebuild of rebuilds) await rebuild.prepare(options);
      await replayTogether(rebuilds, this.store, settings);
    } catch (error) {
      await Promise.all(rebuilds.map((r) => r.fail()));
      throw error;
    }
    const results: RebuildResult[] = [];
    let failure: unknown = null;
    for (const rebuild of rebuilds) {
      try {
        results.push(await rebuild.finish(options, (tail) => this.adopt(rebuild, tail)));
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
    return results;
  }

  /** A rebuilt generation's tail goes on as the live subscription here — only on the projection's owner. */
  private async adopt(rebuild: Rebuild, tail: Tail): Promise<boolean> {
    const name = rebuild.name;
    // Elsewhere the owner's runner finds its generation stale and moves over.
    if (!this.running || rebuild.aborted || !this.ownership.owns(Projector.lockName(name))) return false;
    const runner = this.runnerFor(this.definition(name), rebuild.generation, tail.mode);
    tail.mode.value = 'live';
    const old = this.live.get(name);
    this.live.set(name, runner);
    runner.adopt(tail.sub, tail.setErrorSink);
    await old?.stop();
    return true;
  }
}
