import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * Who and which request the current work belongs to. Set for every HTTP request before anything
 * else runs, so any log line written while serving it carries its correlation id, and so command
 * metadata can take the same id. The access layer fills in `userId` and `unitId` once it knows them
 * (`setRequestActor`), or sets `request.user = { userId, unitId }` on the Fastify request.
 */
export interface RequestContext {
  correlationId: string;
  userId?: string | null;
  unitId?: string | null;
  /** Read models a list could not wait for (behind the store past the bound): answered in `Read-Models-Behind`. */
  readModelsBehind?: string[];
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The current request's correlation id, if there is a current request. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Called by the access layer once it has authenticated the caller. */
export function setRequestActor(actor: { userId?: string | null; unitId?: string | null }): void {
  const store = storage.getStore();
  if (!store) return;
  store.userId = actor.userId ?? null;
  store.unitId = actor.unitId ?? null;
}

/** A reader answered from read models that are behind the store (the worker stopped or slow): the response says so. */
export function noteReadModelsBehind(names: readonly string[]): void {
  const store = storage.getStore();
  if (!store || names.length === 0) return;
  store.readModelsBehind = [...new Set([...(store.readModelsBehind ?? []), ...names])];
}

export const CORRELATION_HEADER = 'x-correlation-id';

/** A client's correlation id is kept when it looks like an id; anything else is replaced. */
export function acceptCorrelationId(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : randomUUID();
}
