/**
 * Issue #18's integration acceptance, on both backends, through the real application (API +
 * worker): requests to the supervision office and its decisions, read back by every read model.
 *
 * - A unit that withdraws three of its issues does not raise its completion rate until the office
 *   approves; the as-of report and list before and after the approval differ by exactly those three.
 * - The inbox shows the office every pending request and an officer only their own unit's.
 * - Extensions: requested, refused, requested again, approved — the new due date in the issue.
 * - 办结审核: a submitted resolution is not resolved; returned, resubmitted, accepted, it is.
 * - Case numbers and search: GET /issues?q= by case number, title, part of an enterprise's name
 *   and credit code, scoped to the caller's unit; GET /enterprises/:code/issues.
 */
import type { Pool } from 'pg';
import { creditCodeCheckChar } from '@banjie/domain';
import { ManualClock } from '@banjie/platform';
import { Projector } from '@banjie/projections';
import { describeEachBackend } from '../support/databases';
import { settle } from '../support/projection-helpers';
import { bj, startHarness, type Harness } from '../support/supervision-harness';

const ADMIN = { 'x-actor': 'user-admin', 'x-role': 'admin' };
const SUPERVISOR = { 'x-actor': 'user-sup', 'x-unit': 'unit-sup', 'x-role': 'supervisor' };
const officerOf = (unit: string) => ({ 'x-actor': `user-${unit}`, 'x-unit': unit, 'x-role': 'officer' });
const A = officerOf('unit-a');
const B = officerOf('unit-b');

function creditCode(n: number): string {
  const first17 = `91420100MA4K${String(n).padStart(4, '0')}0`;
  return first17 + creditCodeCheckChar(first17)!;
}

describeEachBackend('the supervision office desk: requests, decisions, case numbers, search', (backend) => {
  let h: Harness;
  let clock: ManualClock;
  const ok = async (res: Promise<{ status: number; body: any }>, status = 200) => {
    const r = await res;
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const at = (local: string) => ({ occurredAt: bj(local).toISOString() });
  const caughtUp = () => settle(h.app.get(Projector), h.db.pool as Pool, h.store);
  const row = async (campaignId: string, unitId: string, query = '') => {
    await caughtUp();
    const body = await ok(h.get(`/campaigns/${campaignId}/report?${query}`, SUPERVISOR));
    return body.rows.find((r: any) => r.unitId === unitId);
  };
  const listAsOf = async (campaignId: string, asOf: string) => {
    const body = await ok(h.get(`/issues?campaignId=${campaignId}&asOf=${asOf}&pageSize=200`, SUPERVISOR));
    return new Map<string, string>(body.items.map((i: any) => [i.id, i.state]));
  };

  /** unit's issue n in campaign, collected and accepted on 2023-05-11 (due 2023-05-31). */
  async function acceptedIssue(campaignId: string, unit: string, n: number, title = `问题 ${n}`) {
    const id = `${campaignId}-${unit}-${n}`;
    const body = { id, campaignId, unitId: unit, enterpriseCode: creditCode(n), kind: 'problem', category: '资质资格', title };
    await ok(h.post('/issues', { ...body, description: '企业反映', ...at('2023-05-11 10:00') }, officerOf(unit)), 201);
    await ok(h.post(`/issues/${id}/accept`, { dueOn: '2023-05-31', ...at('2023-05-11 11:00') }, officerOf(unit)));
    return id;
  }

  beforeAll(async () => {
    clock = new ManualClock(bj('2023-04-25 09:00'));
    h = await startHarness(backend, { clock, worker: true });
    for (const unit of ['unit-a', 'unit-b'])
      await ok(h.post('/units', { id: unit, name: `${unit} 住建局`, level: 'prefecture', region: '湖北' }, ADMIN), 201);
    const names = ['武汉建工集团', '黄石华新建材', '宜昌三峡路桥', '襄阳汉江建设', '荆州古城园林', '孝感安居置业'];
    for (let n = 1; n <= 6; n++)
      await ok(h.post('/enterprises', { creditCode: creditCode(n), name: names[n - 1], region: '湖北' }, ADMIN), 201);
    const period = { startsOn: '2023-05-01', endsOn: '2023-06-30' };
    await ok(h.post('/campaigns', { id: 'c-desk', title: '服务企业月', ...period }, ADMIN), 201);
    await ok(h.post('/campaigns', { id: 'c-review', title: '办结审核', ...period, workflow: { resolutionNeedsReview: true } }, ADMIN), 201);
    clock.set(bj('2023-05-11 12:00'));
    for (const unit of ['unit-a', 'unit-b'])
      await ok(
        h.post(
          '/activities',
          {
            id: `act-${unit}`,
            campaignId: 'c-desk',
            unitId: unit,
            form: 'door_to_door',
            heldOn: '2023-05-10',
            enterpriseCodes: [1, 2, 3, 4, 5, 6].map(creditCode),
            summary: '上门走访',
          },
          officerOf(unit),
        ),
        201,
      );
  }, 240_000); // a fresh embedded database takes seconds to create, more under parallel load
  afterAll(() => h?.close());

  it('withdrawing three issues does not raise the completion rate until the office approves; as-of differs by exactly those', async () => {
    const ids = [];
    for (let n = 1; n <= 5; n++) ids.push(await acceptedIssue('c-desk', 'unit-a', n));
    clock.set(bj('2023-05-12 12:00'));
    await ok(h.post(`/issues/${ids[0]}/resolve`, { resolution: '已办结', ...at('2023-05-12 10:00') }, A));
    const withdrawn = ids.slice(2);
    for (const id of withdrawn) await ok(h.post(`/issues/${id}/withdraw`, { reason: '重复反映', ...at('2023-05-12 11:00') }, A));

    // requested, not withdrawn: still open, still collected, the rate unchanged (1 of 5)
    const before = await row('c-desk', 'unit-a');
    expect(before).toMatchObject({ issuesCollected: 5, issuesResolved: 1, completionRate: 0.2 });
    const issue = await ok(h.get(`/issues/${withdrawn[0]}`, A));
    expect(issue).toMatchObject({ status: 'in_progress', pendingRequest: 'withdrawal', withdrawalRequest: { reason: '重复反映' } });
    expect(issue.caseNumber).toMatch(/^2023-0000\d\d$/);

    // the office's inbox has them; unit-a's officer sees their own; unit-b's none
    const inbox = await ok(h.get('/inbox', SUPERVISOR));
    expect(inbox.items.filter((i: any) => i.kind === 'withdrawal').map((i: any) => i.issueId)).toEqual(withdrawn);
    expect(inbox.items[0]).toMatchObject({ enterpriseName: '宜昌三峡路桥', reason: '重复反映', requestedOn: '2023-05-12' });
    expect((await ok(h.get('/inbox', A))).items.map((i: any) => i.issueId)).toEqual(withdrawn);
    expect((await ok(h.get('/inbox', B))).items).toEqual([]);
    expect((await h.post(`/issues/${withdrawn[0]}/decide-withdrawal`, { approve: true }, A)).status).toBe(403);

    // the office approves on 05-15 (If-Match: the version the inbox showed)
    clock.set(bj('2023-05-15 10:00'));
    for (const item of inbox.items) {
      const res = await h.post(
        `/issues/${item.issueId}/decide-withdrawal`,
        { approve: true },
        { ...SUPERVISOR, 'if-match': `"${item.version}"` },
      );
      expect(res.status).toBe(200);
    }
    expect((await ok(h.get('/inbox', SUPERVISOR))).items).toEqual([]);
    const after = await row('c-desk', 'unit-a');
    expect(after).toMatchObject({ issuesCollected: 2, issuesResolved: 1, completionRate: 0.5 });

    // as of the day before the approval the report is what it was; as of the approval's day it
    // differs by exactly the three issues
    const asOfBefore = await row('c-desk', 'unit-a', 'asOf=2023-05-12');
    const asOfAfter = await row('c-desk', 'unit-a', 'asOf=2023-05-15');
    expect(asOfBefore).toMatchObject({ issuesCollected: 5, issuesResolved: 1, completionRate: 0.2 });
    expect(asOfAfter).toMatchObject({ issuesCollected: 2, issuesResolved: 1, completionRate: 0.5 });
    const listBefore = await listAsOf('c-desk', '2023-05-12');
    const listAfter = await listAsOf('c-desk', '2023-05-15');
    const changed = [...listBefore.keys()].filter((id) => listBefore.get(id) !== listAfter.get(id)).sort();
    expect(changed).toEqual([...withdrawn].sort());
    for (const id of withdrawn) expect([listBefore.get(id), listAfter.get(id)]).toEqual(['in_progress', 'withdrawn']);
  });

  it('a refused withdrawal leaves the issue with the unit, with the reason to read', async () => {
    const id = await acceptedIssue('c-desk', 'unit-b', 1);
    clock.set(bj('2023-05-16 10:00'));
    await ok(h.post(`/issues/${id}/withdraw`, { reason: '不属于职责' }, B));
    expect((await h.post(`/issues/${id}/withdraw`, { reason: '再次' }, B)).body.code).toBe('ISSUE.WITHDRAWAL_ALREADY_REQUESTED');
    expect((await h.post(`/issues/${id}/decide-withdrawal`, { approve: false }, SUPERVISOR)).status).toBe(422);
    await ok(h.post(`/issues/${id}/decide-withdrawal`, { approve: false, reason: '属于受理范围，请继续办理' }, SUPERVISOR));
    const issue = await ok(h.get(`/issues/${id}`, B));
    expect(issue).toMatchObject({
      status: 'in_progress',
      pendingRequest: null,
      lastDecision: { kind: 'withdrawal', approved: false, reason: '属于受理范围，请继续办理' },
    });
  });

  it('extensions: one open request, refused, asked again, approved — the new due date in force', async () => {
    const id = await acceptedIssue('c-desk', 'unit-b', 2);
    clock.set(bj('2023-05-17 10:00'));
    await ok(h.post(`/issues/${id}/request-extension`, { dueOn: '2023-06-20', reason: '需协调多部门' }, B));
    const twice = await h.post(`/issues/${id}/request-extension`, { dueOn: '2023-06-21', reason: '再次' }, B);
    expect(twice).toMatchObject({ status: 422, body: { code: 'ISSUE.EXTENSION_ALREADY_REQUESTED' } });
    expect((await ok(h.get(`/issues/${id}`, SUPERVISOR))).extensionRequest).toMatchObject({ requestedDueOn: '2023-06-20' });
    await ok(h.post(`/issues/${id}/decide-extension`, { approve: false, reason: '理由不充分' }, SUPERVISOR));
    await ok(h.post(`/issues/${id}/request-extension`, { dueOn: '2023-06-15', reason: '已补充协调函' }, B));
    const [item] = (await ok(h.get('/inbox', SUPERVISOR))).items.filter((i: any) => i.issueId === id);
    expect(item).toMatchObject({ kind: 'extension', requestedDueOn: '2023-06-15', dueOn: '2023-05-31' });
    // a stale If-Match is refused and nothing changes
    const stale = await h.post(`/issues/${id}/decide-extension`, { approve: true }, { ...SUPERVISOR, 'if-match': `"${item.version - 1}"` });
    expect(stale.status).toBe(412);
    await ok(h.post(`/issues/${id}/decide-extension`, { approve: true }, { ...SUPERVISOR, 'if-match': `"${item.version}"` }));
    expect(await ok(h.get(`/issues/${id}`, B))).toMatchObject({
      dueOn: '2023-06-15',
      extensionRequest: null,
      lastDecision: { approved: true },
    });
    const listed = (await ok(h.get(`/issues?campaignId=c-desk&unitId=unit-b`, SUPERVISOR))).items.find((i: any) => i.id === id);
    expect(listed.dueOn).toBe('2023-06-15');
  });

  it('办结审核: a submitted resolution is unresolved until accepted; returned, resubmitted, accepted', async () => {
    const id = await acceptedIssue('c-review', 'unit-a', 1);
    clock.set(bj('2023-05-18 10:00'));
    await ok(h.post(`/issues/${id}/resolve`, { resolution: '已协调', ...at('2023-05-18 09:00') }, A));
    expect(await row('c-review', 'unit-a')).toMatchObject({ issuesCollected: 1, issuesResolved: 0 });
    await ok(h.post(`/issues/${id}/review-resolution`, { accept: false, reason: '缺少企业确认' }, SUPERVISOR));
    expect((await ok(h.get(`/issues/${id}`, A))).lastDecision).toMatchObject({
      kind: 'resolution',
      approved: false,
      reason: '缺少企业确认',
    });
    await ok(h.post(`/issues/${id}/resolve`, { resolution: '补充企业确认后办结' }, A));
    clock.set(bj('2023-05-19 10:00'));
    await ok(h.post(`/issues/${id}/review-resolution`, { accept: true }, SUPERVISOR));
    expect(await row('c-review', 'unit-a')).toMatchObject({ issuesCollected: 1, issuesResolved: 1, onTimeResolved: 1 });
    expect(await row('c-review', 'unit-a', 'asOf=2023-05-18')).toMatchObject({ issuesResolved: 0 });
  });

  it('case numbers: sequential in the campaign, in every issue answer; search by number, title, enterprise name and code, scoped', async () => {
    await acceptedIssue('c-desk', 'unit-b', 5, '施工许可审批时间长');
    await caughtUp();
    const all = (await ok(h.get('/issues?campaignId=c-desk&pageSize=200', SUPERVISOR))).items;
    // in the order the store committed the collections: no gap, no repeat, withdrawn ones keep theirs
    const numbers = all.map((i: any) => i.caseNumber).sort();
    expect(numbers).toEqual(all.map((_: unknown, k: number) => `2023-${String(k + 1).padStart(6, '0')}`));
    const target = all.find((i: any) => i.title === '施工许可审批时间长');
    const sameEnterpriseOfA = 'c-desk-unit-a-5'; // 荆州古城园林, withdrawn above

    const search = async (q: string, headers: Record<string, string>) =>
      (await ok(h.get(`/issues?q=${encodeURIComponent(q)}&pageSize=200`, headers))).items.map((i: any) => i.id).sort();
    expect(await search(target.caseNumber, SUPERVISOR)).toEqual([target.id]);
    expect(await search('审批时间', SUPERVISOR)).toEqual([target.id]);
    expect(await search('古城', SUPERVISOR)).toEqual([sameEnterpriseOfA, target.id].sort());
    expect(await search(creditCode(5), SUPERVISOR)).toEqual([sameEnterpriseOfA, target.id].sort());
    expect(await search(creditCode(5).slice(11).toLowerCase(), SUPERVISOR)).toEqual([sameEnterpriseOfA, target.id].sort());
    // an officer never finds another unit's issue
    expect(await search(target.caseNumber, A)).toEqual([]);
    expect(await search('审批时间', A)).toEqual([]);
    expect(await search('古城', A)).toEqual([sameEnterpriseOfA]);
    expect(await search('古城', B)).toEqual([target.id]);
    expect(await search(creditCode(5), B)).toEqual([target.id]);
    expect((await h.get(`/issues?q=x&unitId=unit-b`, A)).status).toBe(403);
    expect((await ok(h.get(`/issues/${target.id}`, B))).caseNumber).toBe(target.caseNumber);

    // one enterprise's issues across campaigns (c-desk and c-review), scoped the same way
    const history = (await ok(h.get(`/enterprises/${creditCode(1)}/issues`, SUPERVISOR))).items;
    expect(history.map((i: any) => i.id).sort()).toEqual(['c-desk-unit-a-1', 'c-desk-unit-b-1', 'c-review-unit-a-1']);
    expect(history.every((i: any) => /^2023-\d{6}$/.test(i.caseNumber))).toBe(true);
    expect((await ok(h.get(`/enterprises/${creditCode(1)}/issues`, B))).items.map((i: any) => i.id)).toEqual(['c-desk-unit-b-1']);
  });
});
