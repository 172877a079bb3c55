/**
 * The EventStore port: what the rest of banjie may ask of an event store. Adapters: PostgreSQL
 * through `pg`, and embedded PGlite reached through the same SQL (see database.ts).
 */
import type { SupervisedLoop } from './supervisor';
export type Role = 'officer' | 'supervisor' | 'admin' | 'system' | 'enterprise';

export interface EventMetadata {
  actor: { userId: string; unitId: string | null; role: Role | string };
  correlationId: string;
  causationId: string | null;
  idempotencyKey?: string | null;
  source: 'api' | 'import' | 'watcher' | 'cli' | 'demo' | 'audit';
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
  /** The hash of the stream's last event after the append (the next append's prev hash). */
  lastHash?: string;
}

/** A stream's head as a writer read it: its version (0: no stream) and its last event's hash. */
export interface StreamHead {
  version: number;
  hash: string | null;
}

/**
 * What a writer that decided on a state it holds (a cached aggregate) hands to `append`: the head
 * it believes in. When `head.version` matches the expected version, a stored event at that
 * version with another hash is a conflict as well (ConcurrencyError): the stream is not the one
 * the state was folded from (a reset database).
 */
export interface AppendOptions {
  head?: StreamHead;
}

/** An event as a fold needs it: the columns a command's load decodes. */
export interface FoldEvent {
  streamVersion: number;
  type: string;
  /** The shape's version as stored: the fold upcasts an old shape as every reader does. */
  schemaVersion: number;
  data: Record<string, unknown>;
  occurredAt: Date;
  hash: string;
}

export interface LoadStreamOptions {
  /** The first version to return (default 1): a writer holding the state up to N asks for N + 1. */
  fromVersion?: number;
}

export interface LoadedStream {
  /** The events from `fromVersion` on, in version order. */
  events: FoldEvent[];
  /** The head after these events (version 0, hash null: no stream). */
  head: StreamHead;
  /** The hash of event `fromVersion - 1` as stored now (null when there is none, or fromVersion is 1). */
  baseHash: string | null;
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
  /**
   * Called once per failed attempt (a batch, a read, the connection): answer 'stop' to end the
   * subscription (its `caughtUp` then rejects with the error); otherwise it reports the failure to
   * its supervision, waits the back-off and starts again from the checkpoint stored in the database.
   */
  onError?: (error: unknown, batch: StoredEvent[]) => void | 'stop';
  /** Where the subscription reports its state (supervisor.ts); default: a loop of its own, registered nowhere. */
  supervision?: SupervisedLoop;
}

export interface Subscription {
  readonly name: string;
  /** Resolves once the subscription has read everything committed when it was asked. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/** Events committed after a checkpoint (reader order), whether or not readers may see them yet. */
export interface EventsAfter {
  /** How many, counted up to the `limit` asked (then "at least"). */
  count: number;
  /** When the store took the first of them (null: none), for "how long behind". */
  oldestRecordedAt: Date | null;
}

/** The newest events of the whole store, filtered (the audit trail). Newest first. */
export interface EventSearch {
  /** The acting unit / user (metadata.actor). */
  actorUnitId?: string;
  actorUserId?: string;
  types?: readonly string[];
  /** recordedAt ≥ from, < to. */
  recordedFrom?: Date;
  recordedTo?: Date;
  /** Keyset cursor: only events with a lower position. */
  beforePosition?: number;
  offset?: number;
  limit: number;
}

/** The head of the store: the highest position taken, and the last event in reader order. */
export interface StoreHead {
  position: number;
  checkpoint: Checkpoint;
}

export type BrokenReason =
  /** A row's content no longer gives its stored hash (an UPDATE). */
  | 'hash_mismatch'
  /** A row's prev_hash is not its predecessor's hash (a row replaced or re-chained). */
  | 'prev_hash_mismatch'
  /** Versions missing inside a stream (a DELETE of a middle event): `streamVersion`..`toVersion`. */
  | 'version_gap'
  /** A stream ends before the version a checkpoint vouched for (a DELETE of its last events). */
  | 'events_deleted'
  /** A stream a checkpoint vouched for is gone entirely. */
  | 'stream_deleted'
  /** The event at a vouched-for version is not the one the checkpoint recorded. */
  | 'checkpoint_mismatch'
  /** A checkpoint's signature does not verify with this store's audit key (forged, or another key). */
  | 'checkpoint_signature_invalid'
  /** A checkpoint the anchor table records is missing from the events, or differs (deleted, truncated). */
  | 'checkpoint_deleted';

export interface BrokenLink {
  streamId: string;
  /** The first version concerned. */
  streamVersion: number;
  /** The last version concerned, for a range (missing versions). */
  toVersion?: number;
  /** The position of the row where it was seen (0 when no row is left to point at). */
  position: number;
  reason: BrokenReason;
  /** What happened, in a sentence naming the stream, versions and checkpoint. */
  detail: string;
}

/** How far the chains are anchored by signed checkpoints (docs/event-store.md "Deletion-evident audit"). */
export interface AnchorStatus {
  /** Checkpoints recorded (per the anchor table, which survives a TRUNCATE of events). */
  checkpoints: number;
  last: { sequence: number; recordedAt: string } | null;
  /** Events recorded after what the last checkpoint covers: their deletion is not yet detectable. */
  unanchoredEvents: number;
  /** verify(streamId): the version of this stream the newest checkpoint vouches for (0: none yet). */
  anchoredVersion?: number;
}

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  broken: BrokenLink[];
  anchors: AnchorStatus;
}

/** What one checkpoint run recorded (null from recordCheckpoint: nothing new to anchor). */
export interface CheckpointResult {
  /** The checkpoints written (one per up to 2,000 stream heads). */
  sequences: number[];
  streams: number;
  /** The hash of the last checkpoint event: the value to keep off-site. */
  hash: string;
}

export interface EventStore {
  readonly kind: 'postgres' | 'pglite';
  append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** A writer's load, one statement: the events from a version on (only what a fold needs) and the head. */
  loadStream(streamId: string, options?: LoadStreamOptions): Promise<LoadedStream>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  streamVersion(streamId: string): Promise<number>;
  /** The event with this id, wherever it is stored (null: none): an idempotent retry's first attempt. */
  findEvent(eventId: string): Promise<StoredEvent | null>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent[]>;
  subscribe(name: string, handler: BatchHandler, options?: SubscribeOptions): Subscription;
  checkpoint(name: string): Promise<Checkpoint>;
  /** What a reader at `after` has still to read (lag), of the given types, counted up to `limit`. */
  eventsAfter(after: Checkpoint, options?: { types?: readonly string[]; limit?: number }): Promise<EventsAfter>;
  /** How many events of these types are stored (all when no types are given). */
  countEvents(options?: { types?: readonly string[] }): Promise<number>;
  head(): Promise<StoreHead>;
  /**
   * The audit trail's search over every event: newest first, filtered, paged by offset or position.
   * Bounded staleness: on a read replica when one is configured.
   */
  search(query: EventSearch): Promise<StoredEvent[]>;
  verify(streamId?: string): Promise<VerifyReport>;
  /**
   * Records a signed checkpoint of the head (version + hash) of every stream that changed since
   * the last one, as events of the `audit-checkpoints` stream (background job; never on an append).
   */
  recordCheckpoint(): Promise<CheckpointResult | null>;
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
  constructor(
    readonly eventId: string,
    readonly storedIn: string,
  ) {
    super(`event ${eventId} is already stored in ${storedIn} at another place`);
    this.name = 'DuplicateEventError';
  }
}
