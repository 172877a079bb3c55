import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer tokens: `bjt_` + 32 random bytes (base64url, 256 bits). Only the SHA-256 of a token is
 * stored; with that much entropy a plain hash is enough (no salt or slow KDF needed: nothing to
 * brute-force), and a lookup by hash needs no timing-safe comparison.
 */
export const TOKEN_PREFIX = 'bjt_';
const TOKEN_SHAPE = /^bjt_[A-Za-z0-9_-]{43}$/;

export function newBearerToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeBearerToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

/** The token of an `Authorization: Bearer <token>` header; undefined when absent, null when malformed. */
export function bearerFromHeader(header: string | string[] | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(value ?? '');
  if (!m || !looksLikeBearerToken(m[1])) return null;
  return m[1];
}
