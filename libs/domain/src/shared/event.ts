/**
 * A domain event before it is stored: a stable `type` string and its `data`. The envelope
 * (ids, versions, positions, times, metadata, hashes) is added by the event store.
 */
export interface DomainEvent<TType extends string = string, TData extends object = object> {
  type: TType;
  data: TData;
  /**
   * Business time of the fact. `decide` sets it from `CommandContext.occurredAt` (the handler
   * hands it to the store as the envelope's `occurredAt`); `evolve` reads it when present, so a
   * handler rebuilding state should copy it from the stored envelope.
   */
  occurredAt?: Date;
}

/** `decide` and `evolve` of one aggregate (emmett's Decider, without I/O). */
export interface Decider<TCommand, TState, TEvent extends DomainEvent> {
  decide(command: TCommand, state: TState): TEvent[];
  evolve(state: TState, event: TEvent): TState;
  initialState(): TState;
}

/** Fold a stream's events into state. */
export function fold<TState, TEvent>(evolve: (s: TState, e: TEvent) => TState, initial: TState, events: readonly TEvent[]): TState {
  return events.reduce(evolve, initial);
}

export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
