/**
 * The live agent of one projection's active generation: a subscription from its checkpoint (catch
 * up, then follow), status `catching_up` → `live`. The subscription is supervised (the event
 * store's supervisor.ts): after any failure it reports `retrying` with the cause and the next
 * attempt, and starts over from its checkpoint with back-off, forever. A switch to another
 * generation (by a rebuild here or in another process) is handed back to the projector, which
 * starts over on it.
 */
import type { EventStore, SupervisedLoop, Subscription } from '@banjie/event-store';
import { batchHandler, type Mode } from './batch-handler';
import { subscriptionName, type ProjectionDefinition } from './projection';
import { StaleGenerationError, type ProjectionStore } from './projection-store';

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
  /** Where this projection's subscription reports its state (one loop per projection name). */
  supervision: SupervisedLoop;
  /** The generation is no longer the active one: the projector restarts the projection. */
  onStale(runner: LiveRunner): void;
  /** Called after each batch this runner applied (readers that wait for a projection). */
  onApplied?(name: string): void;
}

export class LiveRunner {
  private sub: Subscription | null = null;
  private stopped = false;
  private settling = false;

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
      {
        batchSize: this.deps.batchSize,
        pollMs: this.deps.pollMs,
        onError: (error) => this.onError(error),
        supervision: this.deps.supervision,
      },
    );
    this.sub = sub;
    void this.markLiveWhenCaughtUp();
  }

  /** Takes over a rebuild's tail subscription (its handler shares `mode`, now live). */
  adopt(sub: Subscription, setErrorSink: (sink: (error: unknown) => void | 'stop') => void): void {
    setErrorSink((error) => this.onError(error));
    this.sub = sub; // caught up already: the switch set the status to live
  }

  /** Resolves once this runner has applied everything committed so far. */
  async caughtUp(): Promise<void> {
    if (this.sub) await this.sub.caughtUp();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.sub?.stop();
  }

  /**
   * The bookkeeping row says `catching_up`, then `live` once the subscription has caught up — at
   * start and again after a failure (the row said `error`). Writing it is retried until it lands.
   */
  private async markLiveWhenCaughtUp(): Promise<void> {
    if (this.settling) return;
    this.settling = true;
    const { bookkeeping } = this.deps;
    try {
      await bookkeeping
        .setStatus(this.def.name, 'catching_up', ['new', 'catching_up', 'error', 'live', 'outdated'], this.generation)
        .catch(() => undefined);
      for (;;) {
        try {
          await this.sub?.caughtUp();
          if (this.stopped) return;
          await bookkeeping.setStatus(this.def.name, 'live', ['catching_up', 'error', 'new'], this.generation);
          return;
        } catch {
          if (this.stopped || this.deps.supervision.state === 'stopped') return;
          await new Promise((r) => setTimeout(r, 1000).unref());
        }
      }
    } finally {
      this.settling = false;
    }
  }

  /** A failed attempt of the subscription (its supervision logs it): a stale generation ends it; anything else is retried by it. */
  private onError(error: unknown): void | 'stop' {
    if (this.stopped) return 'stop';
    if (error instanceof StaleGenerationError) {
      this.deps.onStale(this);
      return 'stop';
    }
    // Best effort: with the database away this fails too, and the supervision still says why.
    void this.deps.bookkeeping
      .recordError(this.def.name, error)
      .catch(() => undefined)
      .then(() => this.markLiveWhenCaughtUp());
  }
}
