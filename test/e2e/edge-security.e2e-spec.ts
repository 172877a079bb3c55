import { backends } from '../support/databases';
import { startAccessApp, type AccessApp } from '../support/access-app';
import { UNITS, issueAt, seedAccessWorld, type AccessWorld } from '../support/access-fixtures';
import { recordSecret } from '../support/secrets';

/**
 * The web surface (issue #17, docs/operations.md "Security headers", docs/access.md "Feedback
 * link"): security headers on the pages, the assets, the API and the feedback page; links that
 * no request header can point elsewhere. The headers do not depend on the database: PGlite only.
 */
const backend = backends()[0];

async function started(env: Record<string, string> = {}): Promise<{ a: AccessApp; w: AccessWorld; base: string }> {
  const a = await startAccessApp(backend, { env });
  const w = await seedAccessWorld(a);
  await a.app.listen({ port: 0, host: '127.0.0.1' });
  return { a, w, base: await a.app.getUrl() };
}

function expectPageHeaders(headers: Headers) {
  const csp = headers.get('content-security-policy') ?? '';
  const directive = (name: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `));
  expect(directive('default-src')).toBe("default-src 'self'");
  expect(directive('script-src')).toBe("script-src 'self'"); // no inline script, no eval
  expect(directive('script-src-attr')).toBe("script-src-attr 'none'"); // no inline handlers
  expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
  expect(directive('object-src')).toBe("object-src 'none'");
  expect(directive('base-uri')).toBe("base-uri 'none'");
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
}

describe(`web surface: security headers [${backend.kind}]`, () => {
  let a: AccessApp;
  let w: AccessWorld;
  let base: string;
  let token: string;
  beforeAll(async () => {
    ({ a, w, base } = await started());
    const issueId = await issueAt(a, UNITS.own, 'resolved');
    token = (await a.get(`/issues/${issueId}/feedback-link`, w.tokens.officer)).body.token;
    recordSecret(token, 'feedback link (headers test)');
  });
  afterAll(() => a?.close());

  it.each([
    ['the dashboard', '/', /text\/html/],
    ['the workbench', '/workbench', /text\/html/],
    ['an asset', '/assets/js/main.js', /text\/javascript/],
    ['a vendor asset', '/assets/vendor/echarts.min.js', /text\/javascript/],
  ])('%s: CSP, nosniff, DENY, no-referrer; revalidated, not stored', async (_name, path, type) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expectPageHeaders(res.headers);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('an authenticated API answer: the same headers and Cache-Control: no-store', async () => {
    const res = await fetch(`${base}/units`, { headers: { authorization: `Bearer ${w.tokens.admin}` } });
    expect(res.status).toBe(200);
    expectPageHeaders(res.headers);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const report = await fetch(`${base}/campaigns/c1/report?format=csv`, { headers: { authorization: `Bearer ${w.tokens.supervisor}` } });
    expect(report.headers.get('cache-control')).toBe('no-store');
  });

  it('a refusal (401 problem+json): the same headers, not stored', async () => {
    const res = await fetch(`${base}/units`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectPageHeaders(res.headers);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('the feedback page and its JSON: Referrer-Policy no-referrer (the token is in the path), no-store', async () => {
    const page = await fetch(`${base}/feedback/${token}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expectPageHeaders(page.headers);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const json = await fetch(`${base}/feedback/${token}`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(200);
    expect(json.headers.get('referrer-policy')).toBe('no-referrer');
    expect(json.headers.get('cache-control')).toBe('no-store');
  });

  it("Fastify's own refusals (bad URL, 414) carry problem+json and the bare headers", async () => {
    for (const path of ['/assets/%E0%A4%A', `/issues/${'a'.repeat(600)}`]) {
      const res = await fetch(base + path);
      expect([400, 414]).toContain(res.status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('a feedback link is built on the socket origin: Host and X-Forwarded-Host cannot move it', async () => {
    const issueId = await issueAt(a, UNITS.own, 'resolved');
    const honest = await fetch(`${base}/issues/${issueId}/feedback-link`, { headers: { authorization: `Bearer ${w.tokens.officer}` } });
    const honestUrl = new URL(((await honest.json()) as { url: string }).url);
    expect(honestUrl.origin).toBe(new URL(base).origin);
    for (const forged of <Record<string, string>[]>[
      { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
      { 'x-forwarded-host': 'evil.example:443', 'x-forwarded-for': '203.0.113.9' },
      { host: 'evil.example' },
    ]) {
      const res = await fetch(`${base}/issues/${issueId}/feedback-link`, {
        headers: { authorization: `Bearer ${w.tokens.officer}`, ...forged },
      });
      expect(res.status).toBe(200);
      const { url } = (await res.json()) as { url: string };
      recordSecret(new URL(url).pathname.split('/').pop()!, 'feedback link (origin test)');
      expect(new URL(url).origin).toBe(honestUrl.origin);
      expect(url).not.toContain('evil.example');
    }
  });
});

describe(`web surface: configured origins [${backend.kind}]`, () => {
  it('PUBLIC_BASE_URL wins over every header', async () => {
    const { a, w, base } = await started({ PUBLIC_BASE_URL: 'https://banjie.example.gov.cn/' });
    try {
      const issueId = await issueAt(a, UNITS.own, 'resolved');
      const res = await fetch(`${base}/issues/${issueId}/feedback-link`, {
        headers: { authorization: `Bearer ${w.tokens.officer}`, 'x-forwarded-host': 'evil.example', host: 'evil.example' },
      });
      const { url, token } = (await res.json()) as { url: string; token: string };
      recordSecret(token, 'feedback link (configured origin)');
      expect(url).toBe(`https://banjie.example.gov.cn/feedback/${token}`);
      // an https public origin also turns on HSTS
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await a.close();
    }
  });

  it('X-Forwarded-Host counts only from a proxy named in TRUSTED_PROXIES', async () => {
    const trusted = await started({ TRUSTED_PROXIES: '127.0.0.1' });
    const untrusted = await started({ TRUSTED_PROXIES: '10.0.0.1' });
    try {
      for (const [{ a, w, base }, expected] of [
        [trusted, 'https://banjie.example.gov.cn'],
        [untrusted, null],
      ] as const) {
        const issueId = await issueAt(a, UNITS.own, 'resolved');
        const res = await fetch(`${base}/issues/${issueId}/feedback-link`, {
          headers: {
            authorization: `Bearer ${w.tokens.officer}`,
            'x-forwarded-host': 'banjie.example.gov.cn',
            'x-forwarded-proto': 'https',
            'x-forwarded-for': '203.0.113.9',
          },
        });
        const { url, token } = (await res.json()) as { url: string; token: string };
        recordSecret(token, 'feedback link (trusted proxy)');
        expect(new URL(url).origin).toBe(expected ?? new URL(base).origin);
      }
    } finally {
      await trusted.a.close();
      await untrusted.a.close();
    }
  });
});
