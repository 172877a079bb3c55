import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Pino } from './logger';
import { safeUrl } from './redact';
import { acceptCorrelationId, CORRELATION_HEADER, runInRequestContext, type RequestContext } from './request-context';

export interface HttpObserver {
  /** Called once per finished request (the metrics' HTTP histogram). */
  requestFinished(method: string, route: string, status: number, seconds: number): void;
}

interface Principal {
  userId?: string | null;
  id?: string | null;
  unitId?: string | null;
}

interface Tracked {
  banjieContext?: RequestContext;
  /** Set by the access layer (request-actor.ts reads the same two). */
  actor?: Principal | null;
  user?: Principal | null;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

/** Who made the request: the authenticated principal, else the X-Actor / X-Unit stand-in headers. */
function who(request: FastifyRequest, tracked: Tracked): { userId: string | null; unitId: string | null } {
  const principal = tracked.actor ?? tracked.user;
  if (principal) return { userId: principal.userId ?? principal.id ?? null, unitId: principal.unitId ?? null };
  const header = (name: string) => {
    const v = request.headers[name];
    return typeof v === 'string' && ID.test(v) ? v : null;
  };
  return { userId: tracked.banjieContext?.userId ?? header('x-actor'), unitId: tracked.banjieContext?.unitId ?? header('x-unit') };
}

/**
 * One log line per request — method, route (the template, so ids and feedback tokens stay out),
 * the URL with secrets masked, status, duration, user id, unit id, correlation id — and the
 * correlation id itself: the client's `X-Correlation-Id` when it looks like an id, a new UUID
 * otherwise; written back on the request (so handlers and the problem filter read one value) and
 * echoed in the response header. Registered on Fastify before Nest, so it wraps everything.
 */
export function installHttpRequestLog(
  fastify: FastifyInstance,
  logger: Pino,
  observer: () => HttpObserver | undefined,
): { inFlight: () => number; describeInFlight: () => string } {
  const inFlight = new Set<FastifyRequest>();
  const log = logger.child({ context: 'http' });
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    inFlight.add(request);
    const correlationId = acceptCorrelationId(request.headers[CORRELATION_HEADER]);
    request.headers[CORRELATION_HEADER] = correlationId;
    reply.header('X-Correlation-Id', correlationId);
    const context: RequestContext = { correlationId, userId: null, unitId: null };
    (request as unknown as Tracked).banjieContext = context;
    runInRequestContext(context, () => done());
  });
  // A list answered from read models that are behind the store says so (ReadModelFreshness).
  fastify.addHook(
    'onSend',
    (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, p?: unknown) => void) => {
      const behind = (request as unknown as Tracked).banjieContext?.readModelsBehind;
      if (behind?.length) reply.header('Read-Models-Behind', behind.join(', '));
      done(null, payload);
    },
  );
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    inFlight.delete(request);
    const tracked = request as unknown as Tracked;
    const context = tracked.banjieContext;
    const route = request.routeOptions?.url ?? null;
    const durationMs = Math.round(reply.elapsedTime * 100) / 100;
    const status = reply.statusCode;
    const line = {
      method: request.method,
      route,
      url: safeUrl(request.url),
      status,
      durationMs,
      ...who(request, tracked),
      correlationId: context?.correlationId ?? null,
    };
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    log[level](line, `${request.method} ${route ?? line.url} ${status} ${durationMs}ms`);
    observer()?.requestFinished(request.method, route ?? 'unmatched', status, reply.elapsedTime / 1000);
    done();
  });
  // A client that goes away mid-request gets no onResponse; forget it all the same.
  fastify.addHook('onRequestAbort', (request: FastifyRequest, done: () => void) => {
    inFlight.delete(request);
    done();
  });
  return {
    inFlight: () => inFlight.size,
    describeInFlight: () =>
      [...inFlight]
        .slice(0, 10)
        .map((r) => `${r.method} ${r.routeOptions?.url ?? safeUrl(r.url)}`)
        .join(', '),
  };
}
