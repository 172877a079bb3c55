import type { Pool } from 'pg';
import type { BatchHandler, Checkpoint, StoredEvent, SubscribeOptions, Subscription } from './event-store.port';
import { interruptibleSleep, Supervisor, type SupervisedLoop } from './supervisor';

/**
 * What a subscription needs from the store that starts it. An interface here rather than the
 * SqlEventStore class, so the store and its subscriptions do not import each other.
 */
export interface SubscriptionSource {
  checkpoint(name: string): Promise<Checkpoint>;
  readBatch(on: Pool, after: Checkpoint, limit: number, filter?: { types?: readonly string[] }): Promise<StoredEvent[]>;
  onAppended(listener: () => void): () => void;
}

/**
 * Catch-up then live: reads batches after the stored checkpoint, hands each to the handler inside
 * a transaction and moves the checkpoint in that same transaction, so a crash anywhere neither
 * loses nor repeats an effect. When there is nothing to read it sleeps until an append is
 * announced (NOTIFY / in-process) or the poll interval passes.
 *
 * Supervised (supervisor.ts): any failure — a lost or terminated connection, the database down, a
 * deadlock — ends the attempt, is reported once, and after a back-off the subscription starts over
 * from the checkpoint in the database (never from memory). It ends only when stopped, or when its
 * owner answers 'stop' to an error (a projection whose generation is no longer active).
 *
 * The checkpoint update is guarded by the value it started from: a second process running the
 * same subscription loses that race, rolls back its batch and re-reads the checkpoint.
 */
export class SqlSubscription implements Subscription {
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private wakeBackoff: (() => void) | null = null;
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private unlisten: () => void = () => undefined;
  private failedBatch: StoredEvent[] = [];
  readonly supervision: SupervisedLoop;
  error: unknown = null;
  checkpoint: Checkpoint | null = null;

  private constructor(
    readonly name: string,
    private readonly store: SubscriptionSource,
    private readonly pool: Pool,
    private readonly handler: BatchHandler,
    private readonly options: SubscribeOptions,
  ) {
    this.supervision = options.supervision ?? new Supervisor().register(name, 'subscription');
  }

  static start(name: string, store: SubscriptionSource, pool: Pool, handler: BatchHandler, options: SubscribeOptions) {
    const s = new SqlSubscription(name, store, pool, handler, options);
    s.unlisten = store.onAppended(() => s.wakeUp?.());
    s.running = s.loop();
    return s;
  }

  caughtUp(): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.wakeUp?.();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unlisten();
    this.wakeUp?.();
    this.wakeBackoff?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped) {
        try {
          await this.attempt();
        } catch (error) {
          if (this.stopped) break;
          const batch = this.failedBatch;
          this.failedBatch = [];
          if (this.options.onError?.(error, batch) === 'stop') {
            this.error = error;
            this.supervision.set('stopped');
            return;
          }
          const pause = interruptibleSleep(this.supervision.failed(error));
          this.wakeBackoff = pause.wake;
          await pause.done;
          this.wakeBackoff = null;
        }
      }
    } finally {
      this.unlisten();
      const waiting = this.waiters;
      this.waiters = [];
      waiting.forEach((w) => (this.error ? w.reject(this.error) : w.resolve()));
    }
  }

  /** From the stored checkpoint until stopped (returns) or a failure (throws). */
  private async attempt(): Promise<void> {
    await this.pool.query(`INSERT INTO subscriptions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [this.name]);
    this.checkpoint = await this.store.checkpoint(this.name);
    while (!this.stopped) {
      let waiting = this.waiters;
      this.waiters = [];
      try {
        const batch = await this.store.readBatch(this.pool, this.checkpoint, this.options.batchSize ?? 500, {
          types: this.options.types,
        });
        if (batch.length === 0) {
          // Committed rows can still be held back by an older transaction that is running (the
          // visibility rule); "caught up" means none is left, so waiters wait for those too.
          if (waiting.length && (await this.heldBack())) {
            this.waiters.unshift(...waiting);
            waiting = [];
            await this.sleep(20);
            continue;
          }
          this.supervision.succeeded();
          waiting.forEach((w) => w.resolve());
          waiting = [];
          if (this.waiters.length === 0) await this.sleep();
          continue;
        }
        this.waiters.unshift(...waiting); // not caught up yet: ask again after this batch
        waiting = [];
        await this.apply(batch);
        this.supervision.succeeded();
      } finally {
        this.waiters.unshift(...waiting); // a failed read: still owed an answer after the retry
      }
    }
  }

  private async apply(batch: StoredEvent[]): Promise<void> {
    const from = this.checkpoint!;
    const last = batch[batch.length - 1];
    this.failedBatch = batch;
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      await this.handler(batch, client);
      const moved = await client.query(
        `UPDATE subscriptions SET transaction_id = $2::xid8, position = $3, updated_at = now()
         WHERE name = $1 AND transaction_id = $4::xid8 AND position = $5`,
        [this.name, last.transactionId, last.position, from.transactionId, from.position],
      );
      if (moved.rowCount === 1) {
        await client.query('COMMIT');
        this.checkpoint = { transactionId: last.transactionId, position: last.position };
      } else {
        await client.query('ROLLBACK'); // another process applied it first
        this.checkpoint = await this.store.checkpoint(this.name);
      }
      this.failedBatch = [];
    } catch (error) {
      // A connection that failed mid-transaction is not given back to the pool for reuse.
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken || undefined);
    }
  }

  private async heldBack(): Promise<boolean> {
    const types = this.options.types?.length ? this.options.types : null;
    const { rows } = await this.pool.query(
      `SELECT EXISTS (SELECT 1 FROM events WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
                        AND ($3::text[] IS NULL OR type = ANY($3::text[]))) AS held`,
      [this.checkpoint!.transactionId, this.checkpoint!.position, types],
    );
    return rows[0].held;
  }

  private sleep(ms = this.options.pollMs ?? 1000): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
