/**
 * Issue #13's small ones, through HTTP on both backends: the campaign thresholds docs/supervision.md
 * documents round-trip through `POST /campaigns` and change the alerts they govern; retiring a
 * unit that is still responsible for open issues is refused (UNIT.HAS_OPEN_ISSUES) until they are
 * transferred.
 */
import { creditCodeCheckChar } from '@banjie/domain';
import { ManualClock } from '@banjie/platform';
import { AlertsWorker } from '@banjie/worker';
import { describeEachBackend } from '../support/databases';
import { bj, startHarness, type Harness } from '../support/supervision-harness';

const ADMIN = { 'x-actor': 'user-admin', 'x-role': 'admin' };
const SUPERVISOR = { 'x-actor': 'user-sup', 'x-unit': 'unit-sup', 'x-role': 'supervisor' };
const officerOf = (unit: string) => ({ 'x-actor': `user-${unit}`, 'x-unit': unit, 'x-role': 'officer' });

/** A valid unified social credit code (check character computed) for enterprise n. */
function creditCode(n: number): string {
  const first17 = `91420100MA4K${String(n).padStart(4, '0')}0`;
  return first17 + creditCodeCheckChar(first17)!;
}

describeEachBackend('campaign thresholds and retiring units over HTTP', (backend) => {
  let h: Harness;
  let clock: ManualClock;
  const ok = async (res: Promise<{ status: number; body: any }>, status = 201) => {
    const r = await res;
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const unitAlerts = async (campaignId: string) => {
    const res = await h.get(`/alerts?campaignId=${campaignId}&kind=low_completion,thin_collection`);
    expect(res.status).toBe(200);
    return (res.body.alerts as any[]).map((a) => [a.kind, a.unitId]).sort();
  };

  /**
   * The same field work in campaign `id`: unit-x collects 2 issues and resolves 1 (50 %), unit-z
   * collects 2 and resolves both (campaign-wide 75 %), unit-y visits 3 enterprises and collects
   * nothing (thin).
   */
  async function fieldWork(id: string) {
    const at = (local: string) => bj(local).toISOString();
    for (const [unit, codes] of [
      ['unit-x', [1, 2]],
      ['unit-y', [3, 4, 5]],
      ['unit-z', [1, 2]],
    ] as const) {
      await ok(
        h.post(
          '/activities',
          {
            id: `${id}-${unit}`,
            campaignId: id,
            unitId: unit,
            form: 'door_to_door',
            heldOn: '2023-05-10',
            enterpriseCodes: codes.map(creditCode),
            summary: '上门走访',
          },
          officerOf(unit),
        ),
      );
    }
    for (const [unit, n, resolve] of [
      ['unit-x', 1, true],
      ['unit-x', 2, false],
      ['unit-z', 1, true],
      ['unit-z', 2, true],
    ] as const) {
      const issueId = `${id}-${unit}-${n}`;
      const body = { id: issueId, campaignId: id, unitId: unit, enterpriseCode: creditCode(n), kind: 'problem', category: '资质资格' };
      await ok(
        h.post('/issues', { ...body, title: `问题 ${n}`, description: '企业反映', occurredAt: at('2023-05-11 10:00') }, officerOf(unit)),
      );
      await ok(h.post(`/issues/${issueId}/accept`, { occurredAt: at('2023-05-11 11:00') }, officerOf(unit)), 200);
      if (resolve)
        await ok(h.post(`/issues/${issueId}/resolve`, { resolution: '已办结', occurredAt: at('2023-05-12 10:00') }, officerOf(unit)), 200);
    }
  }

  beforeAll(async () => {
    clock = new ManualClock(bj('2023-04-25 09:00'));
    h = await startHarness(backend, { clock, worker: true });
    for (const unit of ['unit-x', 'unit-y', 'unit-z'])
      await ok(h.post('/units', { id: unit, name: `${unit} 住建局`, level: 'prefecture', region: '湖北' }, ADMIN));
    for (let n = 1; n <= 5; n++) await ok(h.post('/enterprises', { creditCode: creditCode(n), name: `企业 ${n}`, region: '武汉' }, ADMIN));
  }, 240_000); // a fresh embedded database takes seconds to create, more under parallel load
  afterAll(() => h?.close());

  it('round-trip through POST /campaigns and change the alerts they govern', async () => {
    const period = { startsOn: '2023-05-01', endsOn: '2023-05-31' };
    await ok(h.post('/campaigns', { id: 'c-default', title: '默认阈值', ...period }, ADMIN));
    const thresholds = {
      lowCompletionRate: 0.4,
      lowCompletionBasis: 'threshold',
      thinCollectionMinEnterprises: 3,
      lateRecordingWorkingDays: 5,
    };
    await ok(h.post('/campaigns', { id: 'c-custom', title: '自定阈值', ...period, thresholds }, ADMIN));

    const custom = await h.get('/campaigns/c-custom');
    expect(custom.status).toBe(200);
    expect(custom.body.thresholds).toMatchObject(thresholds);
    expect(custom.body.sla.dueSoonWorkingDays).toBe(1); // the documented default
    const defaults = await h.get('/campaigns/c-default');
    expect(defaults.body.thresholds).toMatchObject({
      lowCompletionRate: 0.9,
      lowCompletionBasis: 'either',
      thinCollectionMinEnterprises: 20,
      lateRecordingWorkingDays: 3,
    });
    const listed = (await h.get('/campaigns')).body;
    const inList = (listed.items ?? listed).find((c: any) => (c.id ?? c.campaignId) === 'c-custom');
    expect(inList.thresholds).toMatchObject(thresholds);

    clock.set(bj('2023-05-12 12:00'));
    await fieldWork('c-default');
    await fieldWork('c-custom');
    clock.set(bj('2023-06-02 09:00')); // after the campaigns' end: low_completion applies
    const report = await h.app.get(AlertsWorker).settle();
    expect(report?.failed ?? []).toEqual([]);

    // defaults: unit-x (50 %) is below 90 % and below the campaign's 75 %; unit-y's 3 enterprises
    // are too few (< 20) to judge its collection
    expect(await unitAlerts('c-default')).toEqual([['low_completion', 'unit-x']]);
    // custom: 50 % is not below the absolute 40 % (basis threshold: the campaign rate does not
    // count); 3 enterprises are enough to call 0 issues thin
    expect(await unitAlerts('c-custom')).toEqual([['thin_collection', 'unit-y']]);
  });

  it('refuses bad threshold values with a 400 naming the field', async () => {
    const bad = await h.post(
      '/campaigns',
      { id: 'c-bad', title: 'x', startsOn: '2023-05-01', endsOn: '2023-05-31', thresholds: { lowCompletionBasis: 'average' } },
      ADMIN,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('lowCompletionBasis');
  });

  it('retiring a unit with open issues answers 422 UNIT.HAS_OPEN_ISSUES until they are transferred', async () => {
    // unit-x holds one open issue in each campaign
    const refused = await h.post('/units/unit-x/retire', { reason: '机构改革' }, ADMIN);
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'UNIT.HAS_OPEN_ISSUES', state: 'active' });
    expect(refused.body.detail).toContain('2 open issue(s)');
    expect((await h.get('/units/unit-x')).body.status).toBe('active');

    for (const id of ['c-default-unit-x-2', 'c-custom-unit-x-2'])
      await ok(h.post(`/issues/${id}/transfer`, { toUnitId: 'unit-z', reason: '机构改革，职责划转' }, SUPERVISOR), 200);
    await ok(h.post('/units/unit-x/retire', { reason: '机构改革' }, ADMIN), 200);
    expect((await h.get('/units/unit-x')).body.status).toBe('retired');
    // a unit with no open issues (unit-y never collected any) retires at once
    await ok(h.post('/units/unit-y/retire', {}, ADMIN), 200);
  });
});
