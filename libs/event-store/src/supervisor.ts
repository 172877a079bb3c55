/**
 * The one supervisor every background loop of a process runs under (subscriptions, the LISTEN
 * connection, the alerts evaluation, the deadline watcher, the audit checkpoints): a loop reports
 * each success and each failure here; a failure is logged once with its cause (a run of the same
 * cause is not logged again) and answered with the delay before the next attempt — capped
 * exponential back-off with jitter, forever. What the loop resumes from is its own business (a
 * subscription re-reads its checkpoint); what it is doing now is read here by /health,
 * /health/ready, GET /projections and /metrics.
 *
 * A hand-written piece on purpose: the libraries made for retrying (p-retry, cockatiel) give up
 * after N attempts or wrap one call; what is needed is a state per loop that lives forever and that
 * readiness can read.
 */

/**
 * live: doing its job (a subscription: caught up or catching up, no error since its last success);
 * retrying: the last attempt failed, the next is at `nextAttemptAt`; rebuilding: a blue/green
 * rebuild runs; standby: another process owns it (advisory lock), this one waits to take over;
 * stopped: not running (shut down, or given up on for a reason that needs a person).
 */
export type LoopState = 'starting' | 'live' | 'retrying' | 'rebuilding' | 'standby' | 'stopped';

export const LOOP_STATES: readonly LoopState[] = ['starting', 'live', 'retrying', 'rebuilding', 'standby', 'stopped'];

export type LoopKind = 'subscription' | 'job' | 'connection';

export interface LoopStatus {
  name: string;
  kind: LoopKind;
  state: LoopState;
  /** The last failure's cause (kept after recovery, with its time). */
  lastError: string | null;
  lastErrorAt: string | null;
  /** When retrying: when the next attempt starts. */
  nextAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** Failures in a row (0 once an attempt succeeded). */
  failures: number;
  /** Retries scheduled since the process started. */
  retries: number;
}

export interface BackoffOptions {
  /** First delay, ms (default 250). */
  baseMs?: number;
  /** Cap, ms (default 15 000). */
  maxMs?: number;
}

export interface SupervisorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The delay before attempt `failures` + 1: base · 2^(failures − 1), capped, with "equal jitter"
 * (half fixed, half random), so a fleet of workers that lost the database together does not come
 * back in one wave, and no delay is shorter than half its step.
 */
export function backoffDelay(failures: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 250;
  const max = options.maxMs ?? 15_000;
  const step = Math.min(max, base * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** A short, single-line cause: the SQLSTATE when there is one, the message, never a stack. */
export function describeCause(error: unknown): string {
  if (error instanceof Error || (error && typeof error === 'object')) {
    const e = error as { code?: unknown; message?: unknown; driverError?: { code?: unknown } };
    const code = typeof e.code === 'string' ? e.code : typeof e.driverError?.code === 'string' ? e.driverError.code : null;
    const message = typeof e.message === 'string' && e.message ? e.message : String(error);
    return (code && !message.includes(code) ? `${code} ${message}` : message).split('\n')[0].slice(0, 300);
  }
  return String(error).slice(0, 300);
}

/** One supervised loop: what it reports, and what it is told to wait. */
export class SupervisedLoop {
  private status: LoopStatus;
  private lastLogged: string | null = null;

  constructor(
    readonly name: string,
    kind: LoopKind,
    private readonly owner: Supervisor,
    private readonly backoff: BackoffOptions,
  ) {
    this.status = {
      name,
      kind,
      state: 'starting',
      lastError: null,
      lastErrorAt: null,
      nextAttemptAt: null,
      lastSuccessAt: null,
      failures: 0,
      retries: 0,
    };
  }

  get state(): LoopState {
    return this.status.state;
  }

  snapshot(): LoopStatus {
    return { ...this.status };
  }

  /** An attempt did its work: live again (logged once when it had been failing). */
  succeeded(): void {
    const s = this.status;
    if (s.failures > 0) this.owner.logger.log(`${this.name}: recovered after ${s.failures} failed attempt(s)`);
    s.failures = 0;
    s.nextAttemptAt = null;
    s.lastSuccessAt = new Date().toISOString();
    this.lastLogged = null;
    s.state = 'live';
  }

  /** An attempt failed: retrying; answers how long to wait before the next one. */
  failed(error: unknown): number {
    const s = this.status;
    const cause = describeCause(error);
    s.failures++;
    s.retries++;
    const delay = backoffDelay(s.failures, this.backoff);
    s.lastError = cause;
    s.lastErrorAt = new Date().toISOString();
    s.nextAttemptAt = new Date(Date.now() + delay).toISOString();
    s.state = 'retrying';
    if (cause !== this.lastLogged) {
      this.lastLogged = cause;
      this.owner.logger.error(
        `${this.name}: ${cause}; retrying (attempt ${s.failures + 1} in ${delay} ms, then backing off up to ${this.backoff.maxMs ?? 15_000} ms)`,
      );
    }
    this.owner.noteRetry(this);
    return delay;
  }

  /** rebuilding, standby, stopped — or live / starting set by the loop itself. */
  set(state: LoopState): void {
    this.status.state = state;
    if (state !== 'retrying') this.status.nextAttemptAt = null;
  }

  /** The loop is gone for good (shutdown, or replaced): it no longer counts anywhere. */
  remove(): void {
    this.owner.forget(this);
  }
}

/**
 * The loops of one process. Each registers once by a stable name (the projection's name, `listen`,
 * `alerts-evaluation` …); a second registration under a name replaces the first (a projection
 * restarted on another generation is still one subscription).
 */
export class Supervisor {
  private readonly loops = new Map<string, SupervisedLoop>();
  private readonly retryListeners = new Set<(loop: SupervisedLoop) => void>();

  constructor(
    readonly logger: SupervisorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined },
    private readonly backoff: BackoffOptions = {},
  ) {}

  register(name: string, kind: LoopKind, backoff: BackoffOptions = this.backoff): SupervisedLoop {
    const loop = new SupervisedLoop(name, kind, this, backoff);
    this.loops.set(name, loop);
    return loop;
  }

  get(name: string): SupervisedLoop | undefined {
    return this.loops.get(name);
  }

  list(kind?: LoopKind): LoopStatus[] {
    return [...this.loops.values()]
      .filter((l) => !kind || l.snapshot().kind === kind)
      .map((l) => l.snapshot())
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Called on every scheduled retry (the metrics' counter). */
  onRetry(listener: (loop: SupervisedLoop) => void): () => void {
    this.retryListeners.add(listener);
    return () => this.retryListeners.delete(listener);
  }

  /** @internal */
  noteRetry(loop: SupervisedLoop): void {
    for (const l of this.retryListeners) l(loop);
  }

  /** @internal */
  forget(loop: SupervisedLoop): void {
    if (this.loops.get(loop.name) === loop) this.loops.delete(loop.name);
  }
}

/** A sleep that `wake()` cuts short (a stop), bounded by `ms`. */
export function interruptibleSleep(ms: number): { done: Promise<void>; wake: () => void } {
  let wake: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, wake };
}
