import type { Pool } from 'pg';
import type { BatchHandler, Checkpoint, StoredEvent, SubscribeOptions, Subscription } from './event-store.port';

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
 * The checkpoint update is guarded by the value it started from: a second process running the
 * same subscription loses that race, rolls back its batch and re-reads the checkpoint.
 */
export class SqlSubscription implements Subscription {
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private unlisten: () => void = () => undefined;
  error: unknown = null;
  checkpoint: Checkpoint | null = null;

  private constructor(
    readonly name: string,
    private readonly store: SubscriptionSource,
    private readonly pool: Pool,
    private readonly handler: BatchHandler,
    private readonly options: SubscribeOptions,
  ) {}

  static start(name: string, store: SubscriptionSource, pool: Pool, handler: BatchHandler, options: SubscribeOptions) {
    const s = new SqlSubscription(name, store, pool, handler, options);
    s.unlisten = store.onAppended(() => s.wakeUp?.());
    s.running = s.loop();
    return s;
  }

  caughtUp(): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.wakeUp?.();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unlisten();
    this.wakeUp?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      await this.pool.query(`INSERT INTO subscriptions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [this.name]);
      this.checkpoint = await this.store.checkpoint(this.name);
      while (!this.stopped) {
        const waiting = this.waiters;
        this.waiters = [];
        const batch = await this.store.readBatch(this.pool, this.checkpoint, this.options.batchSize ?? 500, {
          types: this.options.types,
        });
        if (batch.length === 0) {
          // Committed rows can still be held back by an older transaction that is running (the
          // visibility rule); "caught up" means none is left, so waiters wait for those too.
          if (waiting.length && (await this.heldBack())) {
            this.waiters.unshift(...waiting);
            await this.sleep(20);
            continue;
          }
          waiting.forEach((w) => w.resolve());
          if (this.waiters.length === 0) await this.sleep();
          continue;
        }
        this.waiters.unshift(...waiting); // not caught up yet: ask again after this batch
        await this.apply(batch);
      }
    } catch (error) {
      this.error = error;
      this.options.onError?.(error, []);
    } finally {
      this.unlisten();
      const waiting = this.waiters;
      this.waiters = [];
      waiting.forEach((w) => (this.error ? w.reject(this.error) : w.resolve()));
    }
  }

  private async apply(batch: StoredEvent[]): Promise<void> {
    const from = this.checkpoint!;
    const last = batch[batch.length - 1];
    const client = await this.pool.connect();
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
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      this.options.onError?.(error, batch);
      throw error;
    } finally {
      client.release();
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
