import { Inject, Injectable } from '@nestjs/common';
import { fold, type CommandContext, type DomainEvent } from '@banjie/domain';
import { ConcurrencyError, EVENT_STORE, type EventStore, type StoredEvent } from '@banjie/event-store';
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

/** The store's envelope back to the domain's event: type, data and business time. */
export function toDomainEvent<E extends DomainEvent>(stored: StoredEvent): E {
  return { type: stored.type, data: stored.data, occurredAt: stored.occurredAt } as unknown as E;
}

/**
 * The one way a command touches the event store: load the stream, fold evolve, decide, append
 * with the expected version (If-Match or the loaded one), answer `{ id, version }`.
 */
@Injectable()
export class AggregateRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load<S, E extends DomainEvent>(aggregate: Aggregate<S, E>, id: string): Promise<Loaded<S, E>> {
    const stored = await this.store.readStream(aggregate.stream(id));
    const events = stored.map((e) => toDomainEvent<E>(e));
    const version = stored.length ? stored[stored.length - 1].streamVersion : 0;
    return { state: fold(aggregate.evolve, aggregate.initial(), events), version, events };
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
    return { actor: meta.actor, now, occurredAt: meta.occurredAt ?? now };
  }

  async run<S, E extends DomainEvent>(
    aggregate: Aggregate<S, E>,
    id: string,
    meta: CommandMeta,
    decide: (state: S, ctx: CommandContext) => E[],
    options: RunOptions = {},
  ): Promise<CommandResult> {
    const streamId = aggregate.stream(id);
    const { state, version, events: past } = await this.load(aggregate, id);
    const ctx = this.context(meta);
    if (options.creation && version > 0 && sameCreation(decide, aggregate.initial(), ctx, past)) return { id, version };
    // A stale If-Match fails before the rules run: the caller decided on a state that is gone.
    if (meta.expectedVersion !== undefined && meta.expectedVersion !== version) {
      throw new ConcurrencyError(streamId, meta.expectedVersion, version);
    }
    const events = decide(state, ctx);
    if (events.length === 0) return { id, version };
    const metadata = {
      actor: { userId: meta.actor.userId, unitId: meta.actor.unitId, role: meta.actor.role },
      correlationId: meta.correlationId,
      causationId: meta.commandId,
      idempotencyKey: meta.idempotencyKey,
      source: meta.source,
    };
    const result = await this.store.append(
      streamId,
      version === 0 ? 'no_stream' : version,
      events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, occurredAt: e.occurredAt ?? ctx.occurredAt, metadata })),
    );
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
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v,
  );
}
