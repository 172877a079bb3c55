/**
 * Lists read their own writes: before answering, a reader waits (briefly) until the read models it
 * reads have applied everything committed when the request came. In a process that runs them the
 * projector says so; otherwise (an API-only process) the read models' checkpoints are compared with
 * the store's head. Past the bound the list answers with what it has: a long transaction anywhere
 * in a PostgreSQL cluster can hold committed events back from every reader (docs/event-store.md) —
 * and says so (`onBehind`: the API's `Read-Models-Behind` response header names them).
 */
import type { Pool } from 'pg';
import type { Checkpoint, EventStore } from '@banjie/event-store';
import { subscriptionName } from './projection';
import type { Projector } from './projector';
import { activeGeneration } from './status';

const reached = (cp: Checkpoint, head: Checkpoint) =>
  BigInt(cp.transactionId) > BigInt(head.transactionId) ||
  (BigInt(cp.transactionId) === BigInt(head.transactionId) && cp.position >= head.position);

type Queryable = Pick<Pool, 'query'>;

export class ReadModelFreshness {
  /**
   * `pool`: where the read models' checkpoints are compared (the primary). `freshPool`: where a
   * caught-up list may read — a read replica once it has replayed what the primary has now (see
   * Database.freshReadPool), else `pool`.
   */
  constructor(
    private readonly pool: Queryable,
    private readonly store: Pick<EventStore, 'head' | 'checkpoint'>,
    private readonly projector: Pick<Projector, 'runs' | 'caughtUp'> | null,
    private readonly options: {
      timeoutMs?: number;
      freshPool?: () => Promise<Queryable>;
      /** Told which read models were still behind when the wait gave up (the API says so in a header). */
      onBehind?: (names: string[]) => void;
    } = {},
  ) {}

  /** Waits until the read models `names` have applied what was committed before; answers the pool to read them on. */
  async wait(...names: string[]): Promise<Queryable> {
    await this.caughtUp(names);
    return this.options.freshPool ? this.options.freshPool() : this.pool;
  }

  private async caughtUp(names: string[]): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const deadline = Date.now() + timeoutMs;
    if (this.projector && names.every((n) => this.projector!.runs(n))) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      let done = false;
      try {
        await Promise.race([
          this.projector
            .caughtUp(...names)
            .then(() => (done = true))
            .catch(() => undefined),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
      if (!done) this.options.onBehind?.(names);
      return;
    }
    const head = (await this.store.head()).checkpoint;
    for (;;) {
      const behind: string[] = [];
      for (const name of names) {
        const generation = await activeGeneration(this.pool, name);
        if (generation === null || !reached(await this.store.checkpoint(subscriptionName(name, generation)), head)) behind.push(name);
      }
      if (behind.length === 0) return;
      if (Date.now() > deadline) return this.options.onBehind?.(behind);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
