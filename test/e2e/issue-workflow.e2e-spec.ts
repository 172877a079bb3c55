import { describeEachBackend } from '../support/databases';
import { startWorkflowApp, type WorkflowApp } from '../support/workflow-app';
import {
  ADMIN,
  CODE,
  OFFICER_A,
  OFFICER_B,
  OTHER_CODE,
  SUPERVISOR,
  collect,
  http,
  seedWorkflow,
  streamEvents,
} from '../support/workflow-fixtures';

const PROBLEM = 'application/problem+json';

describeEachBackend('the issue workflow over HTTP', (backend) => {
  let w: WorkflowApp;
  let api: ReturnType<typeof http>;
  beforeAll(async () => {
    w = await startWorkflowApp(backend);
    api = http(w);
    await seedWorkflow(w);
  });
  afterAll(() => w?.close());

  it('full life cycle: collect → accept → transfer → resolve → dissatisfied → reopen → resolve → satisfied', async () => {
    const id = await collect(w);
    const steps: Array<[string, object, Record<string, string>, number]> = [
      ['accept', { handler: '张三' }, OFFICER_A, 2],
      ['transfer', { toUnitId: 'u-b', reason: '属住房保障业务' }, OFFICER_A, 3],
      ['resolve', { resolution: '已协调结算' }, OFFICER_B, 4],
      ['feedback', { rating: 'dissatisfied', channel: 'callback', comment: '仍未到账' }, OFFICER_B, 5],
      ['reopen', { reason: '企业不满意' }, OFFICER_B, 6],
      ['resolve', { resolution: '款项已到账' }, OFFICER_B, 7],
      ['feedback', { rating: 'satisfied', channel: 'callback' }, OFFICER_B, 8],
    ];
    for (const [action, body, actor, version] of steps) {
      const r = await api.post(`/issues/${id}/${action}`, body, actor);
      expect({ action, status: r.status, body: r.body }).toEqual({ action, status: 200, body: { id, version } });
      expect(r.headers.etag).toBe(`"${version}"`);
    }
    const events = await streamEvents(w, `issue-${id}`);
    expect(events.map((e) => e.type)).toEqual([
      'IssueCollected',
      'IssueAccepted',
      'IssueTransferred',
      'IssueResolved',
      'FeedbackGiven',
      'IssueReopened',
      'IssueResolved',
      'FeedbackGiven',
    ]);
    expect(events[1].data).toEqual({ dueOn: expect.stringMatching(/^2023-07-\d\d$/), handler: '张三' });
    expect(events[2].data).toEqual({ fromUnitId: 'u-a', toUnitId: 'u-b', reason: '属住房保障业务' });
    const got = await api.get(`/issues/${id}`);
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe('"8"');
    expect(got.body).toMatchObject({
      id,
      version: 8,
      status: 'resolved',
      responsibleUnitId: 'u-b',
      collectingUnitId: 'u-a',
      cycle: 2,
      lastRating: 'satisfied',
    });
    // a second rating of the same resolution is refused, naming the state and the rule
    const again = await api.post(`/issues/${id}/feedback`, { rating: 'satisfied', channel: 'callback' }, OFFICER_B);
    expect(again.status).toBe(422);
    expect(again.headers['content-type']).toContain(PROBLEM);
    expect(again.body).toMatchObject({ code: 'ISSUE.FEEDBACK_ALREADY_GIVEN', state: 'resolved' });
  });

  it('every event carries actor, correlation, causation, idempotency key and source', async () => {
    const id = await collect(w);
    const r = await api.post(`/issues/${id}/accept`, {}, { ...OFFICER_A, 'x-correlation-id': 'corr-42', 'idempotency-key': `meta-${id}` });
    expect(r.status).toBe(200);
    const [collected, accepted] = await streamEvents(w, `issue-${id}`);
    expect(accepted.metadata).toMatchObject({
      actor: { userId: 'user-a', unitId: 'u-a', role: 'officer' },
      correlationId: 'corr-42',
      causationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      idempotencyKey: `meta-${id}`,
      source: 'api',
    });
    expect(collected.metadata.causationId).not.toBe(accepted.metadata.causationId);
    expect(collected.metadata.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    // without actor headers: the default system actor
    await api.post('/enterprises', { creditCode: '91110000600037341L', name: '北京某公司', region: '北京' });
    const [registered] = await streamEvents(w, 'enterprise-91110000600037341L');
    expect(registered.metadata.actor).toEqual({ userId: 'system', unitId: null, role: 'system' });
  });

  it('on-the-spot resolution: a pending issue is resolved without acceptance', async () => {
    const id = await collect(w);
    const r = await api.post(`/issues/${id}/resolve`, { resolution: '现场答复解决' }, OFFICER_A);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id, version: 2 });
    const fb = await api.post(`/issues/${id}/feedback`, { rating: 'satisfied', channel: 'on_site' }, OFFICER_A);
    expect(fb.body).toEqual({ id, version: 3 });
    expect((await streamEvents(w, `issue-${id}`)).map((e) => e.type)).toEqual(['IssueCollected', 'IssueResolved', 'FeedbackGiven']);
  });

  it('withdrawal is terminal: later commands are refused with ISSUE.WITHDRAWN', async () => {
    const id = await collect(w);
    expect((await api.post(`/issues/${id}/accept`, {}, OFFICER_A)).status).toBe(200);
    // the campaign's default: the unit asks, the supervision office approves (issue #18)
    const r = await api.post(`/issues/${id}/withdraw`, { reason: '重复反映' }, OFFICER_A);
    expect(r.body).toEqual({ id, version: 3 });
    expect((await api.get(`/issues/${id}`)).body).toMatchObject({ status: 'in_progress', pendingRequest: 'withdrawal' });
    expect((await api.post(`/issues/${id}/decide-withdrawal`, { approve: true }, SUPERVISOR)).body).toEqual({ id, version: 4 });
    const before = await w.eventCount();
    for (const [action, body] of [
      ['resolve', { resolution: 'x' }],
      ['accept', {}],
      ['withdraw', { reason: 'again' }],
    ] as const) {
      const refused = await api.post(`/issues/${id}/${action}`, body, OFFICER_A);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'ISSUE.WITHDRAWN', state: 'withdrawn' });
    }
    expect(await w.eventCount()).toBe(before);
    expect((await api.get(`/issues/${id}`)).body.status).toBe('withdrawn');
  });

  it('If-Match: the current version passes, a stale one → 412 with the current version and nothing written', async () => {
    const id = await collect(w);
    const ok = await api.post(`/issues/${id}/accept`, {}, { ...OFFICER_A, 'if-match': '"1"' });
    expect(ok.status).toBe(200);
    const before = await w.eventCount();
    const stale = await api.post(`/issues/${id}/progress`, { note: '已联系企业' }, { ...OFFICER_A, 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toContain(PROBLEM);
    expect(stale.body).toMatchObject({ code: 'STREAM.PRECONDITION_FAILED', currentVersion: 2 });
    expect(stale.headers.etag).toBe('"2"');
    expect(await w.eventCount()).toBe(before);
    const bare = await api.post(`/issues/${id}/progress`, { note: '已联系企业' }, { ...OFFICER_A, 'if-match': '2' });
    expect(bare.body).toEqual({ id, version: 3 });
  });

  it('Idempotency-Key: same key + same body → the first response and no new event; another body → 422', async () => {
    const id = await collect(w);
    const headers = { ...OFFICER_A, 'idempotency-key': `resolve-${id}` };
    const first = await api.post(`/issues/${id}/resolve`, { resolution: '已解决' }, headers);
    expect(first.status).toBe(200);
    const count = await w.eventCount();
    const streamCount = (await streamEvents(w, `issue-${id}`)).length;
    const replay = await api.post(`/issues/${id}/resolve`, { resolution: '已解决' }, headers);
    expect(replay.status).toBe(first.status);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.etag).toBe(first.headers.etag);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await w.eventCount()).toBe(count);
    expect((await streamEvents(w, `issue-${id}`)).length).toBe(streamCount);
    const reused = await api.post(`/issues/${id}/resolve`, { resolution: '另一个结果' }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(await w.eventCount()).toBe(count);
    // a refusal by a rule is remembered too: the retry gets the same 422
    const refusedKey = { ...OFFICER_A, 'idempotency-key': `accept-${id}` };
    const refused = await api.post(`/issues/${id}/accept`, {}, refusedKey);
    expect(refused.status).toBe(422);
    const refusedAgain = await api.post(`/issues/${id}/accept`, {}, refusedKey);
    expect(refusedAgain.status).toBe(422);
    expect(refusedAgain.body.code).toBe(refused.body.code);
  });

  it('Idempotency-Key: parallel requests with one key write once and all get the same answer', async () => {
    const key = `parallel-collect-${Date.now()}`;
    const body = {
      campaignId: 'c1',
      unitId: 'u-a',
      enterpriseCode: OTHER_CODE,
      kind: 'suggestion',
      category: '行政审批',
      title: '简化审批',
      description: '建议压缩审批时限',
    };
    const before = await w.eventCount();
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.post('/issues', body, { ...OFFICER_A, 'idempotency-key': key })));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await w.eventCount()).toBe(before + 1);
  });

  it('20 parallel resolves of one issue: exactly one succeeds', async () => {
    const id = await collect(w);
    const before = await w.eventCount();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.post(`/issues/${id}/resolve`, { resolution: `办结 ${i}` }, OFFICER_A)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s < 300)).toHaveLength(1);
    // losers either lost the append race (409 with the current version) or loaded the resolved
    // issue after the winner committed (422 ISSUE.NOT_OPEN, naming the state): never 5xx
    for (const a of answers.filter((x) => x.status >= 300)) {
      expect(a.headers['content-type']).toContain(PROBLEM);
      expect([409, 422]).toContain(a.status);
      expect(a.body.code).toBe(a.status === 409 ? 'STREAM.CONCURRENCY' : 'ISSUE.NOT_OPEN');
    }
    expect(await w.eventCount()).toBe(before + 1);
    // with If-Match (the version each client saw), every loser is a clean 412
    const id2 = await collect(w);
    const withIfMatch = await Promise.all(
      Array.from({ length: 20 }, () => api.post(`/issues/${id2}/resolve`, { resolution: '办结' }, { ...OFFICER_A, 'if-match': '"1"' })),
    );
    const s2 = withIfMatch.map((a) => a.status).sort();
    expect(s2).toEqual([200, ...Array(19).fill(412)]);
  });

  it('creation with a client id is idempotent: the same body answers the same, another body is refused', async () => {
    const unit = { id: 'u-c', name: '黄石市住建局', level: 'prefecture', region: '黄石市' };
    const first = await api.post('/units', unit, ADMIN);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: 'u-c', version: 1 });
    const count = await w.eventCount();
    const again = await api.post('/units', unit, ADMIN);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe('"1"');
    expect(await w.eventCount()).toBe(count);
    const other = await api.post('/units', { ...unit, name: '另一个名字' }, ADMIN);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'UNIT.ALREADY_EXISTS' });
    // the server generates an id when none is given
    const generated = await api.post('/units', { name: '鄂州市住建局', level: 'prefecture', region: '鄂州市' }, ADMIN);
    expect(generated.status).toBe(201);
    expect(generated.body.id).toMatch(/^[0-9a-f-]{36}$/);
    // lower-case credit codes are one enterprise with the upper-case one
    const lower = await api.post(
      '/enterprises',
      { creditCode: CODE.toLowerCase(), name: '湖北甲建设有限公司', region: '天门市' },
      OFFICER_A,
    );
    expect(lower.status).toBe(201);
    expect(lower.body).toEqual({ id: CODE, version: 1 });
  });

  it('occurredAt: back-dating is recorded; the future and before the campaign are refused', async () => {
    const id = await collect(w, { occurredAt: '2023-06-19T09:30:00+08:00' });
    const [collected] = await streamEvents(w, `issue-${id}`);
    expect(collected.occurred_at.toISOString()).toBe('2023-06-19T01:30:00.000Z');
    const future = await api.post(`/issues/${id}/accept`, { occurredAt: '2023-06-22T10:00:00+08:00' }, OFFICER_A);
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('COMMON.OCCURRED_IN_FUTURE');
    const early = await api.post(
      '/issues',
      {
        campaignId: 'c1',
        unitId: 'u-a',
        enterpriseCode: CODE,
        kind: 'problem',
        category: 'c',
        title: 't',
        description: 'd',
        occurredAt: '2023-04-01T10:00:00+08:00',
      },
      OFFICER_A,
    );
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('COMMON.OCCURRED_BEFORE_CAMPAIGN');
    const beforePrevious = await api.post(`/issues/${id}/accept`, { occurredAt: '2023-06-18T10:00:00+08:00' }, OFFICER_A);
    expect(beforePrevious.status).toBe(422);
    expect(beforePrevious.body.code).toBe('ISSUE.OCCURRED_BEFORE_PREVIOUS');
  });

  it('GET: units, enterprises, campaigns, activities, issues (filtered, paginated), notices', async () => {
    const units = await api.get('/units?level=prefecture');
    expect(units.status).toBe(200);
    expect(units.body.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining(['u-a', 'u-b']));
    expect((await api.get('/units/u-a')).body).toMatchObject({ id: 'u-a', version: 1, status: 'active', name: '天门市住建局' });
    expect((await api.get('/units/nobody')).status).toBe(404);
    const found = await api.get(`/enterprises?q=${encodeURIComponent('建材')}`);
    expect(found.body.items).toEqual([{ creditCode: OTHER_CODE, name: '湖北乙建材有限公司', region: '天门市' }]);
    expect((await api.get(`/enterprises/${CODE.toLowerCase()}`)).body).toMatchObject({ creditCode: CODE, version: 1 });
    expect((await api.get('/enterprises/91350100M000100Y44')).status).toBe(404);
    expect((await api.get('/campaigns')).body.items[0]).toMatchObject({
      id: 'c1',
      startsOn: '2023-05-01',
      endsOn: '2023-06-30',
      status: 'active',
    });
    expect((await api.get('/campaigns/c1')).body).toMatchObject({ id: 'c1', sla: { resolveWithinWorkingDays: 15 } });
    const activities = await api.get('/activities?campaignId=c1&unitId=u-a');
    expect(activities.body.items).toEqual([
      expect.objectContaining({ id: 'act-1', heldOn: '2023-06-20', enterpriseCodes: [CODE, OTHER_CODE] }),
    ]);

    const open = await collect(w);
    await api.post(`/issues/${open}/accept`, { dueOn: '2023-06-21' }, OFFICER_A);
    const all = await api.get('/issues?campaignId=c1&pageSize=2&page=1');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.total).toBeGreaterThan(5);
    const page2 = await api.get('/issues?campaignId=c1&pageSize=2&page=2');
    expect(page2.body.items[0].id).not.toBe(all.body.items[0].id);
    const resolvedWithB = await api.get('/issues?unitId=u-b&state=resolved');
    expect(
      resolvedWithB.body.items.every(
        (i: { state: string; responsibleUnitId: string }) => i.state === 'resolved' && i.responsibleUnitId === 'u-b',
      ),
    ).toBe(true);
    expect((await api.get('/issues?overdue=true')).body.items).toEqual([]);
    w.clock.set(new Date('2023-06-25T10:00:00+08:00')); // the due date 06-21 has passed
    try {
      const overdue = await api.get('/issues?overdue=true&campaignId=c1');
      expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(open);
      expect(overdue.body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    } finally {
      w.clock.set(new Date('2023-06-21T10:00:00+08:00'));
    }
    expect((await api.get('/issues/unknown-issue')).status).toBe(404);
    expect((await api.get('/issues?state=lost')).status).toBe(400);
    expect((await api.get('/issues?page=0')).status).toBe(400);
  });

  it('supervision notices: issue → answer → close, listed by unit and status', async () => {
    const issueId = await collect(w);
    const issued = await api.post(
      '/supervision-notices',
      { id: 'n-1', campaignId: 'c1', unitId: 'u-a', issueIds: [issueId], reason: '办结率较低', level: 'yellow' },
      SUPERVISOR,
    );
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ id: 'n-1', version: 1 });
    const notYours = await api.post('/supervision-notices/n-1/answer', { response: '已整改' }, OFFICER_B);
    // another unit may not answer: 403 from the domain, or 404 when access control hides the notice
    expect([403, 404]).toContain(notYours.status);
    expect((await api.post('/supervision-notices/n-1/answer', { response: '已整改' }, OFFICER_A)).body).toEqual({ id: 'n-1', version: 2 });
    expect((await api.post('/supervision-notices/n-1/close', { outcome: '整改到位' }, SUPERVISOR)).body).toEqual({ id: 'n-1', version: 3 });
    const listed = await api.get('/supervision-notices?unitId=u-a&status=closed');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: 'n-1', level: 'yellow', response: '已整改', outcome: '整改到位', issueIds: [issueId] }),
    ]);
    expect((await api.get('/supervision-notices/n-1')).body).toMatchObject({
      status: 'closed',
      respondBy: expect.stringMatching(/^2023-06-\d\d$/),
    });
  });

  it('units: rename and retire; campaigns: close (routes beyond DESIGN §7 the admin needs)', async () => {
    await api.post('/units', { id: 'u-r', name: '旧名', level: 'department', region: '武汉市' }, ADMIN);
    expect((await api.post('/units/u-r/rename', { name: '新名' }, ADMIN)).body).toEqual({ id: 'u-r', version: 2 });
    expect((await api.post('/units/u-r/retire', undefined, ADMIN)).body).toEqual({ id: 'u-r', version: 3 });
    const transferToRetired = await api.post(`/issues/${await collect(w)}/transfer`, { toUnitId: 'u-r', reason: 'x' }, OFFICER_A);
    expect(transferToRetired.body.code).toBe('UNIT.RETIRED');
    await api.post('/campaigns', { id: 'c-old', title: '旧活动', startsOn: '2023-01-01', endsOn: '2023-01-31' }, ADMIN);
    expect((await api.post('/campaigns/c-old/close', { reason: '到期' }, ADMIN)).body).toEqual({ id: 'c-old', version: 2 });
  });

  it('Idempotency keys survive a restart', async () => {
    const id = await collect(w);
    const headers = { ...OFFICER_A, 'idempotency-key': `restart-${id}` };
    const first = await api.post(`/issues/${id}/resolve`, { resolution: '已解决' }, headers);
    expect(first.status).toBe(200);
    await w.restart();
    const count = await w.eventCount();
    const replay = await api.post(`/issues/${id}/resolve`, { resolution: '已解决' }, headers);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(await w.eventCount()).toBe(count);
  });

  it('calendar adjustments move computed due dates at once', async () => {
    const before = await collect(w);
    const a = await api.post(`/issues/${before}/accept`, {}, OFFICER_A);
    expect(a.status).toBe(200);
    const due1 = (await api.get(`/issues/${before}`)).body.dueOn;
    // declare the working day before due1 a local holiday: the same acceptance now ends a working day later
    const holiday = await api.post(
      '/calendar/adjustments',
      { date: '2023-07-03', isWorkday: false, name: '地方停工日', sourceNotice: '测试通知' },
      ADMIN,
    );
    expect(holiday.status).toBe(201);
    expect(holiday.body).toEqual({ id: 'calendar', version: 1 });
    const after = await collect(w);
    await api.post(`/issues/${after}/accept`, {}, OFFICER_A);
    const due2 = (await api.get(`/issues/${after}`)).body.dueOn;
    expect(due1 >= '2023-07-03').toBe(true);
    expect(due2 > due1).toBe(true);
    const officer = await api.post(
      '/calendar/adjustments',
      { date: '2023-07-04', isWorkday: false, name: 'x', sourceNotice: 'y' },
      OFFICER_A,
    );
    expect(officer.status).toBe(403);
  });
});
