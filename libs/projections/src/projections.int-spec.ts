import ExcelJS from 'exceljs';
import { CALENDAR_STREAM } from '@banjie/domain';
import { EVENT_STORE_MIGRATIONS, SqlEventStore, type StoredEvent } from '@banjie/event-store';
import { describeEachBackend, type TestDatabase } from '../../../test/support/databases';
import {
  buildGeneration,
  dropGeneration,
  normalizeCounts,
  reportCounts,
  settle,
  snapshotTables,
} from '../../../test/support/projection-helpers';
import { appendAll, generateScenario, readEverything, reckon, type Scenario } from '../../../test/support/projection-scenario';
import {
  alertsProjection,
  AlertsEvaluator,
  directoryProjection,
  endOfBusinessDay,
  generationTable,
  issuesProjection,
  IssuesReader,
  listProjections,
  PROJECTIONS,
  PROJECTIONS_MIGRATIONS,
  Projector,
  reportCsv,
  CATEGORY_COLUMNS,
  CATEGORY_SHEET,
  categoryLabel,
  ReportService,
  reportXlsx,
  TABLE_COLUMNS,
  unitCounts,
  XLSX_HEADER_ROW,
  type CampaignReport,
  type ReportTables,
} from './index';

jest.setTimeout(240_000);

const bjNoon = (day: string) => new Date(`${day}T12:00:00+08:00`);

describeEachBackend('projections', (backend) => {
  let t: TestDatabase;
  let store: SqlEventStore;
  let projector: Projector;
  let scenario: Scenario;
  let events: StoredEvent[];
  const today = '2023-06-20';

  beforeAll(async () => {
    t = await backend.open({ migrations: [...EVENT_STORE_MIGRATIONS, ...PROJECTIONS_MIGRATIONS] });
    await t.db.migrate();
    store = new SqlEventStore(t.db.kind, t.db.pool, t.db.listenConfig);
    // Small rebuild batches, write windows and cache: the rebuilds below write many times (one write in
    // flight) and read back issues dropped from memory.
    projector = new Projector(store, t.db.pool, PROJECTIONS, {
      batchSize: 500,
      pollMs: 50,
      rebuildBatchSize: 400,
      rebuildFlushEvents: 1500,
      rebuildCacheEntities: 50,
      clock: () => bjNoon(today),
    });
    scenario = generateScenario(20230710);
    // Most of the history is there before the projector starts (catch-up); the rest flows in live.
    const split = Math.floor(scenario.appends.length * 0.75);
    // A calendar change inside the history (a date outside the scenario's, so no figure moves): the
    // alerts mark every subject known by then — live and in a rebuild's replay alike.
    const calendarAt = Math.floor(split / 2);
    await appendAll(store, scenario.appends.slice(0, calendarAt));
    await store.append(CALENDAR_STREAM, 'any', [
      {
        type: 'CalendarAdjusted',
        data: { date: '2024-02-04', isWorkday: true, name: '春节调休', sourceNotice: '国办发明电〔2023〕7号' },
        metadata: {
          actor: { userId: 'admin', unitId: null, role: 'system' },
          correlationId: 'calendar-2024',
          causationId: null,
          source: 'cli',
        },
      },
    ]);
    await appendAll(store, scenario.appends.slice(calendarAt, split));
    await projector.start();
    await appendAll(store, scenario.appends.slice(split));
    await settle(projector, t.db.pool, store);
    events = await readEverything(store);
  });

  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t?.dispose();
  });

  it('the scenario is big enough', () => {
    expect(scenario.eventCount).toBeGreaterThanOrEqual(10_000);
    expect(events.length).toBe(scenario.eventCount + 1); // and the calendar change
  });

  it('live read models equal the independent reckoning, then a full rebuild, row by row', async () => {
    const reports = new ReportService(t.db.pool, () => bjNoon(today));
    for (const c of scenario.campaignIds) {
      const report = await reports.report(c);
      expect(report.asOf).toBe(today);
      expect(reportCounts(report)).toEqual(normalizeCounts(reckon(events, c, today)));
    }
    // issue queue against the raw streams
    const reader = new IssuesReader(t.db.pool);
    const all = await reader.list({ pageSize: 500, page: 1, today });
    expect(all.total).toBe(new Set(events.filter((e) => e.type === 'IssueCollected').map((e) => e.streamId)).size);
    for (const row of all.items.slice(0, 100)) {
      const stream = events.filter((e) => e.streamId === `issue-${row.id}`);
      const last = stream[stream.length - 1];
      expect(row.version).toBe(last.streamVersion);
      const transfers = stream.filter((e) => e.type === 'IssueTransferred');
      expect(row.responsibleUnitId).toBe(transfers.length ? transfers[transfers.length - 1].data.toUnitId : stream[0].data.unitId);
    }

    // the alerts as evaluated today (the rebuild evaluates them for the projector's clock before its switch)
    const evaluated = await new AlertsEvaluator(t.db.pool, store).runOnce(today);
    expect(evaluated).toMatchObject({ failed: [], waiting: 0 });
    const before = {
      dir: await snapshotTables(t.db.pool, directoryProjection),
      iq: await snapshotTables(t.db.pool, issuesProjection),
      sv: await snapshotTables(t.db.pool, alertsProjection),
    };
    expect(before.sv.sv_alerts.length).toBeGreaterThan(100);
    const r1 = await projector.rebuild(issuesProjection.name);
    const r2 = await projector.rebuild(directoryProjection.name);
    await projector.rebuild(alertsProjection.name);
    expect(r1.generation).toBe(2);
    expect(r2.previousGeneration).toBe(1);
    const after = {
      dir: await snapshotTables(t.db.pool, directoryProjection),
      iq: await snapshotTables(t.db.pool, issuesProjection),
      sv: await snapshotTables(t.db.pool, alertsProjection),
    };
    expect(after.iq.iq_issue_versions.length).toBeGreaterThan(1000);
    expect(after.dir.dir_activity_visits.length).toBeGreaterThan(400);
    for (const table of Object.keys(before.iq)) expect({ table, rows: after.iq[table] }).toEqual({ table, rows: before.iq[table] });
    for (const table of Object.keys(before.dir)) expect({ table, rows: after.dir[table] }).toEqual({ table, rows: before.dir[table] });
    for (const table of Object.keys(before.sv)) expect({ table, rows: after.sv[table] }).toEqual({ table, rows: before.sv[table] });
    // the old generation is gone; the rebuilt one goes on live
    const { rows } = await t.db.pool.query(`SELECT to_regclass($1) AS t`, [generationTable('iq_issues', 1)]);
    expect(rows[0].t).toBeNull();
    expect(projector.liveGeneration(issuesProjection.name)).toBe(2);
    const list = await listProjections(t.db.pool, store, PROJECTIONS);
    expect(list.map((p) => [p.name, p.generation, p.status, p.lag])).toEqual([
      ['directory', 2, 'live', 0],
      ['issues', 2, 'live', 0],
      ['alerts', 2, 'live', 0],
    ]);

    // One pass for all three (one read of the history, COPY on PostgreSQL): the same rows again.
    const read = jest.spyOn(store, 'readAll');
    const together = await projector.rebuildAll();
    expect(together.map((r) => [r.name, r.generation])).toEqual([
      ['directory', 3],
      ['issues', 3],
      ['alerts', 3],
    ]);
    expect(read).toHaveBeenCalledTimes(1);
    read.mockRestore();
    const once = {
      dir: await snapshotTables(t.db.pool, directoryProjection),
      iq: await snapshotTables(t.db.pool, issuesProjection),
      sv: await snapshotTables(t.db.pool, alertsProjection),
    };
    for (const table of Object.keys(before.iq)) expect({ table, rows: once.iq[table] }).toEqual({ table, rows: before.iq[table] });
    for (const table of Object.keys(before.dir)) expect({ table, rows: once.dir[table] }).toEqual({ table, rows: before.dir[table] });
    for (const table of Object.keys(before.sv)) expect({ table, rows: once.sv[table] }).toEqual({ table, rows: before.sv[table] });
    expect(projector.liveGeneration(alertsProjection.name)).toBe(3);
  });

  it('as of D equals a rebuild over only the events that happened by D, and the reckoning', async () => {
    const reports = new ReportService(t.db.pool, () => bjNoon(today));
    const c = scenario.campaignIds[0];
    for (const day of ['2023-05-03', '2023-05-20', '2023-06-08', '2023-07-31']) {
      const before = endOfBusinessDay(day);
      const report = await reports.report(c, { asOf: day });
      expect(report.asOf).toBe(day);
      const expected = normalizeCounts(reckon(events, c, day, before));
      expect(reportCounts(report)).toEqual(expected);
      const happened = events.filter((e) => e.occurredAt < before);
      await buildGeneration(t.db.pool, issuesProjection, 90, happened);
      await buildGeneration(t.db.pool, directoryProjection, 90, happened);
      const at90: ReportTables = { issues: (b) => generationTable(b, 90), directory: (b) => generationTable(b, 90) };
      const rebuilt = await unitCounts(t.db.pool, at90, { campaignId: c, day, before: endOfBusinessDay('2099-12-31'), knownAt: null });
      expect(normalizeCounts(rebuilt)).toEqual(expected);
      await dropGeneration(t.db.pool, issuesProjection, 90);
      await dropGeneration(t.db.pool, directoryProjection, 90);
    }
  });

  it('known at: an event recorded late counts only for reports that know it', async () => {
    const c = scenario.campaignIds[0];
    const reports = new ReportService(t.db.pool, () => bjNoon(today));
    // an issue open on 2023-05-20 whose resolution is recorded only now, back-dated to 2023-05-20
    const day = '2023-05-20';
    const before = endOfBusinessDay(day);
    const streams = new Map<string, StoredEvent[]>();
    for (const e of events) if (e.streamId.startsWith('issue-')) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
    const open = [...streams.values()].find(
      (s) =>
        s[0].data.campaignId === c &&
        s[s.length - 1].type === 'IssueAccepted' &&
        s[s.length - 1].occurredAt < new Date('2023-05-19T00:00:00Z'),
    )!;
    expect(open).toBeDefined();
    const knownAt = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const beforeLate = await reports.report(c, { asOf: day });
    await store.append(open[0].streamId, open.length, [
      {
        type: 'IssueResolved',
        data: { resolution: 'done, recorded late' },
        metadata: { actor: { userId: 'x', unitId: null, role: 'officer' }, correlationId: 'late', causationId: null, source: 'api' },
        occurredAt: new Date('2023-05-20T02:00:00Z'),
      },
    ]);
    await settle(projector, t.db.pool, store);
    const all = await readEverything(store);
    const unit = String(open[0].data.unitId);
    const now = await reports.report(c, { asOf: day });
    const then = await reports.report(c, { asOf: day, knownAt: knownAt.toISOString() });
    expect(then.knownAt).toBe(knownAt.toISOString());
    expect(reportCounts(then)).toEqual(reportCounts(beforeLate));
    expect(reportCounts(then)).toEqual(normalizeCounts(reckon(all, c, day, before, knownAt)));
    expect(reportCounts(now)).toEqual(normalizeCounts(reckon(all, c, day, before)));
    const row = (r: CampaignReport) => r.rows.find((x) => x.unitId === unit)!;
    expect(row(now).issuesResolved).toBe(row(then).issuesResolved + 1);
    // knownAt before anything was recorded: nothing is known
    const nothing = await reports.report(c, { asOf: day, knownAt: '2020-01-01T00:00:00Z' });
    expect(nothing.total.issuesCollected).toBe(0);
    events = all;
  });

  it('live processing parks an event it cannot apply and goes on', async () => {
    const meta = { actor: { userId: 'x', unitId: null, role: 'system' }, correlationId: 'p', causationId: null, source: 'cli' as const };
    await store.append('issue-ghost', 'no_stream', [
      { type: 'IssueAccepted', data: { dueOn: '2023-06-01' }, metadata: meta, occurredAt: new Date('2023-05-30T00:00:00Z') },
    ]);
    await store.append('unit-late-unit', 'no_stream', [
      {
        type: 'UnitRegistered',
        data: { unitId: 'late-unit', name: '后来单位', level: 'prefecture', parentUnitId: null, region: '湖北省' },
        metadata: meta,
        occurredAt: new Date('2023-05-30T00:00:00Z'),
      },
    ]);
    await settle(projector, t.db.pool, store);
    const list = await listProjections(t.db.pool, store, PROJECTIONS);
    const issues = list.find((p) => p.name === 'issues')!;
    expect(issues).toMatchObject({ status: 'parked', parked: 1, lag: 0 });
    expect(issues.lastError).toMatch(/IssueAccepted at position \d+: .*never collected/);
    expect(list.find((p) => p.name === 'directory')).toMatchObject({ status: 'live', parked: 0, lag: 0 });
    const { rows } = await t.db.pool.query(`SELECT projection, type, stream_id FROM projection_parked_events ORDER BY projection`);
    expect(rows).toEqual([{ projection: 'issues', type: 'IssueAccepted', stream_id: 'issue-ghost' }]);
    const report = await new ReportService(t.db.pool, () => bjNoon(today)).report(scenario.campaignIds[0]);
    expect(report.rows.some((r) => r.unitId === 'late-unit')).toBe(true);
    // a rebuild fails fast on the same event and leaves the live generation serving
    const serving = issues.generation!;
    await expect(projector.rebuild(issuesProjection.name)).rejects.toThrow(/never collected/);
    const after = await listProjections(t.db.pool, store, PROJECTIONS);
    expect(after.find((p) => p.name === 'issues')).toMatchObject({ generation: serving, rebuild: null });
    const { rows: leftovers } = await t.db.pool.query(`SELECT to_regclass($1) AS t`, [generationTable('iq_issues', serving + 1)]);
    expect(leftovers[0].t).toBeNull(); // the failed generation's tables are dropped
  });

  it('CSV and XLSX carry the circular’s headings and the same numbers as the JSON', async () => {
    const report = await new ReportService(t.db.pool, () => bjNoon(today)).report(scenario.campaignIds[0], { asOf: '2023-06-10' });
    const csv = reportCsv(report);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv
      .toString('utf8')
      .slice(1)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(lines[0]).toEqual(
      expect.arrayContaining(['走访企业(家)', '开展帮扶活动(次)', '收集问题建议(项)', '已办结(项)', '办结率', '企业反馈满意率']),
    );
    const col = (h: string) => lines[0].indexOf(h);
    // the unit table ends at the empty line; the by-category breakdown follows it
    const blank = lines.findIndex((l) => l.length === 1 && l[0] === '');
    const total = lines[blank - 1];
    expect(total[0]).toBe('合计');
    expect(Number(total[col('收集问题建议(项)')])).toBe(report.total.issuesCollected);
    expect(total[col('办结率')]).toBe(`${((report.total.completionRate ?? 0) * 100).toFixed(2)}%`);
    expect(lines.some((l) => l[0] === '厅本级小计')).toBe(true);
    expect(lines.some((l) => l[0] === '市州小计')).toBe(true);
    expect(lines.filter((l) => l[1] === '县市区').length).toBeGreaterThan(0);
    expect(lines.some((l) => /\(含县市区\)小计$/.test(l[0]))).toBe(true);
    const byCategory = lines.slice(blank + 1);
    expect(byCategory[0]).toEqual(CATEGORY_COLUMNS.map((c) => c.heading));
    expect(byCategory.slice(1).map((l) => l[0])).toEqual([...report.categories.map((c) => categoryLabel(c)), '合计']);
    expect(byCategory[byCategory.length - 1][1]).toBe(String(report.total.issuesCollected));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(report)) as never);
    const ws = wb.worksheets[0];
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: XLSX_HEADER_ROW });
    const headings = (ws.getRow(XLSX_HEADER_ROW).values as unknown[]).slice(1);
    expect(headings).toEqual(TABLE_COLUMNS.map((c) => c.heading));
    const byLabel = new Map<string, unknown[]>();
    ws.eachRow((row, n) => n > XLSX_HEADER_ROW && byLabel.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1)));
    const h = (name: string) => TABLE_COLUMNS.findIndex((c) => c.heading === name);
    for (const r of [...report.rows, { ...report.total, unitName: '合计' }]) {
      const cells = byLabel.get(r.unitName)!;
      expect(cells[h('走访企业(家)')]).toBe(r.enterprisesVisited);
      expect(cells[h('收集问题建议(项)')]).toBe(r.issuesCollected);
      expect(cells[h('已办结(项)')]).toBe(r.issuesResolved);
      expect(cells[h('办结率')] ?? null).toBe(r.completionRate);
      expect(cells[h('企业反馈满意率')] ?? null).toBe(r.satisfactionRate);
    }
    expect(ws.getRow(XLSX_HEADER_ROW + 1).getCell(h('办结率') + 1).numFmt).toBe('0.00%');
    const sheet = wb.getWorksheet(CATEGORY_SHEET)!;
    expect((sheet.getRow(XLSX_HEADER_ROW).values as unknown[]).slice(1)).toEqual(CATEGORY_COLUMNS.map((c) => c.heading));
    const categoryCells = report.categories.map((_, n) => (sheet.getRow(XLSX_HEADER_ROW + 1 + n).values as unknown[]).slice(1));
    expect(categoryCells.map((cells) => [cells[0], cells[1], cells[2]])).toEqual(
      report.categories.map((c) => [categoryLabel(c), c.issuesCollected, c.issuesResolved]),
    );
  });

  it('groups and the total sum the counts, then divide', async () => {
    const report = await new ReportService(t.db.pool, () => bjNoon(today)).report(scenario.campaignIds[0]);
    const dept = report.rows.filter((r) => r.level === 'department');
    const g = report.groups.find((x) => x.level === 'department')!;
    const collected = dept.reduce((n, r) => n + r.issuesCollected, 0);
    const resolved = dept.reduce((n, r) => n + r.issuesResolved, 0);
    expect(g.issuesCollected).toBe(collected);
    expect(g.completionRate).toBe(resolved / collected);
    expect(report.total.issuesCollected).toBe(report.groups[0].issuesCollected + report.groups[1].issuesCollected);
    expect(Object.keys(report)).toEqual(['campaignId', 'asOf', 'knownAt', 'rows', 'groups', 'total', 'categories']);
    expect(Object.keys(report.total)).toEqual([
      'unitId',
      'unitName',
      'level',
      'parentUnitId',
      'enterprisesVisited',
      'activities',
      'activitiesByForm',
      'issuesCollected',
      'issuesResolved',
      'completionRate',
      'rated',
      'satisfied',
      'basicallySatisfied',
      'dissatisfied',
      'satisfactionRate',
      'onTimeResolved',
      'onTimeRate',
      'openOverdue',
    ]);
    await expect(new ReportService(t.db.pool).report('nope')).rejects.toMatchObject({ status: 404, code: 'CAMPAIGN.NOT_FOUND' });
    await expect(new ReportService(t.db.pool).report(scenario.campaignIds[0], { asOf: '2023-02-30' })).rejects.toMatchObject({
      status: 400,
    });
    // live and historic reports are one query (report.queries.ts): the live one equals the reckoning (above)
  });
});
