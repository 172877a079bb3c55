import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The enterprise's feedback link: `fb1.<payload>.<signature>`, both base64url. The payload binds
 * the issue, its resolution cycle (1 for the first IssueResolved, 2 after a reopen and a second
 * resolution …) and an expiry (seconds since the epoch); the signature is HMAC-SHA256 over
 * `fb1.<payload>` with FEEDBACK_LINK_SECRET. Pure: no clock, no database.
 */
export interface FeedbackLinkClaims {
  issueId: string;
  cycle: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type FeedbackLinkCheck =
  { ok: true; claims: FeedbackLinkClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired'; claims?: FeedbackLinkClaims };

const VERSION = 'fb1';
/** 2100-01-01T00:00:00Z in seconds. */
const MAX_EXPIRY = 4_102_444_800;
const MAX_CYCLE = 1_000_000;

export function signFeedbackLink(claims: FeedbackLinkClaims, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify({ i: claims.issueId, c: claims.cycle, e: claims.exp }), 'utf8').toString('base64url');
  return `${VERSION}.${payload}.${mac(`${VERSION}.${payload}`, secret).toString('base64url')}`;
}

export function verifyFeedbackLink(token: string, secret: Buffer, now: Date): FeedbackLinkCheck {
  if (typeof token !== 'string' || token.length > 512) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]+$/.test(parts[1]) || !/^[A-Za-z0-9_-]{43}$/.test(parts[2])) {
    return { ok: false, reason: 'malformed' };
  }
  // The signature first: nothing of an unsigned payload is trusted or even parsed.
  const expected = mac(`${VERSION}.${parts[1]}`, secret);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const p = raw as { i?: unknown; c?: unknown; e?: unknown };
  // Signed but absurd (an expiry past 2100 or before 1970, a huge cycle) is still malformed: those
  // values must never reach Date arithmetic or SQL.
  if (
    typeof p.i !== 'string' ||
    !Number.isSafeInteger(p.c) ||
    (p.c as number) < 1 ||
    (p.c as number) > MAX_CYCLE ||
    !Number.isSafeInteger(p.e) ||
    (p.e as number) <= 0 ||
    (p.e as number) > MAX_EXPIRY
  )
    return { ok: false, reason: 'malformed' };
  const claims: FeedbackLinkClaims = { issueId: p.i, cycle: p.c as number, exp: p.e as number };
  if (now.getTime() >= claims.exp * 1000) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

function mac(input: string, secret: Buffer): Buffer {
  return createHmac('sha256', secret).update(input, 'utf8').digest();
}
