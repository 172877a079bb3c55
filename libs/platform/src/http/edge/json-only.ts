import { ProblemError } from '../problem';

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * JSON ONLY: every request that carries a body carries a JSON object (docs/api.md). A form post
 * or a text body is refused with 415 before any handler runs — a cross-site HTML form can send
 * `application/x-www-form-urlencoded`, `multipart/form-data` or `text/plain` without a CORS
 * preflight, but never `application/json`, so no page elsewhere can make a browser post a rating
 * or create a user. A body that parses as JSON but is not an object (`null`, an array, a bare
 * number or string) is refused with 400: class-validator skips a null body, and a command whose
 * fields are all optional (accept) would then run on no input at all. A POST with no body at all
 * (retire without a reason) passes: its DTO decides.
 */
export function checkJsonOnly(request: { method: string; headers: Record<string, string | string[] | undefined>; body?: unknown }): void {
  if (!BODY_METHODS.has(request.method)) return;
  const type = header(request.headers['content-type']);
  const length = Number(header(request.headers['content-length']) ?? 0);
  const hasBody = length > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody && type === undefined) return;
  if (type === undefined || !JSON_MEDIA.test(type)) {
    throw new ProblemError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', `request bodies are application/json, not ${type ?? 'an untyped body'}`);
  }
  const body = request.body;
  if (hasBody && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new ProblemError(
      400,
      'REQUEST.BODY_NOT_OBJECT',
      `a request body is a JSON object, not ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}`,
    );
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
