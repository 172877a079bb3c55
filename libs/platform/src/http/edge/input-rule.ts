import { ProblemError } from '../problem';

/**
 * THE INPUT RULE at the edge (docs/api.md "Input rules"): every string of a request — path
 * parameter, query value, header, and every key and string of a JSON body — is refused with
 * 400 problem+json when it holds a NUL character or an unpaired UTF-16 surrogate (neither can be
 * stored as PostgreSQL text, and neither is text anyone means), or exceeds its cap; a JSON body
 * may nest at most 32 levels and hold at most 10,000 values. It runs before validation, so
 * class-transformer never recurses into a hostile body and nothing hostile reaches SQL. The DTOs
 * then apply each field's own, tighter rules.
 */
export const INPUT_LIMITS = {
  jsonDepth: 32,
  jsonValues: 10_000,
  /** Any string in a body (the DTOs' own caps are tighter: 4,000 for free text). */
  bodyText: 10_000,
  key: 200,
  queryValue: 1_000,
  queryParams: 50,
  /** Fastify's router refuses longer path parameters itself (414, mapped to problem+json). */
  pathParam: 512,
  header: 8_192,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses one string (`field` names it in the problem: `body.title`, `query.q`, `path.id`). */
export function checkText(value: string, field: string, cap: number): void {
  if (value.includes('\u0000')) {
    throw refused('REQUEST.NUL_CHARACTER', field, 'contains a NUL character (U+0000), which is not text');
  }
  if (LONE_SURROGATE.test(value)) {
    throw refused('REQUEST.UNPAIRED_SURROGATE', field, 'contains an unpaired UTF-16 surrogate, which is not valid Unicode text');
  }
  if (value.length > cap) throw refused('REQUEST.TOO_LONG', field, `is longer than ${cap} characters`);
}

/**
 * Walks a parsed JSON body without recursion (a 5,000-level body must not blow the stack here
 * either), checking depth, size, every key and every string.
 */
export function checkJsonBody(body: unknown): void {
  if (body === null || typeof body !== 'object') {
    if (typeof body === 'string') checkText(body, 'body', INPUT_LIMITS.bodyText);
    return;
  }
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: body, depth: 1, path: 'body' }];
  let values = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (++values > INPUT_LIMITS.jsonValues) {
      throw refused('REQUEST.TOO_MANY_VALUES', 'body', `holds more than ${INPUT_LIMITS.jsonValues} values`);
    }
    if (typeof value === 'string') {
      checkText(value, path, INPUT_LIMITS.bodyText);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > INPUT_LIMITS.jsonDepth) {
      throw refused('REQUEST.TOO_DEEP', 'body', `nests deeper than ${INPUT_LIMITS.jsonDepth} levels`);
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, path: `${path}[${i}]` });
      continue;
    }
    for (const key of Object.keys(value)) {
      checkText(key, `${path} key`, INPUT_LIMITS.key);
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: `${path}.${key}` });
    }
  }
}

/** Path parameters, query values and headers of a request. */
export function checkRequestStrings(request: {
  params?: unknown;
  query?: unknown;
  headers: Record<string, string | string[] | undefined>;
}): void {
  for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') checkText(value, `path.${name === '*' ? 'path' : name}`, INPUT_LIMITS.pathParam);
  }
  const query = Object.entries((request.query ?? {}) as Record<string, unknown>);
  if (query.length > INPUT_LIMITS.queryParams) {
    throw refused('REQUEST.TOO_MANY_VALUES', 'query', `has more than ${INPUT_LIMITS.queryParams} parameters`);
  }
  for (const [name, value] of query) {
    checkText(name, 'query key', INPUT_LIMITS.key);
    const values = Array.isArray(value) ? value : [value];
    if (values.length > INPUT_LIMITS.queryParams) {
      throw refused('REQUEST.TOO_MANY_VALUES', `query.${name}`, `is repeated more than ${INPUT_LIMITS.queryParams} times`);
    }
    for (const v of values) if (typeof v === 'string') checkText(v, `query.${name}`, INPUT_LIMITS.queryValue);
  }
  for (const [name, value] of Object.entries(request.headers)) {
    // Cookies are not banjie's (it sets none), but a browser sends whatever other apps on the same
    // host left behind: no cap of ours on them (Node's 16 KB limit on all headers still holds).
    const cap = name === 'cookie' ? Number.MAX_SAFE_INTEGER : INPUT_LIMITS.header;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') checkText(v, `header.${name}`, cap);
  }
}

function refused(code: string, field: string, message: string): ProblemError {
  return new ProblemError(400, code, `${field} ${message}`, { errors: [{ field, message }] });
}
