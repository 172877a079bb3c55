import { CommandBus } from '@nestjs/cqrs';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Database, EVENT_STORE, SoleOwnership, Supervisor } from '@banjie/event-store';
import { Projector } from '@banjie/projections';
import { CLOCK, ManualClock } from '@banjie/platform';
import { ExtendDeadlineCommand, ResolveIssueCommand } from '@banjie/application';
import { describeEachBackend } from '../../../../test/support/databases';
import {
  acceptedIssue,
  bj,
  seedCampaign,
  startHarness,
  SYSTEM_META as meta,
  type Harness,
} from '../../../../test/support/supervision-harness';
import { SUPERVISION_SCHEDULE } from '../supervision/schedule-settings';
import { DeadlineWatcher } from './deadline-watcher';

describeEachBackend('deadline watcher', (backend) => {
  let h: Harness;
  let clock: ManualClock;
  const watcher = () => h.app.get(DeadlineWatcher);
  /** Sets the clock to a Beijing wall-clock time and runs one watcher pass. */
  const at = async (local: string) => {
    clock.set(bj(local));
    const run = await watcher().runOnce();
    if (!run) throw new Error('the watcher is stopped');
    return run;
  };
  const overdueEvents = async (issueId: string) =>
    (await h.store.readStream(`issue-${issueId}`)).filter((e) => e.type === 'IssueBecameOverdue');

  // One application per backend (a fresh PGlite costs seconds); each test uses its own issues.
  beforeAll(async () => {
    clock = new ManualClock(bj('2023-04-20 09:00'));
    h = await startHarness(backend, { clock, worker: true });
    await seedCampaign(h, { resolveWithinWorkingDays: 5 }, [['unit-a', '黄石市住建局']]);
  }, 240_000); // a fresh embedded database takes seconds to create, more under parallel load
  afterAll(() => h?.close());

  it('records exactly one IssueBecameOverdue as the clock passes the due date, also across a restart', async () => {
    await acceptedIssue(h, 'once', '2023-04-25 10:00', '2023-04-28');
    expect((await at('2023-04-28 23:59')).recorded).toEqual([]);
    const run = await at('2023-04-29 00:01'); // Beijing midnight: the first day past the due date
    expect(run).toMatchObject({ today: '2023-04-29', recorded: ['once'], failed: [] });
    const [event] = await overdueEvents('once');
    expect(event.data).toEqual({ dueOn: '2023-04-28' });
    expect(event.metadata).toMatchObject({
      source: 'watcher',
      actor: { userId: 'system', role: 'system', unitId: null },
      idempotencyKey: 'overdue:once:2023-04-28',
    });
    // business time: when it became overdue (the start of the day after the due date, Beijing
    // time); the watcher's own time is the recording time (decidedAt on its clock)
    expect(event.occurredAt.toISOString()).toBe(bj('2023-04-29 00:00').toISOString());
    expect(event.metadata.decidedAt).toBe(bj('2023-04-29 00:01').toISOString());

    expect((await at('2023-05-04 09:00')).recorded).toEqual([]);
    await h.restart(); // the watcher runs on start: still nothing new
    await at('2023-05-05 09:00');
    expect(await overdueEvents('once')).toHaveLength(1);
  });

  it('a watcher that notices days late still dates the overdue when it happened', async () => {
    await acceptedIssue(h, 'noticed-late', '2023-04-25 10:00', '2023-04-28');
    expect((await at('2023-05-06 10:00')).recorded).toContain('noticed-late');
    const [event] = await overdueEvents('noticed-late');
    expect(event.occurredAt.toISOString()).toBe(bj('2023-04-29 00:00').toISOString());
    expect(event.metadata.decidedAt).toBe(bj('2023-05-06 10:00').toISOString());
  });

  it('two watchers started together still write one event per issue', async () => {
    const ids = ['race-1', 'race-2', 'race-3'];
    for (const id of ids) await acceptedIssue(h, id, '2023-04-25 10:00', '2023-04-28');
    clock.set(bj('2023-05-04 09:00'));
    const make = () =>
      new DeadlineWatcher(
        h.app.get(Database),
        h.app.get(EVENT_STORE),
        h.app.get(CommandBus),
        h.app.get(CLOCK),
        h.app.get(SUPERVISION_SCHEDULE),
        h.app.get(SchedulerRegistry),
        new Supervisor(),
        new SoleOwnership(),
        undefined,
        h.app.get(Projector),
      );
    const runs = await Promise.all([make().runOnce(), make().runOnce(), make().runOnce(), watcher().runOnce()]);
    expect(runs.flatMap((r) => r!.failed)).toEqual([]);
    expect(runs.flatMap((r) => r!.recorded).sort()).toEqual(ids);
    for (const id of ids) expect(await overdueEvents(id)).toHaveLength(1);
  });

  it('a deadline extension before the due date prevents it; the new date is watched instead', async () => {
    await acceptedIssue(h, 'extended', '2023-04-25 10:00', '2023-04-28');
    clock.set(bj('2023-04-27 15:00'));
    await h.exec(new ExtendDeadlineCommand({ issueId: 'extended', dueOn: '2023-05-10', reason: '需跨部门协调' }, meta));
    await at('2023-05-04 09:00');
    await at('2023-05-10 18:00');
    expect(await overdueEvents('extended')).toHaveLength(0);
    await at('2023-05-11 08:00');
    expect((await overdueEvents('extended')).map((e) => e.data)).toEqual([{ dueOn: '2023-05-10' }]);
  });

  it('a resolved issue never becomes overdue', async () => {
    await acceptedIssue(h, 'resolved', '2023-04-25 10:00', '2023-04-28');
    clock.set(bj('2023-04-28 16:00'));
    await h.exec(new ResolveIssueCommand({ issueId: 'resolved', resolution: '已协助办理' }, meta));
    await at('2023-05-20 09:00');
    expect(await overdueEvents('resolved')).toHaveLength(0);
  });

  it('counts the 2023 May Day holiday: 5 working days from Thursday 04-27 is Monday 05-08 (Saturday 05-06 worked)', async () => {
    expect(await acceptedIssue(h, 'mayday', '2023-04-27 10:00')).toBe('2023-05-08');
    await at('2023-05-06 12:00');
    await at('2023-05-08 23:00');
    expect(await overdueEvents('mayday')).toHaveLength(0);
    await at('2023-05-09 00:10');
    expect((await overdueEvents('mayday')).map((e) => e.data)).toEqual([{ dueOn: '2023-05-08' }]);
  });

  it('counts the 2023 Dragon Boat holiday: 5 working days from Monday 06-19 is Tuesday 06-27 (Sunday 06-25 worked)', async () => {
    expect(await acceptedIssue(h, 'dragon', '2023-06-19 10:00')).toBe('2023-06-27');
    await at('2023-06-24 12:00');
    await at('2023-06-27 20:00');
    expect(await overdueEvents('dragon')).toHaveLength(0);
    await at('2023-06-28 09:00');
    expect((await overdueEvents('dragon')).map((e) => e.data)).toEqual([{ dueOn: '2023-06-27' }]);
  });
});
