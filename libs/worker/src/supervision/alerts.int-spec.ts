import { ManualClock } from '@banjie/platform';
import { AnswerSupervisionNoticeCommand, ResolveIssueCommand } from '@banjie/application';
import { describeEachBackend } from '../../../../test/support/databases';
import {
  acceptedIssue,
  bj,
  event,
  officer,
  seedCampaign,
  startHarness,
  SYSTEM_META as meta,
  type Harness,
} from '../../../../test/support/supervision-harness';
import { AlertsWorker } from './alerts.worker';

const asSupervisor = { 'x-actor': 'user-sup', 'x-unit': 'unit-sup', 'x-role': 'supervisor' };
const asOfficer = (unit: string) => ({ 'x-actor': `user-${unit}`, 'x-unit': unit, 'x-role': 'officer' });

describeEachBackend('supervision: alerts read model, notices, rankings', (backend) => {
  let h: Harness;
  let clock: ManualClock;
  /** Moves the clock, lets the worker read every event and evaluate for the new business date. */
  const settleAt = async (local: string) => {
    clock.set(bj(local));
    const report = await h.app.get(AlertsWorker).settle();
    expect(report?.failed ?? []).toEqual([]);
  };
  const alerts = async (query: string) => {
    const res = await h.get(`/alerts?${query}`);
    expect(res.status).toBe(200);
    return res.body.alerts as any[];
  };

  beforeAll(async () => {
    clock = new ManualClock(bj('2023-04-20 09:00'));
    h = await startHarness(backend, { clock, worker: true });
    await seedCampaign(h, { dueSoonWorkingDays: 1, escalateAfterWorkingDays: 5, stalledAfterWorkingDays: 0 }, [
      ['unit-a', '黄冈市住建局'],
      ['unit-b', '孝感市住建局'],
      ['huangshi', '黄石市住建局'],
      ['tianmen', '天门市住建局'],
    ]);
  }, 240_000); // a fresh embedded database takes seconds to create, more under parallel load
  afterAll(() => h?.close());

  it('the due-date ladder is raised and cleared on the right business dates as the clock moves (May Day 2023)', async () => {
    await acceptedIssue(h, 'ladder', '2023-04-25 10:00', '2023-04-28');
    await settleAt('2023-04-26 09:00');
    expect(await alerts('kind=due_soon,overdue,escalated')).toEqual([]);
    await settleAt('2023-04-27 09:00');
    expect((await alerts('open=true')).map((a) => [a.kind, a.issueId, a.raisedAt])).toEqual([['due_soon', 'ladder', '2023-04-27']]);
    await settleAt('2023-05-02 09:00'); // holiday: still the yellow card
    expect((await alerts('open=true')).map((a) => a.kind)).toEqual(['due_soon']);
    await settleAt('2023-05-04 09:00');
    const open = await alerts('open=true&campaignId=c2023');
    expect(open).toEqual([
      expect.objectContaining({
        kind: 'overdue',
        raisedAt: '2023-05-04',
        clearedAt: null,
        colour: 'red',
        unitId: 'unit-a',
        unitName: '黄冈市住建局',
        issueId: 'ladder',
      }),
    ]);
    expect(await alerts('open=false')).toEqual([
      expect.objectContaining({ kind: 'due_soon', raisedAt: '2023-04-27', clearedAt: '2023-05-04' }),
    ]);
    await settleAt('2023-05-09 09:00');
    expect((await alerts('open=true&kind=escalated')).map((a) => a.raisedAt)).toEqual(['2023-05-09']);
    clock.set(bj('2023-05-10 11:00'));
    await h.exec(new ResolveIssueCommand({ issueId: 'ladder', resolution: '已协助企业完成资质申报' }, meta));
    await settleAt('2023-05-10 12:00');
    expect(await alerts('open=true&kind=overdue,escalated')).toEqual([]);
    expect((await alerts('kind=overdue,escalated')).map((a) => [a.kind, a.raisedAt, a.clearedAt]).sort()).toEqual([
      ['escalated', '2023-05-09', '2023-05-10'],
      ['overdue', '2023-05-04', '2023-05-10'],
    ]);
    expect((await h.get('/alerts?kind=nonsense')).status).toBe(400);
  });

  it("the circular's named units raise thin_collection and symposium_substitution with its own figures", async () => {
    clock.set(bj('2023-07-10 10:00'));
    const codes = (p: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${p}${String(from + i).padStart(4, '0')}`);
    const hs = officer('huangshi');
    await h.store.append('activity-hs-1', 'no_stream', [
      event(
        'ActivityHeld',
        {
          activityId: 'hs-1',
          campaignId: 'c2023',
          unitId: 'huangshi',
          form: 'door_to_door',
          heldOn: '2023-05-10',
          enterpriseCodes: codes('HS', 120),
          summary: '上门走访',
        },
        hs,
        '2023-05-10 10:00',
      ),
    ]);
    await h.store.append('activity-hs-2', 'no_stream', [
      event(
        'ActivityHeld',
        {
          activityId: 'hs-2',
          campaignId: 'c2023',
          unitId: 'huangshi',
          form: 'door_to_door',
          heldOn: '2023-05-24',
          enterpriseCodes: codes('HS', 98, 120),
          summary: '上门走访',
        },
        hs,
        '2023-05-24 10:00',
      ),
    ]);
    for (let i = 0; i < 12; i++) {
      await h.store.append(`issue-hs-${i}`, 'no_stream', [
        event(
          'IssueCollected',
          {
            issueId: `hs-${i}`,
            campaignId: 'c2023',
            unitId: 'huangshi',
            enterpriseCode: codes('HS', 1, i)[0],
            activityId: i < 7 ? 'hs-1' : 'hs-2',
            kind: 'problem',
            category: '政策',
            title: `问题${i}`,
            description: 'd',
          },
          hs,
          i < 7 ? '2023-05-10 15:00' : '2023-05-24 15:00',
        ),
      ]);
    }
    const tm = officer('tianmen');
    await h.store.append('activity-tm-1', 'no_stream', [
      event(
        'ActivityHeld',
        {
          activityId: 'tm-1',
          campaignId: 'c2023',
          unitId: 'tianmen',
          form: 'symposium',
          heldOn: '2023-05-18',
          enterpriseCodes: codes('TM', 59),
          summary: '企业座谈会',
        },
        tm,
        '2023-05-18 10:00',
      ),
    ]);
    for (let i = 0; i < 3; i++) {
      await h.store.append(`issue-tm-${i}`, 'no_stream', [
        event(
          'IssueCollected',
          {
            issueId: `tm-${i}`,
            campaignId: 'c2023',
            unitId: 'tianmen',
            enterpriseCode: codes('TM', 1, i)[0],
            activityId: 'tm-1',
            kind: 'suggestion',
            category: '政策',
            title: `建议${i}`,
            description: 'd',
          },
          tm,
          '2023-05-18 11:00',
        ),
      ]);
    }
    await settleAt('2023-07-10 10:00');
    const thin = await alerts('kind=thin_collection&unitId=huangshi');
    expect(thin).toEqual([
      expect.objectContaining({
        raisedAt: '2023-05-10',
        clearedAt: null,
        unitName: '黄石市住建局',
        details: expect.objectContaining({ enterprisesVisited: 218, issuesCollected: 12 }),
      }),
    ]);
    const symposium = await alerts('kind=symposium_substitution');
    expect(symposium).toEqual([
      expect.objectContaining({
        unitId: 'tianmen',
        activityId: 'tm-1',
        raisedAt: '2023-05-18',
        clearedAt: null,
        details: expect.objectContaining({ enterprises: 59, issuesCollected: 3 }),
      }),
    ]);

    const rankings = await h.get('/campaigns/c2023/rankings?asOf=2023-07-10');
    expect(rankings.status).toBe(200);
    expect(rankings.body.completionRate.map((r: any) => r.unitId)).toEqual(expect.arrayContaining(['huangshi', 'tianmen', 'unit-a']));
    expect(rankings.body.completionRate[0]).toMatchObject({ rank: 1, unitId: 'unit-a', completionRate: 1 });
    expect((await h.get('/campaigns/nope/rankings')).status).toBe(404);
  });

  it('supervision notices: issue → answer → close; a wrong-unit answer is refused; unanswered past respond-by raises notice_overdue', async () => {
    await acceptedIssue(h, 'noticed', '2023-06-16 10:00', '2023-06-30');
    clock.set(bj('2023-06-19 10:00'));
    const issue = (id: string) =>
      h.post(
        '/supervision-notices',
        {
          id,
          campaignId: 'c2023',
          unitId: 'unit-a',
          issueIds: ['noticed'],
          reason: '请加快办理',
          level: 'yellow',
          respondBy: '2023-06-21',
        },
        asSupervisor,
      );
    expect((await issue('n1')).status).toBe(201);
    expect((await issue('n2')).status).toBe(201);

    clock.set(bj('2023-06-20 10:00'));
    // Another unit's officer: the access guard does not even confirm the notice exists (404) …
    const wrong = await h.post('/supervision-notices/n1/answer', { response: '不是我们的' }, asOfficer('unit-b'));
    expect(wrong.status).toBe(404);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.body).toMatchObject({ code: 'NOTICE.NOT_FOUND' });
    // … and the domain refuses it too, whoever dispatches the command (CLI, demo)
    await expect(
      h.exec(
        new AnswerSupervisionNoticeCommand(
          { noticeId: 'n1', response: '不是我们的' },
          { actor: { userId: 'user-b', unitId: 'unit-b', role: 'officer' }, source: 'cli' },
        ),
      ),
    ).rejects.toMatchObject({ code: 'NOTICE.NOT_ADDRESSEE', kind: 'forbidden' });
    expect(await h.store.streamVersion('supervision-n1')).toBe(1);
    expect((await h.post('/supervision-notices/n1/answer', { response: '已安排专人办理' }, asOfficer('unit-a'))).status).toBe(200);
    expect((await h.post('/supervision-notices/n1/close', { outcome: '已整改' }, asSupervisor)).status).toBe(200);
    const n1 = await h.get('/supervision-notices/n1');
    expect(n1.body).toMatchObject({ status: 'closed' });

    await settleAt('2023-06-24 10:00'); // Dragon Boat holiday: not late yet
    expect(await alerts('kind=notice_overdue')).toEqual([]);
    await settleAt('2023-06-25 10:00'); // the make-up Sunday is the first working day past 06-21
    expect(await alerts('kind=notice_overdue&open=true')).toEqual([
      expect.objectContaining({ noticeId: 'n2', unitId: 'unit-a', raisedAt: '2023-06-25', level: 'serious' }),
    ]);
    clock.set(bj('2023-06-26 09:00'));
    expect((await h.post('/supervision-notices/n2/answer', { response: '已办理' }, asOfficer('unit-a'))).status).toBe(200);
    await settleAt('2023-06-26 10:00');
    expect((await alerts('kind=notice_overdue')).map((a) => [a.noticeId, a.raisedAt, a.clearedAt])).toEqual([
      ['n2', '2023-06-25', '2023-06-26'],
    ]);
  });

  it("an officer sees only their unit's alerts", async () => {
    const res = await h.get('/alerts', asOfficer('unit-b'));
    expect(res.status).toBe(200);
    expect(res.body.alerts.every((a: any) => a.unitId === 'unit-b')).toBe(true);
    const other = await h.get('/alerts?unitId=unit-a', asOfficer('unit-b'));
    expect(other.status).toBe(403);
  });
});
