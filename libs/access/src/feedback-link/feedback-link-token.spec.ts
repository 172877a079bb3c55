import { randomBytes } from 'node:crypto';
import { signFeedbackLink, verifyFeedbackLink } from './feedback-link-token';

const secret = randomBytes(32);
const now = new Date('2023-07-10T08:00:00Z');
const claims = { issueId: '6f1c0e1e-8d52-4c6b-9d1d-0f3c2a9b7e11', cycle: 2, exp: Math.floor(now.getTime() / 1000) + 3600 };

describe('feedback link tokens', () => {
  it('verify with the secret that signed them, before their expiry', () => {
    const token = signFeedbackLink(claims, secret);
    expect(token).toMatch(/^fb1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyFeedbackLink(token, secret, now)).toEqual({ ok: true, claims });
  });

  it('refuse an expired link, reporting its claims', () => {
    const token = signFeedbackLink(claims, secret);
    expect(verifyFeedbackLink(token, secret, new Date(claims.exp * 1000))).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuse any alteration: payload, signature, another secret', () => {
    const token = signFeedbackLink(claims, secret);
    const [v, payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ i: claims.issueId, c: 3, e: claims.exp }), 'utf8').toString('base64url');
    expect(verifyFeedbackLink(`${v}.${forged}.${sig}`, secret, now)).toMatchObject({ ok: false, reason: 'bad_signature' });
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    expect(verifyFeedbackLink(`${v}.${payload}.${flipped}`, secret, now)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyFeedbackLink(token, randomBytes(32), now)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuse a validly signed link whose expiry or cycle is absurd', () => {
    for (const odd of [
      { ...claims, exp: 1e20 },
      { ...claims, exp: -5 },
      { ...claims, exp: 8.64e15 },
      { ...claims, cycle: 2 ** 60 },
    ])
      expect(verifyFeedbackLink(signFeedbackLink(odd, secret), secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuse garbage without throwing', () => {
    for (const junk of ['', 'fb1', 'fb1..', 'fb2.a.b', `fb1.${'x'.repeat(600)}.y`, 'fb1.e30.' + 'A'.repeat(43)])
      expect(verifyFeedbackLink(junk, secret, now).ok).toBe(false);
  });
});
