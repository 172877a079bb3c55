import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ProblemError } from '@banjie/platform';

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Command bodies are JSON. Fastify also parses text/plain by default, which would turn a wrong
 * content type into a confusing 400; this answers 415 instead. A POST with no body at all
 * (e.g. retire with no reason) passes: its DTO decides. A JSON body that is not an object —
 * `null`, an array, a bare number or string — is refused here: class-validator would skip a null
 * body, and a command whose fields are all optional (accept) would then run on no input at all.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; body?: unknown }>();
    const type = request.headers['content-type'];
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if ((type !== undefined && !JSON_MEDIA.test(type)) || (type === undefined && hasBody)) {
      throw new ProblemError(
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        `commands take application/json bodies, not ${type ?? 'an untyped body'}`,
      );
    }
    const body = request.body;
    if (hasBody && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw new ProblemError(
        400,
        'REQUEST.BODY_NOT_OBJECT',
        `a command body is a JSON object, not ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}`,
      );
    }
    return true;
  }
}
