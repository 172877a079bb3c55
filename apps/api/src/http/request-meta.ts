import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ProblemError, acceptCorrelationId, currentCorrelationId } from '@banjie/platform';
import { commandMeta, type CommandMeta } from '@banjie/application';
import { requestActor } from './request-actor';

type Headers = Record<string, string | string[] | undefined>;

/** `If-Match: "3"`, `W/"3"` or `3` → 3; `*` or absent → undefined (no precondition); anything else → 400. */
export function parseIfMatch(headers: Headers): number | undefined {
  const raw = headers['if-match'];
  if (raw === undefined) return undefined;
  const value = (Array.isArray(raw) ? raw[0] : raw).trim();
  if (value === '*') return undefined;
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(value) ?? /^(\d{1,9})$/.exec(value);
  if (!m) {
    throw new ProblemError(400, 'REQUEST.IF_MATCH_INVALID', 'If-Match must be a stream version: "<n>" or <n>', {
      errors: [{ field: 'if-match', message: 'expected "<n>"' }],
    });
  }
  return Number(m[1]);
}

const PRINTABLE = /^[\x21-\x7e]{1,200}$/;

/** One printable-ASCII header of at most 200 characters, or 400. */
export function tokenHeader(headers: Headers, name: string, code: string): string | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!PRINTABLE.test(value)) {
    throw new ProblemError(400, code, `header ${name} must be 1–200 printable ASCII characters without spaces`, {
      errors: [{ field: name, message: 'invalid' }],
    });
  }
  return value;
}

/** The command metadata of an HTTP request (actor, correlation, idempotency key, If-Match). */
export function requestMeta(request: { headers: Headers; actor?: never }): CommandMeta {
  const headers = request.headers;
  return commandMeta({
    actor: requestActor(request),
    // The request log already settled the correlation id (a client's, when it looks like an id).
    correlationId: currentCorrelationId() ?? acceptCorrelationId(headers['x-correlation-id']),
    idempotencyKey: tokenHeader(headers, 'idempotency-key', 'IDEMPOTENCY.KEY_INVALID') ?? null,
    expectedVersion: parseIfMatch(headers),
    source: 'api',
  });
}

/** `@RequestMeta() meta: CommandMeta` in a command controller. */
export const RequestMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandMeta =>
  requestMeta(ctx.switchToHttp().getRequest()),
);

/** The meta with the body's optional `occurredAt` (ISO 8601, validated by the DTO). */
export function at(meta: CommandMeta, body: { occurredAt?: string }): CommandMeta {
  return body.occurredAt ? { ...meta, occurredAt: new Date(body.occurredAt) } : meta;
}
