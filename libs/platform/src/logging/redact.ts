/**
 * What must never reach a log line: bearer tokens, cookies, feedback-link tokens (the path
 * segment of /feedback/:token) and any field named like a secret. Structured fields are removed
 * by pino's `redact` paths; `scrubSecrets` is the net under them, applied to every finished line,
 * so a token that slips into a message string or an error is masked as well.
 */
export const REDACTED = '[REDACTED]';

/** Field names whose values are secrets wherever they appear (pino compares them exactly). */
export const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'secret',
  'metricsToken',
];

/** pino `redact` paths: the keys at the top level and up to two levels down. */
export const REDACT_PATHS = [...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), '*["set-cookie"]', '*.*["set-cookie"]'];

const PATTERNS: [RegExp, string][] = [
  // Authorization: Bearer <token> (and Basic), wherever it is quoted
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // banjie's own token shapes wherever they appear (an unmatched URL, an error message): bearer
  // tokens `bjt_…` and feedback links `fb1.<payload>.<signature>` (libs/access)
  [/\bbjt_[A-Za-z0-9_-]{20,}/g, REDACTED],
  [/\bfb1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, REDACTED],
  // /feedback/<token>, but not the route template /feedback/:token
  [/(\/feedback\/)(?!:)[^/\s"?#]+/gi, `$1${REDACTED}`],
  // token=… in query strings or form bodies
  [/([?&](?:token|access_token|refresh_token|password)=)[^&\s"#]+/gi, `$1${REDACTED}`],
  // "token":"…" and friends in JSON that reached a message string
  [/("(?:token|accessToken|refreshToken|password|secret|authorization|cookie)"\s*:\s*")(?:[^"\\]|\\.)*"/gi, `$1${REDACTED}"`],
];

/** Masks every known secret shape in a string. */
export function scrubSecrets(line: string): string {
  let out = line;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** A request URL fit for a log line: feedback tokens and secret query parameters masked. */
export function safeUrl(url: string | undefined): string | undefined {
  return url === undefined ? undefined : scrubSecrets(url);
}
