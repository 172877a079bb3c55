import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { ConcurrencyError, DuplicateEventError, isDatabaseUnavailable } from '@banjie/event-store';
import { DomainError } from '@banjie/domain';
import { PROBLEM_TYPE_BASE, ProblemError, type Problem } from './problem';
import { chineseFieldMessage, chineseMessage, prefersChinese } from './problem-messages';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Fastify's own request errors (before Nest routes the request), under stable banjie codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST.MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST.EMPTY_BODY',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST.TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST.CONTENT_LENGTH_INVALID',
  FST_ERR_BAD_URL: 'REQUEST.BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'REQUEST.PATH_PARAMETER_TOO_LONG',
};

/**
 * Seconds a client should wait before retrying a command refused with DATABASE.UNAVAILABLE: a
 * Patroni failover (ttl 20 s, docs/deploy.md) is over in well under a minute; a few retries cover it.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The one exception filter: every error leaves as `application/problem+json` with a stable code.
 * Domain rules → 422 (404 for unknown ids), concurrency → 409 (412 when the client sent If-Match),
 * shape errors → 400, the database out of reach or read-only (a failover in progress) → 503
 * `DATABASE.UNAVAILABLE` with `Retry-After`, and anything unexpected → 500 without internals.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost) {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<{ url?: string; headers?: Record<string, string | undefined> }>();
    const reply = ctx.getResponse<{
      status(n: number): unknown;
      header(k: string, v: string): unknown;
      send(b: string): unknown;
      code?: unknown;
    }>();
    const problem = localize(this.toProblem(exception, request?.headers ?? {}), request?.headers?.['accept-language']);
    problem.instance = request?.url;
    problem.correlationId = request?.headers?.['x-correlation-id'];
    if (problem.code === 'DATABASE.UNAVAILABLE') {
      this.logger.warn(`database unavailable: ${(exception as Error)?.message ?? exception}`);
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    reply.status(problem.status);
    reply.header('content-type', 'application/problem+json; charset=utf-8');
    if (problem.currentVersion !== undefined) reply.header('etag', `"${problem.currentVersion}"`);
    reply.send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, headers: Record<string, string | undefined>): Problem {
    if (exception instanceof ProblemError) return make(exception.status, exception.code, exception.message, exception.extra);
    if (exception instanceof DomainError) {
      const status = { not_found: 404, forbidden: 403, invalid: 422, rule: 422 }[exception.kind];
      const errors = exception.fields && Object.entries(exception.fields).map(([field, message]) => ({ field, message }));
      return make(status, exception.code, exception.message, { state: exception.state, errors });
    }
    if (exception instanceof ConcurrencyError) {
      const precondition = headers['if-match'] !== undefined;
      return make(precondition ? 412 : 409, precondition ? 'STREAM.PRECONDITION_FAILED' : exception.code, exception.message, {
        currentVersion: exception.actual,
      });
    }
    if (exception instanceof DuplicateEventError) return make(409, exception.code, exception.message);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse() as { message?: unknown; code?: string; errors?: Problem['errors'] } | string;
      const detail =
        typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? exception.message);
      const fastifyCode = (exception.cause as { code?: string } | undefined)?.code;
      const code = (typeof body === 'object' && body.code) || (fastifyCode && FASTIFY_CODES[fastifyCode]) || `HTTP.${status}`;
      return make(status, code, detail, { errors: typeof body === 'object' ? body.errors : undefined });
    }
    // Errors raised by the HTTP server before Nest sees the request (bad JSON, media type, size).
    const status = (exception as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = (exception as { code?: string }).code ?? `HTTP.${status}`;
      const stable = FASTIFY_CODES[code] ?? (code.startsWith('FST_') ? `HTTP.${code.replace(/^FST_ERR_/, '')}` : code);
      return make(status, stable, (exception as Error).message);
    }
    if (isDatabaseUnavailable(exception)) {
      // Nothing was decided about the request: a retry with the same Idempotency-Key is safe.
      return make(503, 'DATABASE.UNAVAILABLE', 'the database is unavailable (a failover may be in progress); retry after a few seconds');
    }
    return make(500, 'INTERNAL', 'an unexpected error occurred; it has been logged');
  }
}

/**
 * The problem in the client's language: a client preferring Chinese (the pages always ask for it)
 * gets the catalogue's sentence as `detail`; the English detail, with its ids and values, stays
 * for every other client (docs/api.md "Errors").
 */
export function localize(problem: Problem, acceptLanguage: string | undefined): Problem {
  if (!prefersChinese(acceptLanguage)) return problem;
  const errors = problem.errors?.map((e) => ({ ...e, message: chineseFieldMessage(e.message) }));
  return { ...problem, detail: chineseMessage(problem.code, problem.status), ...(errors ? { errors } : {}) };
}

function make(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  const clean = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined));
  return {
    type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/[._]/g, '-'),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...clean,
  };
}
