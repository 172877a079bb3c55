import { bearerFromHeader, hashToken, looksLikeBearerToken, newBearerToken } from './bearer-token';

describe('bearer tokens', () => {
  it('are 256-bit random, prefixed, and stored as their SHA-256', () => {
    const a = newBearerToken();
    const b = newBearerToken();
    expect(a).not.toBe(b);
    expect(looksLikeBearerToken(a)).toBe(true);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a.slice(4));
  });

  it('read from the Authorization header: absent, malformed, fine', () => {
    const t = newBearerToken();
    expect(bearerFromHeader(undefined)).toBeUndefined();
    expect(bearerFromHeader(`Bearer ${t}`)).toBe(t);
    expect(bearerFromHeader(`bearer  ${t}`)).toBe(t);
    expect(bearerFromHeader(`Basic ${t}`)).toBeNull();
    expect(bearerFromHeader('Bearer nope')).toBeNull();
    expect(bearerFromHeader(`Bearer ${t}x`)).toBeNull();
  });
});
