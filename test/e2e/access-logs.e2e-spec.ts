import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordSecret } from '../support/secrets';
import { runCli, startServer } from '../support/processes';

/**
 * Tokens never reach a log (issue 6): the built server (`npm start`'s entry point) at LOG_LEVEL=debug
 * is driven through the whole access story — first-start bootstrap tokens, users and tokens over
 * HTTP, a feedback link shown, used, reused and tampered with, tokens in the wrong places, a
 * revoked token — and then every line it wrote is searched for every token. The run-wide scanner
 * (test/support/secrets.ts, global-teardown.js) checks the same captured output once more.
 */
describe('access: no token in any log line', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'banjie-access-logs-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the user id into request logs and no bearer or feedback-link token anywhere', async () => {
    const file = join(dir, 'bootstrap-tokens.txt');
    const server = await startServer({
      DATA_DIR: join(dir, 'data'),
      DATABASE_URL: '',
      AUTH_MODE: 'token',
      LOG_LEVEL: 'debug',
      BOOTSTRAP_TOKEN_FILE: file,
      CLOCK_START: '2023-06-21T10:00:00+08:00',
    });
    const secrets: string[] = [];
    const secret = (value: string, label: string) => {
      secrets.push(value);
      recordSecret(value, label);
      return value;
    };
    try {
      // first start: the tokens are in the file (0600), and only the file's path is in the log
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const text = readFileSync(file, 'utf8');
      const admin = secret(/^admin .* token (\S+)$/m.exec(text)![1], 'bootstrap admin token');
      const supervisor = secret(/^supervisor .* token (\S+)$/m.exec(text)![1], 'bootstrap supervisor token');
      expect(server.output()).toContain(file);

      const call = async (method: string, path: string, token?: string, body?: unknown) => {
        const res = await fetch(server.base + path, {
          method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: res.status, body: (await res.json().catch(() => null)) as any };
      };
      expect((await call('POST', '/units', admin, { id: 'u-p', name: '天门市住建局', level: 'prefecture', region: '天门市' })).status).toBe(
        201,
      );
      expect(
        (await call('POST', '/campaigns', admin, { id: 'c1', title: '服务企业月', startsOn: '2023-05-01', endsOn: '2023-06-30' })).status,
      ).toBe(201);
      const user = await call('POST', '/users', admin, { name: '天门市住建局 办事员', role: 'officer', unitId: 'u-p' });
      expect(user.status).toBe(201);
      const made = await call('POST', `/users/${user.body.userId}/tokens`, admin, { label: 'log test' });
      expect(made.status).toBe(201);
      const officer = secret(made.body.token, 'officer token');

      expect(
        (await call('POST', '/enterprises', officer, { creditCode: '91350100M000100Y43', name: '湖北甲建设有限公司', region: '天门市' }))
          .status,
      ).toBe(201);
      const issue = {
        id: 'i-1',
        campaignId: 'c1',
        unitId: 'u-p',
        enterpriseCode: '91350100M000100Y43',
        kind: 'problem',
        category: '工程款结算',
        title: '工程款拖欠',
        description: '未结算',
      };
      expect((await call('POST', '/issues', officer, issue)).status).toBe(201);
      expect((await call('POST', '/issues/i-1/accept', officer, {})).status).toBe(200);
      expect((await call('POST', '/issues/i-1/resolve', officer, { resolution: '已支付' })).status).toBe(200);
      const link = await call('GET', '/issues/i-1/feedback-link', officer);
      expect(link.status).toBe(200);
      const feedback = secret(link.body.token, 'feedback link token');
      expect((await call('GET', `/feedback/${feedback}`)).status).toBe(200);
      expect((await call('POST', `/feedback/${feedback}`, undefined, { rating: 'satisfied' })).status).toBe(201);
      expect((await call('POST', `/feedback/${feedback}`, undefined, { rating: 'satisfied' })).status).toBe(409);
      expect((await call('POST', `/feedback/${feedback}x`, undefined, { rating: 'satisfied' })).status).toBe(400);
      expect((await call('GET', `/feedback/${feedback}/extra`)).status).toBe(404);
      // tokens where they do not belong: a query string, a wrong scheme, an unmatched route
      expect((await call('GET', `/issues?token=${officer}`, officer)).status).toBe(400);
      expect((await call('GET', `/no-such-route/${officer}`, officer)).status).toBe(404);
      expect((await call('GET', '/me', `x${officer}`)).status).toBe(401);
      // a revoked token
      const listed = await call('GET', '/users', admin);
      const tokenId = listed.body.find((u: { userId: string }) => u.userId === user.body.userId).tokens[0].tokenId;
      expect((await call('POST', `/tokens/${tokenId}/revoke`, admin)).status).toBe(200);
      expect((await call('GET', '/issues', officer)).status).toBe(401);
      expect((await call('GET', '/issues', supervisor)).status).toBe(200);
      // passwords: the file's, an account opened over HTTP, sign-ins (good and bad), a change
      const adminPassword = secret(/^account admin password (\S+)$/m.exec(text)![1], 'bootstrap admin password');
      const signedIn = await call('POST', '/auth/login', undefined, { account: 'admin', password: adminPassword });
      expect(signedIn.status).toBe(200);
      secret(signedIn.body.token, 'admin session token');
      const initial = secret('Log-test-initial-2023', 'initial password');
      const chosen = secret('Log-test-chosen-2023!', 'chosen password');
      expect(
        (await call('POST', '/users', signedIn.body.token, { name: '日志测试', role: 'supervisor', account: 'logtest', password: initial }))
          .status,
      ).toBe(201);
      expect((await call('POST', '/auth/login', undefined, { account: 'logtest', password: `${initial}x` })).status).toBe(401);
      const officerSession = await call('POST', '/auth/login', undefined, { account: 'logtest', password: initial });
      secret(officerSession.body.token, 'session token');
      expect(
        (await call('POST', '/auth/password', officerSession.body.token, { currentPassword: initial, newPassword: chosen })).status,
      ).toBe(200);
      expect((await call('POST', '/auth/logout', officerSession.body.token)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const output = server.output();
    for (const s of secrets) expect({ leaked: output.includes(s) }).toEqual({ leaked: false });
    // request logs carry who made the request
    const lines = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const resolve = lines.find((l) => l.route === '/issues/:id/resolve');
    expect(resolve).toMatchObject({ status: 200, unitId: 'u-p' });
    expect(resolve.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((l) => l.route === '/feedback/:token' && l.status === 201)).toBe(true);
  }, 180_000);

  it('cli: users create, tokens create (printed once), tokens revoke', async () => {
    const env = { DATA_DIR: join(dir, 'cli-data'), DATABASE_URL: '' };
    const noUnit = await runCli(['users', 'create', '--name', '办事员', '--role', 'officer'], env);
    expect(noUnit.code).not.toBe(0);
    expect(noUnit.stderr).toContain('an officer needs a unit');
    const badUnit = await runCli(['users', 'create', '--name', '办事员', '--role', 'officer', '--unit', 'nowhere'], env);
    expect(badUnit.stderr).toContain('unit nowhere is not a registered unit');
    const sup = await runCli(['users', 'create', '--name', '专班', '--role', 'supervisor'], env);
    expect(sup.code).toBe(0);
    const userId = /created user (\S+)/.exec(sup.stdout)![1];
    const made = await runCli(['tokens', 'create', '--user', userId], env);
    expect(made.code).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^bjt_[A-Za-z0-9_-]{43}$/);
    const tokenId = /token (\S+) for user/.exec(made.stderr)![1];

    const server = await startServer({ ...env, AUTH_MODE: 'token', BOOTSTRAP_TOKEN_FILE: 'off' });
    try {
      const me = await fetch(`${server.base}/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ userId, role: 'supervisor' });
    } finally {
      await server.stop();
    }
    const revoked = await runCli(['tokens', 'revoke', '--token-id', tokenId], env);
    expect(revoked.code).toBe(0);
    const listed = await runCli(['users', 'list'], env);
    expect(listed.stdout).toContain(`token ${tokenId}`);
    expect(listed.stdout).toContain('REVOKED');
    expect(listed.stdout).not.toContain(token);
    const server2 = await startServer({ ...env, AUTH_MODE: 'token', BOOTSTRAP_TOKEN_FILE: 'off' });
    try {
      expect((await fetch(`${server2.base}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    } finally {
      await server2.stop();
    }
  }, 180_000);
});
