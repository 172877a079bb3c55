/**
 * Issue 4, acceptance: "a seeded random scenario of ≥ 10,000 events through the command layer;
 * the live read models equal, row by row, a full rebuild and an independent in-test reckoning
 * from the raw events" — on PGlite and PostgreSQL.
 *
 * A Nest application context of CoreModule (frozen ManualClock) + CommandsModule + the worker's
 * ProjectorModule over a fresh database. The scenario (test/support/command-scenario.ts) is
 * dispatched through the real CommandBus tick by tick: the clock is set to the tick's time, and
 * the tick's commands (distinct streams) run concurrently, while the live projector follows.
 * Commands the domain must refuse are refused with the expected code and write nothing. Then:
 * the store verifies clean; the campaign reports equal the reckoning from the raw events read
 * back (test/support/projection-scenario.ts `reckon`, written without the projection's code);
 * the issue queue equals the scenario's own model of every issue; and every read-model table of
 * each projection's active generation equals, row by row, a full blue/green rebuild.
 */
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { businessDate } from '@banjie/domain';
import { Database, EVENT_STORE, type EventStore, type StoredEvent } from '@banjie/event-store';
import { loadConfig, ManualClock } from '@banjie/platform';
import { ALL_MIGRATIONS, CoreModule } from '@banjie/core';
import {
  AlertsEvaluator,
  endOfBusinessDay,
  IssuesReader,
  listProjections,
  PROJECTIONS,
  Projector,
  ReportService,
  type IssueRow,
} from '@banjie/projections';
import { CommandsModule, toBusCommand } from '@banjie/application';
import { ProjectorModule } from '@banjie/worker';
import {
  generateCommandScenario,
  T0,
  TICK_MS,
  tickTime,
  type CommandScenario,
  type IssueOutcome,
  type ScenarioCommand,
} from '../support/command-scenario';
import { describeEachBackend, type TestDatabase } from '../support/databases';
import { normalizeCounts, reportCounts, settle, snapshotTables } from '../support/projection-helpers';
import { readEverything, reckon } from '../support/projection-scenario';

jest.setTimeout(300_000);

/** Commands in flight at once within a tick (PGlite serializes them on its one connection anyway). */
const CONCURRENCY = 16;

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface DispatchStats {
  accepted: number;
  noops: number;
  rejected: number;
  byCode: Record<string, number>;
  ms: number;
}

describeEachBackend('projections through the command layer', (backend) => {
  let t: TestDatabase;
  let app: INestApplicationContext;
  let clock: ManualClock;
  let store: EventStore;
  let db: Database;
  let projector: Projector;
  let scenario: CommandScenario;
  let stats: DispatchStats;
  let events: StoredEvent[];
  let today: string;

  /** Dispatches the scenario tick by tick through the CommandBus; checks each outcome. */
  async function dispatch(bus: CommandBus): Promise<DispatchStats> {
    const started = Date.now();
    const s: DispatchStats = { accepted: 0, noops: 0, rejected: 0, byCode: {}, ms: 0 };
    const wrong: string[] = [];
    const run = async (c: ScenarioCommand) => {
      const label = `tick ${c.tick} ${c.type} on ${c.stream}`;
      const command = toBusCommand(
        { type: c.type, data: c.data as never },
        { actor: c.actor, occurredAt: c.occurredAt, source: c.type === 'RecordOverdue' ? 'watcher' : 'api' },
      );
      try {
        const result = await bus.execute(command);
        if (!c.expect.ok) wrong.push(`${label}: accepted (version ${result.version}), expected ${c.expect.code}`);
        else if (result.version !== c.expect.version) wrong.push(`${label}: version ${result.version}, expected ${c.expect.version}`);
        else s.accepted++;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (c.expect.ok) wrong.push(`${label}: refused ${code ?? ''} ${(error as Error).message}`);
        else if (code !== c.expect.code)
          wrong.push(`${label}: refused with ${code} (${(error as Error).message}), expected ${c.expect.code}`);
        else {
          s.rejected++;
          s.byCode[code] = (s.byCode[code] ?? 0) + 1;
          // a refusal writes nothing: the stream is where it was
          const now = await store.streamVersion(c.stream);
          if (now !== c.expect.version) wrong.push(`${label}: refused, but the stream is at ${now}, expected ${c.expect.version}`);
        }
      }
    };
    let i = 0;
    while (i < scenario.commands.length) {
      const tick = scenario.commands[i].tick;
      let j = i;
      while (j < scenario.commands.length && scenario.commands[j].tick === tick) j++;
      clock.set(tickTime(tick));
      await eachLimited(scenario.commands.slice(i, j), CONCURRENCY, run);
      if (wrong.length) throw new Error(`unexpected command outcomes:\n${wrong.slice(0, 10).join('\n')}`);
      i = j;
    }
    s.noops = scenario.expectedNoops;
    s.ms = Date.now() - started;
    return s;
  }

  beforeAll(async () => {
    // A fresh database (PGlite: a copy of the run's initdb'd template); the app opens it itself.
    t = await backend.open({ migrations: ALL_MIGRATIONS });
    await t.db.close();
    const config = { ...loadConfig({ LOG_LEVEL: 'warn' }), ...t.location, demo: false };
    scenario = generateCommandScenario(20230711);
    clock = new ManualClock(tickTime(0));
    @Module({ imports: [CoreModule.forRoot({ config, clock }), CommandsModule, ProjectorModule] })
    class CommandsWithProjector {}
    app = await NestFactory.createApplicationContext(CommandsWithProjector, { logger: ['error', 'warn'] });
    await app.init();
    store = app.get<EventStore>(EVENT_STORE);
    db = app.get(Database);
    projector = app.get(Projector);

    stats = await dispatch(app.get(CommandBus));
    clock.set(tickTime(scenario.lastTick));
    today = businessDate(clock.now());
    const caughtUpStarted = Date.now();
    await settle(projector, db.pool, store, 120_000);
    events = await readEverything(store);
    console.log(
      `[${backend.kind}] ${scenario.commands.length} commands → ${events.length} events in ${(stats.ms / 1000).toFixed(1)} s ` +
        `(${Math.round(events.length / (stats.ms / 1000))} events/s); ${stats.rejected} refused, ${scenario.expectedNoops} decided nothing; ` +
        `projector caught up ${((Date.now() - caughtUpStarted) / 1000).toFixed(1)} s later\n  refusals: ${JSON.stringify(stats.byCode)}`,
    );
  });

  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('≥ 10,000 events came through the command layer; every refusal wrote nothing', () => {
    expect(events.length).toBeGreaterThanOrEqual(10_000);
    expect(events.length).toBe(scenario.expectedEvents);
    expect(stats.rejected).toBe(scenario.expectedRejections);
    expect(stats.rejected).toBeGreaterThan(300);
    // every event was written by a command of the scenario: business time given or the clock's tick
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'UnitRegistered',
      'UnitRenamed',
      'UnitRetired',
      'EnterpriseRegistered',
      'CampaignLaunched',
      'CampaignClosed',
      'ActivityHeld',
      'IssueCollected',
      'IssueAccepted',
      'IssueTransferred',
      'IssueProgressRecorded',
      'IssueDeadlineExtended',
      'IssueResolved',
      'FeedbackGiven',
      'IssueReopened',
      'IssueWithdrawn',
      'IssueBecameOverdue',
    ])
      expect(types).toContain(type);
    const channels = new Set(events.filter((e) => e.type === 'FeedbackGiven').map((e) => e.data.channel));
    expect([...channels].sort()).toEqual(['callback', 'enterprise_link', 'on_site']);
    const forms = new Set(events.filter((e) => e.type === 'ActivityHeld').map((e) => e.data.form));
    expect([...forms].sort()).toEqual(['door_to_door', 'online', 'phone', 'symposium']);
    // business times: the clock's (a tick, when the command gave none) or back-dated (between the stream's last event and the tick)
    const onTick = events.filter((e) => (e.occurredAt.getTime() - T0.getTime()) % TICK_MS === 0).length;
    expect(onTick).toBeGreaterThan(events.length * 0.3);
    expect(events.length - onTick).toBeGreaterThan(events.length * 0.3);
    expect(events.every((e) => e.metadata.source === 'api' || e.metadata.source === 'watcher')).toBe(true);
  });

  it('the store verifies clean', async () => {
    const report = await store.verify();
    expect(report.broken).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.events).toBe(events.length);
  });

  it('the reports (live, and as of several days) equal the reckoning from the raw events', async () => {
    const reports = new ReportService(db.pool, () => clock.now());
    for (const c of scenario.campaignIds) {
      const live = await reports.report(c);
      expect(live.asOf).toBe(today);
      const expected = normalizeCounts(reckon(events, c, today));
      expect(Object.keys(expected).length).toBeGreaterThan(10);
      expect(reportCounts(live)).toEqual(expected);
      for (const day of ['2023-05-20', '2023-06-15', '2023-07-05']) {
        const asOf = await reports.report(c, { asOf: day });
        expect({ c, day, counts: reportCounts(asOf) }).toEqual({
          c,
          day,
          counts: normalizeCounts(reckon(events, c, day, endOfBusinessDay(day))),
        });
      }
    }
  });

  it('the issue queue equals the scenario’s model of every issue', async () => {
    const reader = new IssuesReader(db.pool);
    const rows: IssueRow[] = await reader.rows();
    const listed = await reader.list({ page: 1, pageSize: 200, today });
    expect(listed.total).toBe(rows.length);
    const seen = (row: IssueRow): IssueOutcome => ({
      issueId: row.issueId,
      campaignId: row.campaignId,
      state: row.state,
      responsibleUnitId: row.responsibleUnitId,
      collectingUnitId: row.collectingUnitId,
      enterpriseCode: row.enterpriseCode,
      dueOn: row.dueOn,
      overdue: row.overdue,
      rating: row.rating,
      lastEventType: row.lastEventType,
      lastEventAt: row.lastEventAt.toISOString(),
      version: row.version,
    });
    const byId = (xs: IssueOutcome[]) => xs.sort((a, b) => a.issueId.localeCompare(b.issueId));
    expect(byId(rows.map(seen))).toEqual(byId([...scenario.issues.values()]));
    const states = new Set(rows.map((r) => r.state));
    expect([...states].sort()).toEqual(['in_progress', 'pending', 'resolved', 'withdrawn']);
    expect(rows.filter((r) => r.overdue).length).toBeGreaterThan(10);
    expect(new Set(rows.map((r) => r.rating))).toEqual(new Set([null, 'satisfied', 'basically_satisfied', 'dissatisfied']));
    expect(rows.filter((r) => r.responsibleUnitId !== r.collectingUnitId).length).toBeGreaterThan(100);
  });

  it('every read-model table equals a full rebuild, row by row', async () => {
    // the alerts as evaluated today (the projector's rebuild evaluates them for the same clock before its switch)
    const evaluated = await new AlertsEvaluator(db.pool, store).runOnce(today);
    expect(evaluated.failed).toEqual([]);
    expect(evaluated.alerts).toBeGreaterThan(100);
    for (const def of PROJECTIONS) {
      const before = await snapshotTables(db.pool, def);
      const result = await projector.rebuild(def.name);
      expect(result.previousGeneration).toBe(1);
      const after = await snapshotTables(db.pool, def);
      for (const { name: table } of def.tables) {
        // every table is written by the scenario, but the notices (it issues none: test/e2e/issue-workflow covers them)
        if (table !== 'dir_notices') expect({ table, rows: before[table].length }).not.toEqual({ table, rows: 0 });
        expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
      }
    }
    const list = await listProjections(db.pool, store, PROJECTIONS);
    expect(list.map((p) => [p.name, p.generation, p.status, p.lag, p.parked])).toEqual([
      ['directory', 2, 'live', 0, 0],
      ['issues', 2, 'live', 0, 0],
      ['alerts', 2, 'live', 0, 0],
    ]);
  });
});
