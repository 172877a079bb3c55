/**
 * given/when/then for pure deciders (emmett's DeciderSpecification, without I/O):
 *
 *   spec.given([collected]).when(accept, as(officer)).then([accepted])
 *   spec.given([collected, withdrawn]).when(resolve).thenThrows('ISSUE.WITHDRAWN')
 *
 * `then` compares type and data; the business time a decide stamps on its events is checked
 * by `thenOccurredAt` when a test cares.
 */
import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import type { DomainEvent } from '../shared/event';

export interface DeciderUnderTest<S, E extends DomainEvent, C> {
  initial(): S;
  evolve(state: S, event: E): S;
  decide(state: S, command: C, ctx: CommandContext): E[];
  /** The context used when a test gives none. */
  context(): CommandContext;
}

export interface Then<E> {
  then(expected: Array<Omit<E, 'occurredAt'>>): void;
  thenThrows(code: string, kind?: DomainError['kind']): DomainError;
  /** The raw result, for tests that look closer. */
  result(): E[];
}

function strip<E extends DomainEvent>(events: E[]) {
  return events.map(({ type, data }) => ({ type, data }));
}

export function deciderSpec<S, E extends DomainEvent, C>(d: DeciderUnderTest<S, E, C>) {
  return {
    given(events: E[]) {
      return {
        when(command: C, ctx: CommandContext = d.context()): Then<E> {
          const run = () => d.decide(events.reduce(d.evolve, d.initial()), command, ctx);
          return {
            then(expected) {
              expect(strip(run())).toEqual(expected);
            },
            thenThrows(code, kind) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error).toBeInstanceOf(DomainError);
              const domainError = error as DomainError;
              expect(domainError.code).toBe(code);
              if (kind) expect(domainError.kind).toBe(kind);
              return domainError;
            },
            result: run,
          };
        },
      };
    },
  };
}
