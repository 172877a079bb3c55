import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { defer, from, lastValueFrom, type Observable } from 'rxjs';
import { ProblemError, ProblemFilter, type Problem } from '@banjie/platform';
import { IdempotencyStore, type StoredResponse } from './idempotency.store';
import { requestActor } from './request-actor';
import { tokenHeader } from './request-meta';

type Request = { method: string; url: string; body: unknown; headers: Record<string, string | string[] | undefined> };
type Reply = { header(name: string, value: string): unknown };

/** Statuses that are a decision about the request as it stood: replayed to a retry with the same key. */
const REMEMBERED_ERRORS = new Set([403, 404, 422]);
const WAIT_FOR_FIRST_MS = 10_000;

/**
 * For every POST: `ETag: "<version>"` on a command's `{ id, version }` answer, and the
 * Idempotency-Key contract — the same key with the same request replays the first response
 * (status, body, ETag) without running the command again; with a different request → 422
 * IDEMPOTENCY.KEY_REUSED. Shape errors (400), conflicts (409/412) and server errors are not
 * remembered: the key is released so the client can retry. A command's events carry ids fixed by
 * the key (idempotentEventId), so an attempt that committed but lost its answer (a database
 * failover between the append and the answer) is found and answered, never run twice.
 */
@Injectable()
export class CommandHttpInterceptor implements NestInterceptor {
  private readonly problems = new ProblemFilter();

  constructor(
    private readonly idempotency: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const reply = context.switchToHttp().getResponse<Reply>();
    if (request.method !== 'POST') return next.handle();
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    return defer(() => from(this.handle(request, reply, status, next)));
  }

  private async handle(request: Request, reply: Reply, status: number, next: CallHandler): Promise<unknown> {
    const key = tokenHeader(request.headers, 'idempotency-key', 'IDEMPOTENCY.KEY_INVALID');
    if (key === undefined) return this.withEtag(reply, await lastValueFrom(next.handle(), { defaultValue: undefined }));
    const actor = requestActor(request as never);
    const path = request.url;
    const hash = IdempotencyStore.requestHash({
      method: request.method,
      path,
      actor: `${actor.userId}|${actor.unitId}|${actor.role}`,
      body: request.body,
    });
    const claim = await this.waitForClaim(key, hash, request.method, path);
    if (claim.kind === 'replay') return this.replay(reply, claim.response);
    // An earlier attempt may have committed and lost its answer (a failover): answer as it would have.
    const applied = claim.kind === 'applied' ? claim.result : await this.idempotency.appliedBefore(key);
    if (applied) {
      await this.idempotency.complete(key, { status, body: applied, etag: etagOf(applied) });
      reply.header('idempotent-replayed', 'true');
      return this.withEtag(reply, applied);
    }
    let result: unknown;
    try {
      result = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      const problem = this.problems.toProblem(error, request.headers as Record<string, string | undefined>);
      if (REMEMBERED_ERRORS.has(problem.status))
        await this.idempotency.complete(key, { status: problem.status, body: problem, etag: null });
      else await this.idempotency.release(key).catch(() => undefined);
      throw error;
    }
    const etag = etagOf(result);
    if (isJsonValue(result)) await this.idempotency.complete(key, { status, body: result ?? null, etag });
    else await this.idempotency.release(key);
    return this.withEtag(reply, result);
  }

  /** A second request with a key whose first request is still running waits for its answer. */
  private async waitForClaim(key: string, hash: string, method: string, path: string) {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
      const claim = await this.idempotency.claim(key, hash, method, path);
      if (claim.kind === 'mismatch') {
        throw new ProblemError(
          422,
          'IDEMPOTENCY.KEY_REUSED',
          'this Idempotency-Key was used for a different request (method, path, actor or body); use a new key',
        );
      }
      if (claim.kind !== 'in_progress') return claim;
      // Running, or gone after its events were stored (answer lost): the events answer for it.
      const applied = await this.idempotency.appliedBefore(key);
      if (applied) return { kind: 'applied' as const, result: applied };
      if (Date.now() > deadline) {
        throw new ProblemError(409, 'IDEMPOTENCY.IN_PROGRESS', 'a request with this Idempotency-Key is still running; retry later');
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private replay(reply: Reply, response: StoredResponse): unknown {
    reply.header('idempotent-replayed', 'true');
    if (response.status >= 400) {
      const {
        status,
        code,
        detail,
        type: _type,
        title: _title,
        instance: _instance,
        correlationId: _c,
        ...extra
      } = response.body as Problem;
      throw new ProblemError(status, code, detail, extra);
    }
    if (response.etag) reply.header('etag', response.etag);
    return response.body;
  }

  private withEtag(reply: Reply, result: unknown): unknown {
    const etag = etagOf(result);
    if (etag) reply.header('etag', etag);
    return result;
  }
}

function etagOf(result: unknown): string | null {
  const version = (result as { version?: unknown } | null)?.version;
  return typeof version === 'number' && Number.isInteger(version) ? `"${version}"` : null;
}

function isJsonValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'object' && !Buffer.isBuffer(value) && typeof (value as { pipe?: unknown }).pipe !== 'function')
  );
}
