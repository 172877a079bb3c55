import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/processes';
import { parseExposition, select, total } from '../support/prometheus';
import { findLeaks, recordSecret } from '../support/secrets';

const METRICS_TOKEN = `metrics-${randomBytes(12).toString('hex')}`;
const ADMIN = { 'x-actor': 'u-ops-admin', 'x-unit': 'u-ops', 'x-role': 'admin', 'content-type': 'application/json' };

/**
 * Metrics, request logs and correlation ids of the built server (`npm start`'s entry point): a
 * few commands with each outcome, then /metrics is parsed (not grepped) and the JSON log lines
 * are read back field by field.
 */
describe('operations: metrics and request logs', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banjie-ops-'));
    recordSecret(METRICS_TOKEN, 'METRICS_TOKEN');
    server = await startServer({
      DATA_DIR: join(dir, 'data'),
      DATABASE_URL: '',
      AUTH_MODE: 'trust-headers',
      BOOTSTRAP_TOKEN_FILE: 'off',
      METRICS_TOKEN,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.base + path, { method: 'POST', headers: { ...ADMIN, ...headers }, body: JSON.stringify(body) });

  const scrape = async () => {
    const res = await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(await res.text());
  };

  it('counts commands by type and outcome, their latency, appended events, conflicts and HTTP durations', async () => {
    expect((await post('/units', { id: 'u-ops', name: '运维测试局', level: 'prefecture', region: '武汉市' })).status).toBe(201);
    expect((await post('/units', { id: 'u-ops-2', name: '运维测试二局', level: 'prefecture', region: '黄石市' })).status).toBe(201);
    // a rule says no: a county unit needs a parent
    expect((await post('/units', { id: 'u-ops-3', name: '运维县局', level: 'county', region: '黄石市' })).status).toBe(422);
    // a stale If-Match: the stream is at version 1
    expect((await post('/units/u-ops/rename', { name: '运维测试局（新）' }, { 'if-match': '"7"' })).status).toBe(412);

    const m = await scrape();
    expect(m.types.get('banjie_commands_total')).toBe('counter');
    expect(total(m, 'banjie_commands_total', { type: 'RegisterUnit', outcome: 'ok' })).toBe(2);
    expect(total(m, 'banjie_commands_total', { type: 'RegisterUnit', outcome: 'rejected' })).toBe(1);
    expect(total(m, 'banjie_commands_total', { type: 'RenameUnit', outcome: 'conflict' })).toBe(1);
    expect(m.types.get('banjie_command_duration_seconds')).toBe('histogram');
    expect(total(m, 'banjie_command_duration_seconds_count', { type: 'RegisterUnit' })).toBe(3);
    expect(total(m, 'banjie_command_duration_seconds_bucket', { type: 'RegisterUnit', le: '+Inf' })).toBe(3);
    expect(total(m, 'banjie_events_appended_total', { type: 'UnitRegistered' })).toBe(2);
    expect(total(m, 'banjie_concurrency_conflicts_total', { stream: 'unit' })).toBe(1);
    expect(total(m, 'banjie_http_request_duration_seconds_count', { method: 'POST', route: '/units', status_code: '201' })).toBe(2);
    expect(total(m, 'banjie_http_request_duration_seconds_count', { method: 'POST', route: '/units/:id/rename', status_code: '412' })).toBe(
      1,
    );
    // the deadline watcher's counter exists before its first run; the store gauges read the database
    expect(
      select(m, 'banjie_deadline_watcher_runs_total')
        .map((s) => s.labels.outcome)
        .sort(),
    ).toEqual(['error', 'ok']);
    expect(total(m, 'banjie_event_store_up')).toBe(1);
    expect(total(m, 'banjie_event_store_head_position')).toBeGreaterThanOrEqual(2);
    for (const name of [
      'banjie_projection_lag_events',
      'banjie_projection_lag_seconds',
      'banjie_projection_parked_events',
      'banjie_open_alerts',
    ]) {
      expect(m.types.get(name)).toBe('gauge');
    }
    for (const s of select(m, 'banjie_projection_lag_events')) expect(s.value).toBeGreaterThanOrEqual(0);
    expect(total(m, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('protects /metrics with METRICS_TOKEN', async () => {
    expect((await fetch(`${server.base}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.base}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
  });

  it('writes one JSON line per request with method, route, status, duration, user, unit and correlation id', async () => {
    const sent = await post('/units/u-ops-2/rename', { name: '运维测试二局（新）' }, { 'x-correlation-id': 'ops-corr-0001' });
    expect(sent.status).toBe(200);
    expect(sent.headers.get('x-correlation-id')).toBe('ops-corr-0001');
    const generated = await fetch(`${server.base}/health/live`);
    const generatedId = generated.headers.get('x-correlation-id')!;
    expect(generatedId).toMatch(/^[0-9a-f-]{36}$/);
    const junk = await fetch(`${server.base}/health/live`, { headers: { 'x-correlation-id': 'not an id; {"evil": 1}' } });
    expect(junk.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/); // replaced, not echoed

    await new Promise((r) => setTimeout(r, 200));
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const rename = lines.find((l) => l.correlationId === 'ops-corr-0001' && l.context === 'http');
    expect(rename).toMatchObject({
      level: 'info',
      method: 'POST',
      route: '/units/:id/rename',
      url: '/units/u-ops-2/rename',
      status: 200,
      userId: 'u-ops-admin',
      unitId: 'u-ops',
    });
    expect(typeof rename.durationMs).toBe('number');
    expect(rename.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(lines.find((l) => l.correlationId === generatedId && l.context === 'http')).toMatchObject({
      route: '/health/live',
      status: 200,
    });
    // the command's events carry the same correlation id
    const history = await fetch(`${server.base}/audit?type=UnitRenamed`, { headers: ADMIN });
    if (history.ok) expect(JSON.stringify(await history.json())).toContain('ops-corr-0001');
  });

  it('never logs bearer tokens, feedback-link tokens or token fields', async () => {
    const bearer = `bearer-${randomBytes(16).toString('hex')}`;
    const feedback = randomBytes(24).toString('base64url');
    const field = `field-${randomBytes(16).toString('hex')}`;
    const query = `query-${randomBytes(16).toString('hex')}`;
    for (const [v, label] of [
      [bearer, 'a bearer token'],
      [feedback, 'a feedback path token'],
      [field, 'a token field'],
      [query, 'a token query parameter'],
    ])
      recordSecret(v, label);
    await fetch(`${server.base}/units`, { headers: { authorization: `Bearer ${bearer}`, cookie: `session=${bearer}` } });
    await fetch(`${server.base}/feedback/${feedback}`);
    await fetch(`${server.base}/feedback/${feedback}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: field, rating: 'satisfied' }),
    });
    await fetch(`${server.base}/units?token=${query}`, { headers: ADMIN });
    await post('/units', { id: 'u-ops-4', name: 'x', level: 'prefecture', region: 'y', token: field });
    await fetch(`${server.base}/no-such-route/feedback/${feedback}?access_token=${query}`);
    await new Promise((r) => setTimeout(r, 200));
    const output = server.output();
    expect(
      findLeaks(
        [{ file: 'server output', text: output }],
        [bearer, feedback, field, query].map((value) => ({ label: value, value })),
      ),
    ).toEqual([]);
    expect(output).toContain('/feedback/[REDACTED]');
  });
});
