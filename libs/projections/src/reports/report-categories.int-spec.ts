/**
 * The report's by-category breakdown on both backends: from the same snapshots in force as the unit
 * rows, it sums to the report's total as of any date and as known at any time, each category equals
 * a reckoning from the raw events of its issues alone, the legacy word 工程款 counts under 工程款结算,
 * a category outside the catalogue keeps its own row, and a catalogue change regroups the rows.
 */
import { EVENT_STORE_MIGRATIONS, SqlEventStore, type StoredEvent } from '@banjie/event-store';
import { DEFAULT_ISSUE_CATEGORIES } from '@banjie/domain';
import { describeEachBackend, type TestDatabase } from '../../../../test/support/databases';
import { settle } from '../../../../test/support/projection-helpers';
import { appendAll, generateScenario, readEverything, reckon, type Scenario } from '../../../../test/support/projection-scenario';
import { endOfBusinessDay, PROJECTIONS, PROJECTIONS_MIGRATIONS, Projector, ReportService, type CampaignReport } from '../index';

jest.setTimeout(240_000);

const bjNoon = (day: string) => new Date(`${day}T12:00:00+08:00`);
const today = '2023-06-20';

describeEachBackend('the report by category', (backend) => {
  let t: TestDatabase;
  let store: SqlEventStore;
  let projector: Projector;
  let scenario: Scenario;
  let events: StoredEvent[];
  let reports: ReportService;
  let campaignId: string;

  beforeAll(async () => {
    t = await backend.open({ migrations: [...EVENT_STORE_MIGRATIONS, ...PROJECTIONS_MIGRATIONS] });
    await t.db.migrate();
    store = new SqlEventStore(t.db.kind, t.db.pool, t.db.listenConfig);
    projector = new Projector(store, t.db.pool, PROJECTIONS, { batchSize: 500, pollMs: 50, clock: () => bjNoon(today) });
    scenario = generateScenario(20230719, 500, 100, 'cat');
    campaignId = scenario.campaignIds[0];
    await projector.start();
    await appendAll(store, scenario.appends);
    await settle(projector, t.db.pool, store);
    events = await readEverything(store);
    reports = new ReportService(t.db.pool, () => bjNoon(today));
  });

  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t?.dispose();
  });

  /** The raw events of the issues recorded with one of `recorded`, and everything else. */
  const withIssuesOf = (recorded: readonly string[]) => {
    const streams = new Set(
      events.filter((e) => e.type === 'IssueCollected' && recorded.includes(String(e.data.category))).map((e) => e.streamId),
    );
    return events.filter((e) => !e.streamId.startsWith('issue-') || streams.has(e.streamId));
  };
  const reckonedTotal = (recorded: readonly string[], day: string, before?: Date, knownAt?: Date) => {
    const sum = { issuesCollected: 0, issuesResolved: 0, openOverdue: 0 };
    for (const c of reckon(withIssuesOf(recorded), campaignId, day, before, knownAt).values()) {
      sum.issuesCollected += c.issuesCollected;
      sum.issuesResolved += c.issuesResolved;
      sum.openOverdue += c.openOverdue;
    }
    return sum;
  };
  const figures = (report: CampaignReport, category: string) => {
    const row = report.categories.find((c) => c.category === category);
    if (!row) throw new Error(`no row ${category} in ${JSON.stringify(report.categories)}`);
    return { issuesCollected: row.issuesCollected, issuesResolved: row.issuesResolved, openOverdue: row.openOverdue };
  };
  const expectSumsToTotal = (report: CampaignReport) => {
    const sum = (k: 'issuesCollected' | 'issuesResolved' | 'openOverdue') => report.categories.reduce((s, c) => s + c[k], 0);
    expect({ collected: sum('issuesCollected'), resolved: sum('issuesResolved'), overdue: sum('openOverdue') }).toEqual({
      collected: report.total.issuesCollected,
      resolved: report.total.issuesResolved,
      overdue: report.total.openOverdue,
    });
  };

  it('has one row per catalogue entry in its order, 工程款 under 工程款结算, 燃气安全 outside; rows sum to the total', async () => {
    const report = await reports.report(campaignId);
    expect(report.total.issuesCollected).toBeGreaterThan(100);
    expect(report.categories.map((c) => [c.category, c.inCatalogue])).toEqual([
      ...DEFAULT_ISSUE_CATEGORIES.map((c) => [c, true]),
      ['燃气安全', false],
    ]);
    expectSumsToTotal(report);
    expect(figures(report, '行政审批')).toEqual(reckonedTotal(['行政审批'], today));
    expect(figures(report, '工程款结算')).toEqual(reckonedTotal(['工程款'], today));
    expect(figures(report, '燃气安全')).toEqual(reckonedTotal(['燃气安全'], today));
    expect(figures(report, '用地规划')).toEqual({ issuesCollected: 0, issuesResolved: 0, openOverdue: 0 });
    const row = report.categories.find((c) => c.category === '行政审批')!;
    expect(row.completionRate).toBe(row.issuesResolved / row.issuesCollected);
  });

  it('follows asOf and knownAt like the unit rows', async () => {
    const seen: number[] = [];
    for (const day of ['2023-05-06', '2023-05-25', '2023-06-12', '2023-07-31']) {
      const report = await reports.report(campaignId, { asOf: day });
      expectSumsToTotal(report);
      const before = endOfBusinessDay(day);
      expect(figures(report, '行政审批')).toEqual(reckonedTotal(['行政审批'], day, before));
      expect(figures(report, '工程款结算')).toEqual(reckonedTotal(['工程款'], day, before));
      seen.push(figures(report, '行政审批').issuesCollected);
    }
    // the early date sees fewer issues than the late one: the breakdown is not today's figures
    expect(seen[0]).toBeLessThan(seen[3]);
    const recorded = events.map((e) => e.recordedAt.getTime()).sort((a, b) => a - b);
    const knownAt = new Date(recorded[Math.floor(recorded.length / 2)]);
    const known = await reports.report(campaignId, { asOf: '2023-06-12', knownAt });
    expectSumsToTotal(known);
    expect(figures(known, '工程款结算')).toEqual(reckonedTotal(['工程款'], '2023-06-12', endOfBusinessDay('2023-06-12'), knownAt));
    expect(known.total.issuesCollected).toBeLessThan((await reports.report(campaignId, { asOf: '2023-06-12' })).total.issuesCollected);
  });

  it('an officer’s visible units: the breakdown of those units sums to their total', async () => {
    const units = scenario.unitIds.slice(0, 4);
    const report = await reports.report(campaignId, { asOf: '2023-06-12', units });
    expect(report.rows.map((r) => r.unitId).sort()).toEqual([...units].sort());
    expect(report.total.issuesCollected).toBeGreaterThan(0);
    expectSumsToTotal(report);
  });

  it('a catalogue change regroups the rows (燃气安全 joins it, entries taken out leave it)', async () => {
    await store.append(`campaign-${campaignId}`, 'any', [
      {
        type: 'CampaignCategoriesChanged',
        data: { campaignId, categories: ['燃气安全', '工程款结算', '行政审批', '其他'] },
        metadata: { actor: { userId: 'admin', unitId: null, role: 'admin' }, correlationId: 'change', causationId: null, source: 'api' },
        occurredAt: bjNoon('2023-06-15'),
      },
    ]);
    await settle(projector, t.db.pool, store);
    const report = await reports.report(campaignId, { asOf: '2023-06-12' });
    expect(report.categories.map((c) => [c.category, c.inCatalogue])).toEqual([
      ['燃气安全', true],
      ['工程款结算', true],
      ['行政审批', true],
      ['其他', true],
    ]);
    expectSumsToTotal(report);
    expect(figures(report, '燃气安全')).toEqual(reckonedTotal(['燃气安全'], '2023-06-12', endOfBusinessDay('2023-06-12')));
  });
});
