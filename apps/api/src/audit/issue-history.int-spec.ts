import { tamperWithStoredEvent } from '@banjie/event-store/testing';
import { describeEachBackend } from '../../../../test/support/databases';
import { bj, event, officer, startHarness, SUPERVISOR, type Harness } from '../../../../test/support/supervision-harness';

describeEachBackend('audit trail API', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
    const a = officer('unit-hs');
    await h.store.append('campaign-c1', 'no_stream', [
      event(
        'CampaignLaunched',
        {
          campaignId: 'c1',
          title: '服务企业月',
          startsOn: '2023-05-01',
          endsOn: '2023-06-30',
          targets: {},
          sla: {},
          thresholds: { lateRecordingWorkingDays: 3 },
        },
        SUPERVISOR,
        '2023-04-28 09:00',
      ),
    ]);
    await h.store.append('issue-i1', 'no_stream', [
      event(
        'IssueCollected',
        {
          issueId: 'i1',
          campaignId: 'c1',
          unitId: 'unit-hs',
          enterpriseCode: '91350100M000100Y43',
          kind: 'problem',
          category: '资质',
          title: '资质升级',
          description: 'd',
        },
        a,
        '2023-05-04 10:00',
      ),
    ]);
    await h.store.append('issue-i1', 1, [
      event('IssueAccepted', { dueOn: '2023-05-25' }, a, '2023-05-05 10:00', { correlationId: 'corr-x' }),
    ]);
    await h.store.append('issue-i1', 2, [event('IssueProgressRecorded', { note: '已上门' }, a, '2023-05-06 10:00')]);
    await h.store.append('issue-other', 'no_stream', [
      event('IssueProgressRecorded', { note: 'x' }, officer('unit-x'), '2023-05-06 10:00'),
    ]);
  }, 240_000); // a fresh embedded database takes seconds to create, more under parallel load
  afterAll(() => h?.close());

  it('lists every event of the issue in order with actor, unit, both times, gap and an intact chain', async () => {
    const res = await h.get('/issues/i1/history');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issueId: 'i1',
      streamId: 'issue-i1',
      campaignId: 'c1',
      version: 3,
      lateRecordingWorkingDays: 3,
      chain: { ok: true, broken: [] },
    });
    const events = res.body.events;
    expect(events.map((e: any) => [e.streamVersion, e.type])).toEqual([
      [1, 'IssueCollected'],
      [2, 'IssueAccepted'],
      [3, 'IssueProgressRecorded'],
    ]);
    for (const e of events) {
      expect(e.actor).toEqual({ userId: 'user-unit-hs', unitId: 'unit-hs', role: 'officer' });
      expect(e.unitId).toBe('unit-hs');
      expect(new Date(e.recordedAt).getTime()).toBeGreaterThanOrEqual(new Date(e.occurredAt).getTime());
      expect(e.lagMs).toBe(new Date(e.recordedAt).getTime() - new Date(e.occurredAt).getTime());
      expect(e.lateRecording).toBe(true); // back-dated from 2023 to today: far beyond 3 days
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(events[0].occurredAt).toBe('2023-05-04T02:00:00.000Z');
    expect(events[1]).toMatchObject({
      correlationId: 'corr-x',
      causationId: 'cmd-IssueAccepted',
      source: 'api',
      data: { dueOn: '2023-05-25' },
    });
    expect(events[1].prevHash).toBe(events[0].hash);
  });

  it('a recent recording is not flagged late', async () => {
    await h.store.append('issue-i2', 'no_stream', [
      {
        type: 'IssueCollected',
        data: { issueId: 'i2', campaignId: 'c1', unitId: 'u' },
        metadata: { actor: SUPERVISOR, correlationId: 'c', causationId: null, source: 'api' },
      },
    ]);
    const res = await h.get('/issues/i2/history');
    expect(res.body.events[0]).toMatchObject({ lateRecording: false, lagDays: 0 });
  });

  it('reports the chain broken after a row is altered in SQL', async () => {
    const [, accepted] = await h.store.readStream('issue-i1');
    await tamperWithStoredEvent(h.db.pool, 'issue-i1', 2, { data: { ...accepted.data, dueOn: '2023-06-30' } });
    const res = await h.get('/issues/i1/history');
    expect(res.status).toBe(200);
    expect(res.body.chain.ok).toBe(false);
    expect(res.body.chain.broken).toEqual([expect.objectContaining({ streamId: 'issue-i1', streamVersion: 2, reason: 'hash_mismatch' })]);
  });

  it('answers 404 problem+json for an unknown issue', async () => {
    const res = await h.get('/issues/nope/history');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'ISSUE.NOT_FOUND', status: 404 });
  });

  it('GET /audit filters by unit, actor, type and time, newest first, paged with a keyset cursor', async () => {
    const byUnit = await h.get('/audit?unitId=unit-hs');
    expect(byUnit.status).toBe(200);
    expect(byUnit.body.items.map((e: any) => e.type)).toEqual(['IssueProgressRecorded', 'IssueAccepted', 'IssueCollected']);
    const byActor = await h.get('/audit?actor=user-unit-x');
    expect(byActor.body.items).toHaveLength(1);
    const byType = await h.get('/audit?type=IssueAccepted,CampaignLaunched');
    expect(byType.body.items.map((e: any) => e.type).sort()).toEqual(['CampaignLaunched', 'IssueAccepted']);
    const page1 = await h.get('/audit?pageSize=2');
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2, hasMore: true });
    const page2 = await h.get(`/audit?pageSize=2&before=${page1.body.nextBefore}`);
    expect(page2.body.items[0].position).toBeLessThan(page1.body.items[1].position);
    const offset2 = await h.get('/audit?pageSize=2&page=2');
    expect(offset2.body.items.map((e: any) => e.eventId)).toEqual(page2.body.items.map((e: any) => e.eventId));
    const future = await h.get('/audit?from=2099-12-31'); // dates are real days in 2000–2100 (docs/api.md)
    expect(future.body.items).toEqual([]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const upToToday = await h.get(`/audit?to=${today}`);
    expect(upToToday.body.items.length).toBe(6);
  });

  it('rejects bad filters and too-deep offset pages with problem+json', async () => {
    expect((await h.get('/audit?from=yesterday')).body).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
    expect((await h.get('/audit?pageSize=500')).status).toBe(400);
    expect((await h.get('/audit?page=1000&pageSize=50')).body).toMatchObject({ status: 400, code: 'AUDIT.PAGE_TOO_DEEP' });
  });

  // These write more events: after the GET /audit tests, which count what the store holds.
  it("late recording is counted in working days on the commands' clock; demo history is labelled, never late", async () => {
    const a = officer('unit-lag');
    const collect = (issueId: string) => ({
      issueId,
      campaignId: 'c1',
      unitId: 'unit-lag',
      enterpriseCode: '91350100M000100Y43',
      kind: 'problem',
      category: '资质',
      title: 't',
      description: 'd',
    });
    const clock = (local: string) => ({ decidedAt: bj(local).toISOString() });
    // Friday 2023-06-16 10:00, recorded on the replayed clock the next Wednesday (06-21): 3 working days → not late
    await h.store.append('issue-lag3', 'no_stream', [
      event('IssueCollected', collect('lag3'), a, '2023-06-16 10:00', clock('2023-06-21 18:00')),
    ]);
    // … and the next Thursday: the Dragon Boat holiday (06-22..06-24) adds no working day → still 3
    await h.store.append('issue-lagh', 'no_stream', [
      event('IssueCollected', collect('lagh'), a, '2023-06-16 10:00', clock('2023-06-24 18:00')),
    ]);
    // … Sunday 06-25 is a make-up working day: 4 working days → late
    await h.store.append('issue-lag4', 'no_stream', [
      event('IssueCollected', collect('lag4'), a, '2023-06-16 10:00', clock('2023-06-25 09:00')),
    ]);
    // the demo loader's history, recorded years later on the real clock
    await h.store.append('issue-demo', 'no_stream', [event('IssueCollected', collect('demo'), a, '2023-06-16 10:00', { source: 'demo' })]);
    const first = async (id: string) => (await h.get(`/issues/${id}/history`)).body.events[0];
    expect(await first('lag3')).toMatchObject({
      lagWorkingDays: 3,
      lateRecording: false,
      demoHistory: false,
      recordedByClock: bj('2023-06-21 18:00').toISOString(),
    });
    expect(await first('lagh')).toMatchObject({ lagWorkingDays: 3, lateRecording: false });
    expect(await first('lag4')).toMatchObject({ lagWorkingDays: 4, lateRecording: true });
    const demo = await first('demo');
    expect(demo.lagWorkingDays).toBeGreaterThan(300); // 2023 → today
    expect(demo).toMatchObject({ demoHistory: true, lateRecording: false });
  });

  it('shows an overdue the watcher recorded that a back-dated on-time resolution supersedes, with the reason', async () => {
    const a = officer('unit-lag');
    const watcher = { userId: 'system', unitId: null, role: 'system' };
    await h.store.append('issue-late', 'no_stream', [
      event(
        'IssueCollected',
        {
          issueId: 'late',
          campaignId: 'c1',
          unitId: 'unit-lag',
          enterpriseCode: '91350100M000100Y43',
          kind: 'problem',
          category: 'c',
          title: 't',
          description: 'd',
        },
        a,
        '2023-06-01 10:00',
        { decidedAt: bj('2023-06-01 10:00').toISOString() },
      ),
      event('IssueAccepted', { dueOn: '2023-06-09' }, a, '2023-06-02 10:00', { decidedAt: bj('2023-06-02 10:00').toISOString() }),
      event('IssueBecameOverdue', { dueOn: '2023-06-09' }, watcher, '2023-06-10 00:00', {
        source: 'watcher',
        decidedAt: bj('2023-06-12 09:00').toISOString(),
      }),
      event('IssueResolved', { resolution: '现场办结' }, a, '2023-06-09 16:00', { decidedAt: bj('2023-06-12 10:00').toISOString() }),
    ]);
    const { events } = (await h.get('/issues/late/history')).body;
    const overdue = events.find((e: any) => e.type === 'IssueBecameOverdue');
    const resolved = events.find((e: any) => e.type === 'IssueResolved');
    expect(overdue.overdueNoLongerCounts).toEqual({
      reason: 'resolved_on_time',
      eventId: resolved.eventId,
      type: 'IssueResolved',
      streamVersion: 4,
      on: '2023-06-09',
      recordedOn: '2023-06-12',
      note: '按期办结（发生于 2023-06-09，2023-06-12 补录）：此前记录的超期（办理时限 2023-06-09）不再计入',
    });
    // both events with their business and recording times; the resolution is recorded 1 working day late
    expect(overdue).toMatchObject({ occurredAt: bj('2023-06-10 00:00').toISOString(), lateRecording: false });
    expect(resolved).toMatchObject({ occurredAt: bj('2023-06-09 16:00').toISOString(), lagWorkingDays: 1, lateRecording: false });
    expect(resolved.overdueNoLongerCounts).toBeUndefined();
  });
});
