/**
 * The EventStore port: what the rest of banjie may ask of an event store. Adapters: PostgreSQL
 * through `pg`, and embedded PGlite reached through the same SQL (see database.ts).
 */
export type Role = 'officer' | 'supervisor' | 'admin' | 'system' | 'enterprise';

export interface EventMetadata {
  actor: { userId: string; unitId: string | null; role: Role | string };
  correlationId: string;
  causationId: string | null;
  idempotencyKey?: string | null;
  source: 'api' | 'import' | 'watcher' | 'cli' | 'demo';
  [extra: string]: unknown;
}

/** An event as a writer hands it over. */
export interface NewEvent {
  /** Generated when absent. Giving it makes a retried append a no-op (idempotent append). */
  eventId?: string;
  type: string;
  schemaVersion?: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  /** Business time (when it happened in the world); defaults to the store's clock. */
  occurredAt?: Date;
}

/** The envelope of DESIGN §3, as stored. */
export interface StoredEvent<TData = Record<string, unknown>> {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  position: number;
  /** The writing transaction; with `position` it orders a reader's view (see readAll). */
  transactionId: string;
  occurredAt: Date;
  recordedAt: Date;
  data: TData;
  metadata: EventMetadata;
  prevHash: string | null;
  hash: string;
}

export type ExpectedVersion = number | 'no_stream' | 'any';

export interface AppendResult {
  /** The stream's version after the append (the last event's streamVersion). */
  nextVersion: number;
  positions: number[];
  /** True when every event was already stored (a retried request): nothing was written. */
  duplicate: boolean;
}

/**
 * Where a reader stands. Readers order events by (transactionId, position): a transaction that
 * took a lower position but commits later is still delivered after the reader passed higher
 * positions of earlier transactions (see docs/event-store.md).
 */
export interface Checkpoint {
  transactionId: string;
  position: number;
}
export const START: Checkpoint = { transactionId: '0', position: 0 };

export interface ReadStreamOptions {
  direction?: 'forward' | 'backward';
  /** Forward: the first version to return; backward: the last. */
  fromVersion?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  after?: Checkpoint;
  batchSize?: number;
  types?: readonly string[];
  streamPrefix?: string;
  /** Stop after this many events. */
  maxCount?: number;
}

/** A database session handed to subscription handlers: their writes commit with the checkpoint. */
export interface SqlSession {
  query<R extends Record<string, any> = Record<string, any>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

export type BatchHandler = (events: StoredEvent[], tx: SqlSession) => Promise<void>;

export interface SubscribeOptions {
  batchSize?: number;
  types?: readonly string[];
  /** Poll interval when no notification arrives (fallback), ms. */
  pollMs?: number;
  /** Called when a batch fails; the subscription stops (the projector decides to park or retry). */
  onError?: (error: unknown, batch: StoredEvent[]) => void;
}

export interface Subscription {
  readonly name: string;
  /** Resolves once the subscription has read everything committed when it was asked. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

export interface BrokenLink {
  streamId: string;
  streamVersion: number;
  position: number;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'version_gap';
}

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  broken: BrokenLink[];
}

export interface EventStore {
  readonly kind: 'postgres' | 'pglite';
  append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[]): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  streamVersion(streamId: string): Promise<number>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent[]>;
  subscribe(name: string, handler: BatchHandler, options?: SubscribeOptions): Subscription;
  checkpoint(name: string): Promise<Checkpoint>;
  verify(streamId?: string): Promise<VerifyReport>;
  /** Wakes when any process appends (LISTEN/NOTIFY on PostgreSQL, in-process on PGlite). */
  onAppended(listener: () => void): () => void;
}

export class ConcurrencyError extends Error {
  readonly code = 'STREAM.CONCURRENCY';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${expected}, actual ${actual}`);
    this.name = 'ConcurrencyError';
  }
}

/** An eventId already stored somewhere else than where this append would put it. */
export class DuplicateEventError extends Error {
  readonly code = 'STREAM.DUPLICATE_EVENT_ID';
  constructor(readonly eventId: string, readonly storedIn: string) {
    super(`event ${eventId} is already stored in ${storedIn} at another place`);
    this.name = 'DuplicateEventError';
  }
}
