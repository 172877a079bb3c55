/**
 * The live agent of one projection's active generation: a subscription from its checkpoint (catch
 * up, then follow), status `catching_up` → `live`, and after a failed batch a new subscription from
 * the checkpoint with back-off (0.5 s doubling to 30 s). A switch to another generation (by a
 * rebuild here or in another process) is handed back to the projector, which starts over on it.
 */
import type { EventStore, Subscription } from '@banjie/event-store';
import { batchHandler, type Mode } from './batch-handler';
import { subscriptionName, type ProjectionDefinition } from './projection';
import { describe, StaleGenerationError, type ProjectionStore } from './projection-store';

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LiveDeps {
  store: EventStore;
  bookkeeping: ProjectionStore;
  logger: RunnerLogger;
  batchSize: number;
  pollMs?: number;
  /** The generation is no longer the active one: the projector restarts the projection. */
  onStale(runner: LiveRunner): void;
  /** Called after each batch this runner applied (readers that wait for a projection). */
  onApplied?(name: string): void;
}

export class LiveRunner {
  private sub: Subscription | null = null;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    readonly def: ProjectionDefinition,
    readonly generation: number,
    private readonly deps: LiveDeps,
    /** Shared with the subscription's handler: a rebuild's tail turns live at the switch. */
    readonly mode: Mode = { value: 'live' },
  ) {}

  start(): void {
    const sub = this.deps.store.subscribe(
      subscriptionName(this.def.name, this.generation),
      batchHandler(this.def, this.generation, this.mode, this.deps.bookkeeping, this.deps.logger, () =>
        this.deps.onApplied?.(this.def.name),
      ),
      { batchSize: this.deps.batchSize, pollMs: this.deps.pollMs, onError: this.errorSink() },
    );
    this.follow(sub);
  }

  /** Takes over a rebuild's tail subscription (its handler shares `mode`, now live). */
  adopt(sub: Subscription, setErrorSink: (sink: (error: unknown) => void) => void): void {
    setErrorSink(this.errorSink());
    this.sub = sub; // caught up already: the switch set the status to live
  }

  /** Resolves once this runner has applied everything committed so far. */
  async caughtUp(): Promise<void> {
    if (this.sub) await this.sub.caughtUp();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.sub?.stop();
  }

  private follow(sub: Subscription): void {
    this.sub = sub;
    void this.markLiveWhenCaughtUp(sub);
  }

  private async markLiveWhenCaughtUp(sub: Subscription): Promise<void> {
    const { bookkeeping } = this.deps;
    try {
      await bookkeeping.setStatus(this.def.name, 'catching_up', ['new', 'catching_up', 'error', 'live', 'outdated'], this.generation);
      await sub.caughtUp();
      if (this.stopped || this.sub !== sub) return;
      await bookkeeping.setStatus(this.def.name, 'live', ['catching_up', 'error', 'new'], this.generation);
      this.failures = 0;
    } catch {
      /* the error sink reports it */
    }
  }

  /** One sink per subscription: a failed batch is reported twice by the subscription (batch, loop). */
  private errorSink(): (error: unknown) => void {
    let reported = false;
    return (error) => {
      if (reported || this.stopped) return;
      reported = true;
      if (error instanceof StaleGenerationError) return this.deps.onStale(this);
      const delay = Math.min(30_000, 500 * 2 ** this.failures);
      this.failures++;
      this.deps.logger.error(`projection ${this.def.name}: live batch failed (${describe(error)}); retrying in ${delay} ms`);
      void this.deps.bookkeeping.recordError(this.def.name, error).catch(() => undefined);
      const failed = this.sub;
      this.retry = setTimeout(() => {
        this.retry = null;
        void (async () => {
          await failed?.stop().catch(() => undefined);
          if (!this.stopped) this.start();
        })();
      }, delay);
    };
  }
}
