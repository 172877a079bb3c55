import { ProblemError } from '@banjie/platform';
import type { DomainEvent } from '@banjie/domain';
import type { Aggregate, AggregateRepository } from '@banjie/application';

type Reply = { header(name: string, value: string): unknown };

/**
 * One aggregate read straight from its stream (always current; a client reads its own writes):
 * `{ id, version, ...state }` with `ETag: "<version>"`, or 404 with `<NAME>.NOT_FOUND`.
 */
export async function readAggregate<S extends object, E extends DomainEvent>(
  repository: AggregateRepository,
  aggregate: Aggregate<S, E>,
  id: string,
  reply: Reply,
  code: string,
): Promise<{ id: string; version: number } & S> {
  const { state, version } = await repository.load(aggregate, id);
  if (version === 0) throw new ProblemError(404, code, `${aggregate.name} ${id} does not exist`);
  reply.header('etag', `"${version}"`);
  return { id, version, ...state };
}
