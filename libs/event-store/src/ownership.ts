/**
 * Who runs a subscription (or a singleton job) when several processes share one database: the
 * process that holds its session-level advisory lock (`pg_try_advisory_lock`) on a dedicated
 * connection (DATABASE_DIRECT_URL: pgbouncer in transaction mode carries no session lock). The
 * others stand by and try again every few seconds; when the owner dies or loses its connection,
 * PostgreSQL releases its locks and a stand-by takes over. The lock decides who works; the
 * checkpoint's compare-and-swap stays the fence for the moment two believe they own it (a
 * connection lost under a running batch: that batch's checkpoint update fails and rolls back).
 *
 * PGlite is one process (its data folder is locked): it owns everything.
 */
import { Client } from 'pg';
import type { Supervisor, SupervisedLoop } from './supervisor';

export interface Ownership {
  /** True when this process owns `name` now (taking it if free), false when another does; throws when it cannot tell (the database away). */
  tryAcquire(name: string): Promise<boolean>;
  /** Gives `name` up (a stopping subscription). */
  release(name: string): Promise<void>;
  owns(name: string): boolean;
  /** `listener(names)` when owned names were lost with the connection (their work must stop). */
  onLost(listener: (names: string[]) => void): () => void;
  close(): Promise<void>;
}

export const OWNERSHIP = Symbol('OWNERSHIP');

/** One process, no contention (PGlite; tests that run a Projector alone). */
export class SoleOwnership implements Ownership {
  private readonly owned = new Set<string>();
  async tryAcquire(name: string): Promise<boolean> {
    this.owned.add(name);
    return true;
  }
  async release(name: string): Promise<void> {
    this.owned.delete(name);
  }
  owns(name: string): boolean {
    return this.owned.has(name);
  }
  onLost(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {
    this.owned.clear();
  }
}

/** The first key of every banjie advisory lock ('bj'), so banjie's locks never collide with another application's. */
const LOCK_CLASS = 0x626a;

export class AdvisoryLockOwnership implements Ownership {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private readonly owned = new Set<string>();
  private readonly listeners = new Set<(names: string[]) => void>();
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  private loopOf: SupervisedLoop | null = null;

  constructor(
    private readonly config: Record<string, unknown>,
    private readonly supervisor: Supervisor,
  ) {}

  /** Registered on first use: a process that runs nothing (BANJIE_ROLE=api) shows no such loop. */
  private get loop(): SupervisedLoop {
    return (this.loopOf ??= this.supervisor.register('ownership', 'connection'));
  }

  async tryAcquire(name: string): Promise<boolean> {
    if (this.owned.has(name)) return true;
    if (this.closed) return false;
    // One statement at a time on the one connection.
    const turn = this.queue.then(async () => {
      if (this.owned.has(name)) return true;
      try {
        const client = await this.connection();
        const { rows } = await client.query(`SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS got`, [LOCK_CLASS, name]);
        this.loop.succeeded();
        if (rows[0].got && this.client === client) this.owned.add(name);
        return this.owned.has(name);
      } catch (error) {
        this.loop.failed(error);
        throw error;
      }
    });
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  async release(name: string): Promise<void> {
    if (!this.owned.delete(name)) return;
    const client = this.client;
    const turn = this.queue.then(() =>
      client?.query(`SELECT pg_advisory_unlock($1::int, hashtext($2))`, [LOCK_CLASS, name]).then(() => undefined),
    );
    this.queue = turn.catch(() => undefined);
    await this.queue;
  }

  owns(name: string): boolean {
    return this.owned.has(name);
  }

  onLost(listener: (names: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.owned.clear();
    this.loopOf?.set('stopped');
    this.loopOf?.remove();
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined); // the session's locks go with it
  }

  private connection(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new Client(this.config);
      client.on('error', () => undefined); // heard: the 'end' below does the work
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      client.once('end', () => this.lost(client));
      this.client = client;
      return client;
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  /** The connection is gone and every lock with it: whoever worked under one stops. */
  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    const names = [...this.owned];
    this.owned.clear();
    if (this.closed || names.length === 0) return;
    this.loop.failed(new Error(`the ownership connection was lost; gave up ${names.join(', ')}`));
    for (const l of this.listeners) l(names);
  }
}
