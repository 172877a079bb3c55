import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ProblemError } from '@banjie/platform';

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Command bodies are JSON. Fastify also parses text/plain by default, which would turn a wrong
 * content type into a confusing 400; this answers 415 instead. A POST with no body at all
 * (e.g. retire with no reason) passes: its DTO decides.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const type = request.headers['content-type'];
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if ((type !== undefined && !JSON_MEDIA.test(type)) || (type === undefined && hasBody)) {
      throw new ProblemError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', `commands take application/json bodies, not ${type ?? 'an untyped body'}`);
    }
    return true;
  }
}
