/**
 * The first start's demo load, as the rest of the process sees it (docs/demo.md). `npm start` on an
 * empty embedded store loads the circular's campaign through the command bus, with 2023 business
 * times; until it has finished, the jobs that act on "now" must not touch it: the deadline watcher
 * would record today's overdue facts into streams still being written (the loader resumes by
 * counting its own events per stream), and the alert evaluator would raise alerts on half a
 * campaign. So they wait for this gate, whatever the machine's speed. `/health` and the reports
 * show its progress.
 *
 * Held from the process's start when it may load the demo (DEMO on, embedded store, not the
 * worker alone); the loader opens it when it has finished, found nothing to do, or given up.
 * Any other process gets an open gate.
 */
export type DemoLoadState = 'off' | 'loading' | 'loaded' | 'failed';

export interface DemoLoadStatus {
  state: DemoLoadState;
  /** Steps of the scenario present in the store. */
  loaded: number;
  /** Steps of the scenario up to the clock's now (0 until known). */
  total: number;
  /** Why it gave up (state 'failed'). */
  error?: string;
}

export class DemoGate {
  private current: DemoLoadStatus;
  private readonly opened: Promise<void>;
  private release: () => void = () => undefined;
  private stopping = false;
  private inFlight: Promise<unknown> = Promise.resolve();

  /** `held`: this process may load the demo; the gate stays closed until `finish`. */
  constructor(held = false) {
    this.current = { state: held ? 'loading' : 'off', loaded: 0, total: 0 };
    this.opened = new Promise((resolve) => (this.release = resolve));
    if (!held) this.release();
  }

  get isOpen(): boolean {
    return this.current.state !== 'loading';
  }

  /** Resolves once the demo load is over (at once when there is none). */
  whenOpen(): Promise<void> {
    return this.opened;
  }

  status(): DemoLoadStatus {
    return { ...this.current };
  }

  progress(loaded: number, total: number): void {
    if (this.current.state === 'loading') this.current = { state: 'loading', loaded, total };
  }

  /** The process is shutting down: the loader stops after the batch in flight (the next start resumes). */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** The loader's batch in flight, which a shutdown lets finish before the database closes. */
  track<T>(batch: Promise<T>): Promise<T> {
    this.inFlight = batch.catch(() => undefined);
    return batch;
  }

  /** Nest: modules stop before the database closes (onApplicationShutdown) — let the batch land. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.inFlight;
  }

  /** The load is over: 'loaded' (also: nothing to load), 'off' (no demo in this store), or 'failed'. */
  finish(outcome: Exclude<DemoLoadState, 'loading'>, figures: { loaded?: number; total?: number; error?: string } = {}): void {
    this.current = {
      state: outcome,
      loaded: figures.loaded ?? this.current.loaded,
      total: figures.total ?? this.current.total,
      ...(figures.error ? { error: figures.error } : {}),
    };
    this.release();
  }
}

/** Whether a process with this configuration may load the demo on its first start. */
export function mayLoadDemo(config: { demo: boolean; databaseUrl?: string | null; role: string }): boolean {
  return config.demo && !config.databaseUrl && config.role !== 'worker';
}
