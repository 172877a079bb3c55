import { describeEachBackend } from '../support/databases';
import { startAccessApp, type AccessApp } from '../support/access-app';
import { recordSecret } from '../support/secrets';

const INITIAL = 'Chushi-mima-2023';
const CHOSEN = '河堤巡查-2023年六月-7';

/**
 * Accounts and passwords (docs/access.md "Accounts and passwords") through the real API on both
 * backends: an administrator creates a person with an account and an initial password; the person
 * signs in, must change it first, then works with the session token until signing out; resets,
 * disabling, the lock-out and the access log.
 */
describeEachBackend('accounts: password sign-in', (backend) => {
  let a: AccessApp;
  let admin: string;
  let unitId: string;
  beforeAll(async () => {
    // The address budget is set high here: this suite tests the per-account lock-out (the edge's
    // own budget has its test below and in edge-rate-limits).
    a = await startAccessApp(backend, { env: { RATE_LIMIT_AUTH_FAILURES: '1000/1m', SIGN_IN_LOCKOUT: '3/15m' } });
    const u = await a.store.createUser({ name: '管理员', role: 'admin' });
    admin = (await a.store.createToken(u.userId)).token;
    unitId = 'u-jz';
    expect((await a.post('/units', { id: unitId, name: '荆州市住建局', level: 'prefecture', region: '荆州市' }, admin)).status).toBe(201);
    recordSecret(INITIAL, 'initial password');
    recordSecret(CHOSEN, 'chosen password');
  });
  afterAll(() => a?.close());

  const login = (account: string, password: string) => a.post('/auth/login', { account, password });

  it('an admin creates an officer with an account; the officer signs in, changes the password, works, signs out', async () => {
    const created = await a.post('/users', { name: '王敏', role: 'officer', unitId, account: 'WangMin', password: INITIAL }, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ account: 'wangmin', hasPassword: true, mustChangePassword: true, role: 'officer', unitId });
    expect(JSON.stringify(created.body)).not.toContain(INITIAL);
    const { rows } = await a.db.pool.query(`SELECT password_hash FROM access_users WHERE user_id = $1`, [created.body.userId]);
    expect(rows[0].password_hash).toMatch(/^scrypt\$/);

    const first = await login('wangmin', INITIAL);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ mustChangePassword: true, user: { name: '王敏', account: 'wangmin', role: 'officer', unitId } });
    expect(first.body.token).toMatch(/^bjt_/);
    recordSecret(first.body.token, 'session token');
    const hours = (Date.parse(first.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);

    // Until the password is changed the session sees who it is and nothing else.
    expect((await a.get('/me', first.body.token)).body).toMatchObject({ name: '王敏', credential: 'session', mustChangePassword: true });
    const blocked = await a.get('/issues', first.body.token);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('AUTH.PASSWORD_CHANGE_REQUIRED');

    const weak = await a.post('/auth/password', { currentPassword: INITIAL, newPassword: 'wangmin12345' }, first.body.token);
    expect(weak.status).toBe(422);
    expect(weak.body.code).toBe('PASSWORD.CONTAINS_ACCOUNT');
    expect(weak.body.errors[0]).toMatchObject({ field: 'newPassword', message: '密码不能包含账号名' });
    const wrong = await a.post('/auth/password', { currentPassword: 'not-it-at-all-9', newPassword: CHOSEN }, first.body.token);
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('AUTH.CURRENT_PASSWORD_WRONG');
    const changed = await a.post('/auth/password', { currentPassword: INITIAL, newPassword: CHOSEN }, first.body.token);
    expect(changed.status).toBe(200);

    // The same session now works; the old password no longer does.
    expect((await a.get('/issues', first.body.token)).status).toBe(200);
    expect((await login('wangmin', INITIAL)).status).toBe(401);
    const second = await login('WANGMIN', CHOSEN);
    expect(second.status).toBe(200);
    expect(second.body.mustChangePassword).toBe(false);
    recordSecret(second.body.token, 'session token');

    const out = await a.post('/auth/logout', {}, second.body.token);
    expect(out.status).toBe(200);
    expect((await a.get('/me', second.body.token)).status).toBe(401);
    expect((await a.get('/me', first.body.token)).status).toBe(200); // another session of the same person
    const apiToken = (await a.post('/auth/logout', {}, admin)).body;
    expect(apiToken.code).toBe('AUTH.NOT_A_SESSION');
  });

  it('refuses an account name or password that breaks the rules, naming each rule', async () => {
    const taken = await a.post('/users', { name: '重名', role: 'supervisor', account: 'wangmin', password: 'Another-pass-42' }, admin);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('ACCOUNT.TAKEN');
    const bad = await a.post('/users', { name: '张三', role: 'supervisor', account: 'zhang san', password: 'Another-pass-42' }, admin);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('ACCOUNT.INVALID');
    const weak = await a.post('/users', { name: '张三', role: 'supervisor', account: 'zhangsan', password: 'password' }, admin);
    expect(weak.status).toBe(422);
    expect(weak.body.errors.map((e: { message: string }) => e.message)).toEqual([
      '密码至少 10 个字符',
      '密码须包含字母、数字、其他字符中的至少两类',
      '密码过于常见，容易被猜中',
    ]);
    expect((await a.get('/users', admin)).body.filter((u: { name: string }) => u.name === '张三')).toEqual([]);
  });

  it('an admin reset ends every session, lifts a lock-out and makes a change due; disabling stops everything at once', async () => {
    const user = (await a.post('/users', { name: '李强', role: 'officer', unitId, account: 'liqiang', password: INITIAL }, admin)).body;
    const s1 = (await login('liqiang', INITIAL)).body.token;
    recordSecret(s1, 'session token');
    await a.post('/auth/password', { currentPassword: INITIAL, newPassword: CHOSEN }, s1);
    // Three wrong passwords (SIGN_IN_LOCKOUT=3/15m) lock the account: even the right one is refused.
    expect((await login('liqiang', 'wrong-guess-01')).status).toBe(401);
    expect((await login('liqiang', 'wrong-guess-02')).status).toBe(401);
    const third = await login('liqiang', 'wrong-guess-03');
    expect(third.status).toBe(423);
    expect(third.body.code).toBe('AUTH.ACCOUNT_LOCKED');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(800);
    expect((await login('liqiang', CHOSEN)).status).toBe(423);

    const reset = await a.post(`/users/${user.userId}/password`, { password: 'Reset-by-admin-9' }, admin);
    expect(reset.status).toBe(200);
    expect(reset.body.mustChangePassword).toBe(true);
    expect((await a.get('/me', s1)).status).toBe(401); // the reset ended the session
    const s2 = await login('liqiang', 'Reset-by-admin-9');
    expect(s2.status).toBe(200);
    expect(s2.body.mustChangePassword).toBe(true);
    recordSecret(s2.body.token, 'session token');

    const disabled = await a.post(`/users/${user.userId}/disable`, {}, admin);
    expect(disabled.status).toBe(200);
    expect((await a.get('/me', s2.body.token)).status).toBe(401);
    const refused = await login('liqiang', 'Reset-by-admin-9');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH.ACCOUNT_DISABLED');
    expect((await a.post(`/users/${user.userId}/enable`, {}, admin)).status).toBe(200);
    expect((await login('liqiang', 'Reset-by-admin-9')).status).toBe(200);
  });

  it('an unknown account answers exactly like a wrong password, and locks alike', async () => {
    const unknown = await login('nobody-here', 'Whatever-pass-1');
    const known = await login('wangmin', 'Whatever-pass-1');
    expect([unknown.status, unknown.body.code]).toEqual([known.status, known.body.code]);
    expect(unknown.body.detail).toBe(known.body.detail);
    await login('nobody-here', 'Whatever-pass-2');
    expect((await login('nobody-here', 'Whatever-pass-3')).status).toBe(423);
  });

  it('changes role and unit; the access log records every action without a secret', async () => {
    const user = (await a.post('/users', { name: '赵六', role: 'officer', unitId, account: 'zhaoliu', password: INITIAL }, admin)).body;
    const moved = await a.post(`/users/${user.userId}/assign`, { role: 'supervisor' }, admin);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ role: 'supervisor', unitId: null });
    expect((await a.post(`/users/${user.userId}/assign`, { role: 'officer' }, admin)).status).toBe(422);
    const log = await a.get('/access-log?limit=500', admin);
    expect(log.status).toBe(200);
    const actions = log.body.entries.map((e: { action: string }) => e.action);
    for (const action of [
      'user_created',
      'signed_in',
      'password_changed',
      'signed_out',
      'sign_in_failed',
      'account_locked',
      'password_reset',
      'user_disabled',
      'user_enabled',
      'user_assigned',
    ]) {
      expect(actions).toContain(action);
    }
    const text = JSON.stringify(log.body);
    for (const secret of [INITIAL, CHOSEN, 'Reset-by-admin-9', 'bjt_', 'scrypt$']) expect(text).not.toContain(secret);
    const mine = await a.get(`/access-log?userId=${user.userId}`, admin);
    expect(mine.body.entries.map((e: { action: string }) => e.action)).toEqual(['user_assigned', 'user_created']);
    expect((await a.get('/access-log', (await login('wangmin', CHOSEN)).body.token)).status).toBe(403);
  });

  it('never stores a sign-in answer for an Idempotency-Key replay', async () => {
    const first = await a.post('/auth/login', { account: 'wangmin', password: CHOSEN }).set('idempotency-key', 'login-key-1');
    const again = await a.post('/auth/login', { account: 'wangmin', password: CHOSEN }).set('idempotency-key', 'login-key-1');
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.token).not.toBe(first.body.token);
    const { rows } = await a.db.pool.query(`SELECT count(*)::int AS n FROM api_idempotency_keys WHERE key = 'login-key-1'`);
    expect(rows[0].n).toBe(0);
  });
});

describeEachBackend('accounts: the address budget', (backend) => {
  let a: AccessApp;
  beforeAll(async () => (a = await startAccessApp(backend, { env: { RATE_LIMIT_AUTH_FAILURES: '4/1m' } })));
  afterAll(() => a?.close());

  it('counts failed password sign-ins against the address: past the budget even a right password gets 429', async () => {
    await a.store.createUser({ name: '周七', role: 'supervisor', account: 'zhouqi', password: INITIAL });
    for (let i = 0; i < 4; i++) expect((await a.post('/auth/login', { account: `guess${i}`, password: 'Nope-nope-1' })).status).toBe(401);
    const over = await a.post('/auth/login', { account: 'zhouqi', password: INITIAL });
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('AUTH.TOO_MANY_FAILURES');
  });
});
