import { describeEachBackend } from '../support/databases';
import { startAccessApp, type AccessApp } from '../support/access-app';

describeEachBackend('access: authentication', (backend) => {
  let a: AccessApp;
  beforeAll(async () => (a = await startAccessApp(backend)));
  afterAll(() => a?.close());

  it('answers 401 problem+json without a token, keeps health and docs public', async () => {
    const r = await a.get('/issues');
    expect(r.status).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.headers['www-authenticate']).toContain('Bearer');
    expect(r.body).toMatchObject({ status: 401, code: 'AUTH.REQUIRED' });
    expect((await a.get('/health')).status).toBe(200);
    expect((await a.get('/docs/json')).status).toBe(200);
  });

  it('never trusts X-Role / X-Unit headers in the default mode', async () => {
    const r = await a.get('/issues').set({ 'x-role': 'supervisor', 'x-actor': 'mallory' });
    expect(r.status).toBe(401);
    const w = await a.post('/units', { name: 'x', level: 'prefecture', region: 'x' }).set({ 'x-role': 'system' });
    expect(w.status).toBe(401);
    expect(await a.eventCount()).toBe(0);
  });

  it('accepts a token, refuses it once revoked, and stores only its hash', async () => {
    const admin = await a.store.createUser({ name: 'admin', role: 'admin' });
    const { token, info } = await a.store.createToken(admin.userId);
    const me = await a.get('/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: admin.userId, role: 'admin', unitId: null });
    const { rows } = await a.db.pool.query(`SELECT token_hash FROM access_tokens WHERE token_id = $1`, [info.tokenId]);
    expect(rows[0].token_hash).not.toContain(token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    const revoked = await a.post(`/tokens/${info.tokenId}/revoke`, {}, token);
    expect(revoked.status).toBe(200);
    const after = await a.get('/me', token);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('AUTH.TOKEN_INVALID');
    expect((await a.get('/me', 'bjt_' + 'A'.repeat(43))).status).toBe(401);
    expect((await a.get('/me').set('authorization', 'Basic abc')).status).toBe(401);
  });
});
