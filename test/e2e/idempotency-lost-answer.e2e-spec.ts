/**
 * Issue 16: "no idempotency key applied twice" across a failover. A command can commit and then
 * lose its answer — the database goes away between the append and the recording of the response
 * (the key row stays unfinished), or the key is released after an error whose commit did happen.
 * The retry with the same Idempotency-Key must get the first attempt's answer and write nothing.
 * Both states are made here directly in `api_idempotency_keys`, on both backends; the Patroni
 * failover suite (ha-failover.e2e-spec.ts) then shows it under a real kill -9.
 */
import { IdempotencyStore } from '../../apps/api/src/http/idempotency.store';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import { describeEachBackend } from '../support/databases';
import { readEverything } from '../support/projection-scenario';
import { ADMIN, OFFICER_A, http, seedWorkflow, CODE } from '../support/workflow-fixtures';
import { startWorkflowApp, type WorkflowApp } from '../support/workflow-app';

describeEachBackend('an Idempotency-Key whose first answer was lost', (backend) => {
  let w: WorkflowApp;
  let api: ReturnType<typeof http>;

  beforeAll(async () => {
    w = await startWorkflowApp(backend);
    api = http(w);
    await seedWorkflow(w);
  });
  afterAll(() => w?.close());

  const collectBody = {
    campaignId: 'c1',
    unitId: 'u-a',
    enterpriseCode: CODE,
    activityId: 'act-1',
    kind: 'problem',
    category: '工程款结算',
    title: '工程款拖欠',
    description: '服务器生成 id 的收集',
  };

  /** The stored events a key's commands wrote, through the store's port (the only door to the events). */
  async function eventsWithKey(key: string): Promise<{ stream_id: string; causation: string }[]> {
    const events = await readEverything(w.app.get<EventStore>(EVENT_STORE));
    return events
      .filter((e) => e.metadata.idempotencyKey === key)
      .map((e) => ({ stream_id: e.streamId, causation: String(e.metadata.causationId) }));
  }

  it('the key released after a commit: the retry answers the stored result (server-generated id) and writes nothing', async () => {
    const key = `lost-released-${Date.now()}`;
    const first = await api.post('/issues', collectBody, { ...OFFICER_A, 'idempotency-key': key });
    expect(first.status).toBe(201);
    // As if the answer never left: the interceptor released the key after a connection error.
    await w.db.pool.query(`DELETE FROM api_idempotency_keys WHERE key = $1`, [key]);
    const before = await w.eventCount();
    const retry = await api.post('/issues', collectBody, { ...OFFICER_A, 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body); // the same generated issue id, the same version
    expect(retry.headers['etag']).toBe(`"${first.body.version}"`);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await w.eventCount()).toBe(before);
    expect(new Set((await eventsWithKey(key)).map((e) => e.causation)).size).toBe(1);
    // …and it is remembered now: a third attempt is a plain replay.
    const third = await api.post('/issues', collectBody, { ...OFFICER_A, 'idempotency-key': key });
    expect(third.body).toEqual(first.body);
  });

  it('the key left unfinished by a dying request: the retry does not wait it out, it answers from the events', async () => {
    const issue = (await api.post('/issues', collectBody, OFFICER_A)).body.id as string;
    const key = `lost-unfinished-${Date.now()}`;
    const first = await api.post(`/issues/${issue}/accept`, {}, { ...OFFICER_A, 'idempotency-key': key });
    expect(first.status).toBe(200);
    await w.db.pool.query(`UPDATE api_idempotency_keys SET completed_at = NULL, status = NULL, body = NULL WHERE key = $1`, [key]);
    const before = await w.eventCount();
    const started = Date.now();
    const retry = await api.post(`/issues/${issue}/accept`, {}, { ...OFFICER_A, 'idempotency-key': key });
    expect(retry.status).toBe(200); // not 422 ISSUE.NOT_PENDING from running it again, not 409 IN_PROGRESS
    expect(retry.body).toEqual(first.body);
    expect(Date.now() - started).toBeLessThan(5000); // answered from the events, not after the stale wait
    expect(await w.eventCount()).toBe(before);
  });

  it('a first attempt that wrote nothing is simply run again once its claim is stale', async () => {
    const key = `lost-nothing-${Date.now()}`;
    const body = { id: `unit-${key}`, name: '某市住建局', level: 'prefecture', region: '天门市' };
    // A claim whose request died before writing anything, long enough ago to be stale.
    const hash = IdempotencyStore.requestHash({ method: 'POST', path: '/units', actor: 'user-admin|null|admin', body });
    await w.db.pool.query(
      `INSERT INTO api_idempotency_keys (key, request_hash, method, path, created_at) VALUES ($1, $2, 'POST', '/units', now() - interval '1 hour')`,
      [key, hash],
    );
    const r = await api.post('/units', body, { ...ADMIN, 'idempotency-key': key });
    expect({ status: r.status, body: r.body }).toEqual({ status: 201, body: { id: `unit-${key}`, version: 1 } });
    expect((await eventsWithKey(key)).map((e) => e.stream_id)).toEqual([`unit-unit-${key}`]);
  });
});
