import { describeEachBackend } from '../support/databases';
import { startWorkflowApp, type WorkflowApp } from '../support/workflow-app';
import { CODE, OFFICER_A, http, seedWorkflow, streamEvents } from '../support/workflow-fixtures';

/**
 * Creation with a client-chosen id is idempotent (docs/api.md): the same body again answers 201
 * with the same `{ id, version }` — also when the copies arrive at once and race each other to
 * the store (issue #17: one or two of 30 used to get 409 STREAM.CONCURRENCY).
 */
describeEachBackend('identical creations racing', (backend) => {
  let w: WorkflowApp;
  beforeAll(async () => {
    w = await startWorkflowApp(backend);
    await seedWorkflow(w);
    await w.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => w?.close());

  it('30 parallel identical POST /issues, five rounds: every answer 201 with the same body, one event each', async () => {
    const base = await w.app.getUrl();
    for (let round = 0; round < 5; round++) {
      const id = `race-${round}-${Date.now().toString(36)}`;
      const body = JSON.stringify({
        id,
        campaignId: 'c1',
        unitId: 'u-a',
        enterpriseCode: CODE,
        kind: 'problem',
        category: '行政审批',
        title: '同一请求并发提交',
        description: '网络重试使同一请求同时到达',
      });
      const answers = await Promise.all(
        Array.from({ length: 30 }, () =>
          fetch(`${base}/issues`, { method: 'POST', headers: { ...OFFICER_A, 'content-type': 'application/json' }, body }).then(
            async (r) => ({ status: r.status, body: await r.json(), etag: r.headers.get('etag') }),
          ),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(new Array(30).fill(201));
      expect(new Set(answers.map((a) => JSON.stringify(a.body)))).toEqual(new Set([JSON.stringify({ id, version: 1 })]));
      expect(new Set(answers.map((a) => a.etag))).toEqual(new Set(['"1"']));
      expect((await streamEvents(w, `issue-${id}`)).map((e) => e.type)).toEqual(['IssueCollected']);
    }
  });

  it('a different body under the same id is still refused', async () => {
    const id = `race-other-${Date.now().toString(36)}`;
    const issue = { id, campaignId: 'c1', unitId: 'u-a', enterpriseCode: CODE, kind: 'problem', category: '行政审批', description: '描述' };
    expect((await http(w).post('/issues', { ...issue, title: '甲' }, OFFICER_A)).status).toBe(201);
    const second = await http(w).post('/issues', { ...issue, title: '乙' }, OFFICER_A);
    expect(second.status).toBeGreaterThanOrEqual(400);
    expect(second.status).toBeLessThan(500);
    expect((await streamEvents(w, `issue-${id}`)).length).toBe(1);
  });
});
