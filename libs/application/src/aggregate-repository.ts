import { Inject, Injectable } from '@nestjs/common';
import {
  asBanjieEvent,
  EventSchemaError,
  fold,
  type BanjieEvent,
  isBanjieEventType,
  schemaVersionOf,
  type CommandContext,
  type DomainEvent,
} from '@banjie/domain';
import {
  ConcurrencyError,
  EVENT_STORE,
  idempotentEventId,
  type EventStore,
  type FoldEvent,
  type StoredEvent,
  type StreamHead,
} from '@banjie/event-store';
import { CLOCK, type Clock } from '@banjie/platform';
import type { Aggregate } from './aggregates';
import type { CommandMeta, CommandResult } from './command-meta';

export interface Loaded<S, E> {
  state: S;
  /** The stream's version (0: no stream yet). */
  version: number;
  events: E[];
}

export interface RunOptions {
  /**
   * A creation command with a client-given id: when the stream exists already and the same
   * command would have written the same data, answer as the first time did (idempotent create).
   */
  creation?: boolean;
}

/**
 * The store's envelope back to the aggregate's event: upcast and checked by asBanjieEvent (so a
 * command decides on the catalogue's current shape, as the read side does), then the aggregate's
 * type guard — an event of another aggregate in this stream is a schema error, not a silent cast.
 */
export function toDomainEvent<S, E extends DomainEvent>(aggregate: Aggregate<S, E>, stored: StoredEvent | FoldEvent): E {
  const event: BanjieEvent = asBanjieEvent(stored);
  if (!aggregate.owns(event)) throw new EventSchemaError(`${stored.type} is not an event of a ${aggregate.name} stream`);
  return event;
}

/** A folded aggregate this process wrote or read: its state at `version`, whose event has `hash`. */
interface CachedAggregate {
  state: unknown;
  version: number;
  hash: string;
}

/** Streams whose folded state a process keeps (least recently used dropped first). */
export const AGGREGATE_CACHE_SIZE = 10_000;

/**
 * The one way a command touches the event store: load the stream, fold evolve, decide, append
 * with the expected version (If-Match or the loaded one), answer `{ id, version }`.
 */
@Injectable()
export class AggregateRepository {
  /**
   * stream → state, version and last hash, in least-recently-used order. A command on a cached
   * stream decides on the cached state and appends with the cached version and hash as the
   * expected head: one statement (`run`). The store checks that head; when the stream has moved
   * on (another process wrote), nothing is written and the command runs again on the stored
   * stream, so the state a command's events rest on is always the stored one.
   */
  private readonly cache = new Map<string, CachedAggregate>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load<S, E extends DomainEvent>(aggregate: Aggregate<S, E>, id: string): Promise<Loaded<S, E>> {
    const { events: stored, head } = await this.store.loadStream(aggregate.stream(id));
    const events = stored.map((e) => toDomainEvent(aggregate, e));
    return { state: fold(aggregate.evolve, aggregate.initial(), events), version: head.version, events };
  }

  /**
   * The load of a command, one statement: from the cached state on when there is one (the events
   * after it), else the whole stream. A cache entry the stream does not confirm (the stored hash
   * at its version differs: a reset database) is dropped and the stream read from the start.
   */
  private async loadForWrite<S, E extends DomainEvent>(aggregate: Aggregate<S, E>, streamId: string, useCache: boolean) {
    const cached = useCache ? this.cache.get(streamId) : undefined;
    if (cached) {
      const loaded = await this.store.loadStream(streamId, { fromVersion: cached.version + 1 });
      if (loaded.baseHash === cached.hash) {
        const state = fold(
          aggregate.evolve,
          cached.state as S,
          loaded.events.map((e) => toDomainEvent(aggregate, e)),
        );
        return { state, head: loaded.head, past: null };
      }
      this.cache.delete(streamId);
    }
    const loaded = await this.store.loadStream(streamId);
    const past = loaded.events.map((e) => toDomainEvent(aggregate, e));
    return { state: fold(aggregate.evolve, aggregate.initial(), past), head: loaded.head, past };
  }

  private remember(streamId: string, entry: CachedAggregate): void {
    const current = this.cache.get(streamId);
    if (current && current.version > entry.version) return; // a later command got there first
    this.cache.delete(streamId); // re-inserted last: most recently used
    this.cache.set(streamId, entry);
    if (this.cache.size > AGGREGATE_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** A referenced aggregate's state, or null when its stream does not exist (for refs). */
  async find<S, E extends DomainEvent>(aggregate: Aggregate<S, E>, id: string | null | undefined): Promise<S | null> {
    if (typeof id !== 'string' || id === '') return null;
    const { state, version } = await this.load(aggregate, id);
    return version === 0 ? null : state;
  }

  /** Business time and system time of a command, from its metadata and the injected clock. */
  context(meta: CommandMeta): CommandContext {
    const now = this.clock.now();
    return { actor: meta.actor, now, occurredAt: meta.occurredAt ?? now, ...(meta.occurredAt ? {} : { occurredAtDefaulted: true }) };
  }

  async run<S, E extends DomainEvent>(
    aggregate: Aggregate<S, E>,
    id: string,
    meta: CommandMeta,
    decide: (state: S, ctx: CommandContext) => E[],
    options: RunOptions = {},
  ): Promise<CommandResult> {
    const streamId = aggregate.stream(id);
    // The command's clock is read before the append, whose database clock becomes the events'
    // recordedAt: business time "now" stays ≤ recordedAt.
    const ctx = this.context(meta);
    const fast = await this.runOnKnownHead(aggregate, streamId, id, meta, ctx, decide, options);
    if (fast) return fast;
    // Creation commands compare with the stream's first events: they always read it whole.
    const { state, head, past } = await this.loadForWrite(aggregate, streamId, !options.creation);
    const version = head.version;
    if (version > 0 && head.hash) this.remember(streamId, { state, version, hash: head.hash });
    if (options.creation && version > 0 && sameCreation(decide, aggregate.initial(), ctx, past ?? [])) return { id, version };
    // A stale If-Match fails before the rules run: the caller decided on a state that is gone.
    if (meta.expectedVersion !== undefined && meta.expectedVersion !== version) {
      throw new ConcurrencyError(streamId, meta.expectedVersion, version);
    }
    const events = decide(state, ctx);
    if (events.length === 0) return { id, version };
    try {
      return await this.write(aggregate, streamId, id, meta, ctx, state, head, events);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      this.cache.delete(streamId);
      // Two identical creations raced and the other one won: the same request answers the same.
      if (options.creation && version === 0) {
        const winner = await this.store.loadStream(streamId);
        const past = winner.events.map((e) => toDomainEvent(aggregate, e));
        if (winner.head.version > 0 && sameCreation(decide, aggregate.initial(), ctx, past)) return { id, version: winner.head.version };
      }
      throw error;
    }
  }

  /**
   * One round trip: decide on a head this process knows — the cached state, or for a creation the
   * empty stream — and append with it as the expected head (version and hash). Null when that
   * is not the stored head (the store wrote nothing), when the rules refuse or decide nothing on
   * it (the answer must come from the stored state), or when an If-Match names another version:
   * `run` then loads the stream and decides again, exactly as without this shortcut.
   */
  private async runOnKnownHead<S, E extends DomainEvent>(
    aggregate: Aggregate<S, E>,
    streamId: string,
    id: string,
    meta: CommandMeta,
    ctx: CommandContext,
    decide: (state: S, ctx: CommandContext) => E[],
    options: RunOptions,
  ): Promise<CommandResult | null> {
    const cached = options.creation ? undefined : this.cache.get(streamId);
    const known = cached
      ? { state: cached.state as S, head: { version: cached.version, hash: cached.hash as string | null } }
      : options.creation
        ? { state: aggregate.initial(), head: { version: 0, hash: null } }
        : null;
    if (!known || (meta.expectedVersion !== undefined && meta.expectedVersion !== known.head.version)) return null;
    let events: E[];
    try {
      events = decide(known.state, ctx);
    } catch {
      return null;
    }
    if (events.length === 0) return null;
    try {
      return await this.write(aggregate, streamId, id, meta, ctx, known.state, known.head, events);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      this.cache.delete(streamId);
      return null;
    }
  }

  /** The append of a command's events on `head` (the expected version and hash), and the cache after it. */
  private async write<S, E extends DomainEvent>(
    aggregate: Aggregate<S, E>,
    streamId: string,
    id: string,
    meta: CommandMeta,
    ctx: CommandContext,
    state: S,
    head: StreamHead,
    events: E[],
  ): Promise<CommandResult> {
    const metadata = {
      actor: { userId: meta.actor.userId, unitId: meta.actor.unitId, role: meta.actor.role },
      correlationId: meta.correlationId,
      causationId: meta.commandId,
      idempotencyKey: meta.idempotencyKey,
      source: meta.source,
      // The command clock's now: recording lag is measured on the clock the commands use
      // (under CLOCK_START it is not the database's clock that stamps recordedAt).
      decidedAt: ctx.now.toISOString(),
    };
    // An HTTP request's Idempotency-Key fixes its events' ids: a retry after a lost answer cannot
    // store them twice (libs/event-store/src/idempotent-ids.ts).
    const keyed = meta.source === 'api' && meta.idempotencyKey ? meta.idempotencyKey : null;
    const written = events.map((e, i) => ({
      ...(keyed ? { eventId: idempotentEventId('api', keyed, i) } : {}),
      type: e.type,
      // the catalogue's current version: readers upcast older ones (libs/domain/src/events.ts)
      schemaVersion: isBanjieEventType(e.type) ? schemaVersionOf(e.type) : 1,
      data: e.data as Record<string, unknown>,
      occurredAt: e.occurredAt ?? ctx.occurredAt,
      metadata,
    }));
    const result = await this.store.append(streamId, head.version === 0 ? 'no_stream' : head.version, written, { head });
    if (!result.duplicate && result.lastHash) {
      // The state after our events, folded as a load would fold them: data as it comes back from jsonb.
      try {
        const stored = written.map(
          (e) => ({ type: e.type, data: JSON.parse(JSON.stringify(e.data)), occurredAt: new Date(e.occurredAt.getTime()) }) as unknown as E,
        );
        this.remember(streamId, { state: fold(aggregate.evolve, state, stored), version: result.nextVersion, hash: result.lastHash });
      } catch {
        this.cache.delete(streamId); // the events are stored; the next command loads them
      }
    }
    return { id, version: result.nextVersion };
  }
}

/** Would the creation command, run on an empty stream, have written exactly the stream's first events? */
function sameCreation<S, E extends DomainEvent>(
  decide: (state: S, ctx: CommandContext) => E[],
  initial: S,
  ctx: CommandContext,
  past: E[],
): boolean {
  let replay: E[];
  try {
    replay = decide(initial, ctx);
  } catch {
    return false;
  }
  return (
    replay.length > 0 &&
    replay.length <= past.length &&
    replay.every((e, i) => e.type === past[i].type && canonicalJson(e.data) === canonicalJson(past[i].data))
  );
}

/** JSON with sorted keys (jsonb does not keep key order), undefined dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
