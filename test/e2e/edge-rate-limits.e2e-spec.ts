import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import { backends } from '../support/databases';
import { startAccessApp, type AccessApp } from '../support/access-app';
import { UNITS, issueAt, seedAccessWorld, type AccessWorld } from '../support/access-fixtures';
import { recordSecret } from '../support/secrets';

/**
 * Rate limits (issue #17, docs/operations.md "Rate limits"). The budgets are the documented
 * defaults' counts (10 failed sign-ins per address) with short windows, so a test can also see
 * the window end. The limits live in the process's memory: PGlite only.
 */
const backend = backends()[0];
const WINDOW_MS = 3_000;

/** Polls `probe` until it answers `status` (the window has ended), within a bound. */
async function until(status: number, probe: () => Promise<Response>, boundMs = WINDOW_MS + 10_000): Promise<Response> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const res = await probe();
    if (res.status === status) return res;
    if (Date.now() > deadline) throw new Error(`still ${res.status} after ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function expectTooMany(res: Response, body: unknown, code: string) {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(body).toMatchObject({ status: 429, code });
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
}

describe(`rate limits [${backend.kind}]`, () => {
  let a: AccessApp;
  let w: AccessWorld;
  let base: string;
  beforeAll(async () => {
    a = await startAccessApp(backend, {
      env: {
        RATE_LIMIT_AUTH_FAILURES: `10/${WINDOW_MS}ms`,
        RATE_LIMIT_FEEDBACK_LINK: `5/${WINDOW_MS}ms`,
        RATE_LIMIT_FEEDBACK_ADDRESS: `8/${WINDOW_MS}ms`,
      },
    });
    w = await seedAccessWorld(a);
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    base = await a.app.getUrl();
  });
  afterAll(() => a?.close());

  const me = (token: string) => fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } });

  it('the 11th failed sign-in from one address gets 429 with Retry-After; so does a valid token until the window ends; then it passes', async () => {
    for (let i = 1; i <= 10; i++) {
      const res = await me(`bj_wrong_guess_${i}`);
      expect(res.status).toBe(401);
    }
    const eleventh = await me('bj_wrong_guess_11');
    expectTooMany(eleventh, await eleventh.json(), 'AUTH.TOO_MANY_FAILURES');
    // no more guessing: a right token is not told apart from a wrong one while the address is blocked
    const valid = await me(w.tokens.admin);
    expectTooMany(valid, await valid.json(), 'AUTH.TOO_MANY_FAILURES');
    // a request without credentials is no sign-in attempt: it is answered as always
    expect((await fetch(`${base}/me`)).status).toBe(401);

    const after = await until(200, () => me(w.tokens.admin));
    expect(((await after.json()) as { role: string }).role).toBe('admin');
    // the window starts afresh: a failure counts from one again
    expect((await me('bj_wrong_again')).status).toBe(401);
    expect((await me(w.tokens.admin)).status).toBe(200);
  }, 30_000);

  it('successful sign-ins are never limited by this budget', async () => {
    await until(200, () => me(w.tokens.supervisor));
    for (let i = 0; i < 25; i++) expect((await me(w.tokens.supervisor)).status).toBe(200);
  });

  it('the public feedback routes: per link and per address, 429 problem+json with Retry-After, open again after the window', async () => {
    const link = async () => {
      const issueId = await issueAt(a, UNITS.own, 'resolved');
      const token = (await a.get(`/issues/${issueId}/feedback-link`, w.tokens.officer)).body.token as string;
      recordSecret(token, 'feedback link (rate limits)');
      return { issueId, token };
    };
    const [{ token: first }, { token: second, issueId }] = [await link(), await link()];
    const ratings = async () =>
      (await a.app.get<EventStore>(EVENT_STORE).readStream(`issue-${issueId}`)).filter((e) => e.type === 'FeedbackGiven').length;
    const show = (token: string) => fetch(`${base}/feedback/${token}`, { headers: { accept: 'application/json' } });
    for (let i = 0; i < 5; i++) expect((await show(first)).status).toBe(200);
    const sixth = await show(first);
    expectTooMany(sixth, await sixth.json(), 'RATE_LIMITED');
    // the per-link budget is the link's: another link from the same address still opens …
    expect((await show(second)).status).toBe(200);
    expect((await show(second)).status).toBe(200);
    // … until the address has spent its own budget (8), whatever the link
    const ninth = await show(second);
    expectTooMany(ninth, await ninth.json(), 'RATE_LIMITED');
    const post = await fetch(`${base}/feedback/${second}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rating: 'satisfied' }),
    });
    expect(post.status).toBe(429);
    expect(await ratings()).toBe(0);
    const rated = await until(201, () =>
      fetch(`${base}/feedback/${second}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rating: 'satisfied' }),
      }),
    );
    expect(((await rated.json()) as { rating: string }).rating).toBe('satisfied');
    expect(await ratings()).toBe(1);
  }, 30_000);
});
