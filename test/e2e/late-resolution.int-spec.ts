/**
 * Issue #13's integration acceptance, on both backends, through the real application (API +
 * worker): an issue goes overdue by the deadline watcher; then its officer records a resolution
 * back-dated to the due date. What happened decides (business time), what was known stays
 * answerable (knownAt):
 * - as of a date after the due date, known now: resolved on time, not open-overdue;
 * - known at a moment before the resolution was recorded: still open and overdue;
 * - the red card and escalation the watcher's overdue made visible are closed, saying why;
 * - the audit trail shows both events with both times, and why the overdue no longer counts.
 * A resolution genuinely after the due date, recorded as late, stays late.
 */
import type { Pool } from 'pg';
import { Projector } from '@banjie/projections';
import { AlertsWorker, DeadlineWatcher } from '@banjie/worker';
import { describeEachBackend } from '../support/databases';
import { settle } from '../support/projection-helpers';
import { acceptedIssue, bj, seedCampaign, startHarness, type Harness } from '../support/supervision-harness';
import { ManualClock } from '@banjie/platform';

const asOfficer = { 'x-actor': 'user-unit-a', 'x-unit': 'unit-a', 'x-role': 'officer' };

describeEachBackend('a resolution recorded late after the watcher has spoken', (backend) => {
  let h: Harness;
  let clock: ManualClock;
  /** Every projection and the alerts caught up with every committed event, evaluated for the clock's day. */
  const settleAll = async () => {
    await settle(h.app.get(Projector), h.db.pool as Pool, h.store);
    const report = await h.app.get(AlertsWorker).settle();
    expect(report?.failed ?? []).toEqual([]);
  };
  const unitRow = async (query: string) => {
    const res = await h.get(`/campaigns/c2023/report?${query}`);
    expect(res.status).toBe(200);
    return res.body.rows.find((r: any) => r.unitId === 'unit-a');
  };
  const issueAlerts = async (issueId: string, query = '') => {
    const res = await h.get(`/alerts?campaignId=c2023&kind=overdue,escalated${query}`);
    expect(res.status).toBe(200);
    return (res.body.alerts as any[]).filter((a) => a.issueId === issueId);
  };
  /** Resolves as unit-a's officer at the clock's now, with business time `occurredAt` (Beijing). */
  const resolveAt = async (issueId: string, now: string, occurredAt: string) => {
    clock.set(bj(now));
    return h.post(
      `/issues/${issueId}/resolve`,
      { resolution: '已到现场协调办结', occurredAt: bj(occurredAt).toISOString() },
      { ...asOfficer, 'content-type': 'application/json' },
    );
  };

  beforeAll(async () => {
    clock = new ManualClock(bj('2023-04-20 09:00'));
    h = await startHarness(backend, { clock, worker: true });
    await seedCampaign(h, { dueSoonWorkingDays: 1, escalateAfterWorkingDays: 2, stalledAfterWorkingDays: 0 }, [['unit-a', '黄冈市住建局']]);
    // Both due Friday 2023-06-09.
    await acceptedIssue(h, 'on-time', '2023-06-01 10:00', '2023-06-09');
    await acceptedIssue(h, 'late', '2023-06-01 10:30', '2023-06-09');
  }, 240_000); // a fresh embedded database takes seconds to create, more under parallel load
  afterAll(() => h?.close());

  it('goes overdue by the watcher, then a back-dated on-time resolution makes it on time, bitemporally', async () => {
    // Tuesday 06-13: the watcher records both overdue; the red card (Monday 06-12) and the
    // escalation (2 working days past: 06-13) are open.
    clock.set(bj('2023-06-13 09:00'));
    const run = await h.app.get(DeadlineWatcher).runOnce();
    expect(run?.recorded.sort()).toEqual(['late', 'on-time']);
    await settleAll();
    expect(await unitRow('asOf=2023-06-13')).toMatchObject({ openOverdue: 2, issuesResolved: 0 });
    expect((await issueAlerts('on-time', '&open=true')).map((a) => [a.kind, a.raisedAt]).sort()).toEqual([
      ['escalated', '2023-06-13'],
      ['overdue', '2023-06-12'],
    ]);

    const overdue = (await h.store.readStream('issue-on-time')).find((e) => e.type === 'IssueBecameOverdue')!;
    expect(overdue.occurredAt.toISOString()).toBe(bj('2023-06-10 00:00').toISOString());
    // "known at" a moment after the watcher wrote and before the officer records
    const knownBefore = new Date(overdue.recordedAt.getTime() + 1);
    for (let i = 0; Date.now() <= knownBefore.getTime() + 1 && i < 1000; i++) await new Promise((r) => setImmediate(r));

    // Wednesday 06-14: the officer records the resolution of 06-09 16:00 (before the overdue's
    // business time: allowed), and another one of Monday 06-12 (after the due date: late).
    const onTime = await resolveAt('on-time', '2023-06-14 10:00', '2023-06-09 16:00');
    expect(onTime.status).toBe(200);
    const late = await resolveAt('late', '2023-06-14 10:05', '2023-06-12 15:00');
    expect(late.status).toBe(200);
    await settleAll();

    // As of 06-20, known now: both resolved, one on time, none open-overdue.
    expect(await unitRow('asOf=2023-06-20')).toMatchObject({
      issuesResolved: 2,
      onTimeResolved: 1,
      onTimeRate: 0.5,
      openOverdue: 0,
    });
    // Known at a moment before the resolutions were recorded: both still open and overdue.
    expect(await unitRow(`asOf=2023-06-20&knownAt=${knownBefore.toISOString()}`)).toMatchObject({
      issuesResolved: 0,
      onTimeResolved: 0,
      openOverdue: 2,
    });
    // As of the due date itself, known now: the on-time one was already resolved.
    expect(await unitRow('asOf=2023-06-09')).toMatchObject({ issuesResolved: 1, onTimeResolved: 1, openOverdue: 0 });

    // The red card and the escalation are closed. The on-time issue's stay visible as the episode
    // supervision saw, cleared on the day the resolution was recorded, saying why.
    expect(await issueAlerts('on-time', '&open=true')).toEqual([]);
    expect(await issueAlerts('late', '&open=true')).toEqual([]);
    const episode = await issueAlerts('on-time');
    expect(episode.map((a) => [a.kind, a.raisedAt, a.clearedAt]).sort()).toEqual([
      ['escalated', '2023-06-13', '2023-06-14'],
      ['overdue', '2023-06-12', '2023-06-14'],
    ]);
    for (const a of episode)
      expect(a.details).toMatchObject({
        clearedBy: 'IssueResolved',
        clearedByOn: '2023-06-09',
        recordedOn: '2023-06-14',
        resolvedOnTime: true,
      });
    // Resolved on Monday 06-12, the red card's own day: in business time no card held, but
    // supervision saw both until the record arrived — cleared then, and not on time.
    const lateEpisode = await issueAlerts('late');
    expect(lateEpisode.map((a) => [a.kind, a.raisedAt, a.clearedAt]).sort()).toEqual([
      ['escalated', '2023-06-13', '2023-06-14'],
      ['overdue', '2023-06-12', '2023-06-14'],
    ]);
    for (const a of lateEpisode) expect(a.details).toMatchObject({ clearedByOn: '2023-06-12', resolvedOnTime: false });

    // The audit trail: both events with both times, and why the overdue no longer counts.
    const history = (await h.get('/issues/on-time/history')).body.events as any[];
    const recordedOverdue = history.find((e) => e.type === 'IssueBecameOverdue');
    const resolution = history.find((e) => e.type === 'IssueResolved');
    expect(recordedOverdue).toMatchObject({
      occurredAt: bj('2023-06-10 00:00').toISOString(),
      recordedByClock: bj('2023-06-13 09:00').toISOString(),
      source: 'watcher',
      overdueNoLongerCounts: { reason: 'resolved_on_time', on: '2023-06-09', recordedOn: '2023-06-14', eventId: resolution.eventId },
    });
    expect(resolution).toMatchObject({
      occurredAt: bj('2023-06-09 16:00').toISOString(),
      recordedByClock: bj('2023-06-14 10:00').toISOString(),
      lagWorkingDays: 3,
      lateRecording: false,
    });
    expect(resolution.streamVersion).toBeGreaterThan(recordedOverdue.streamVersion);
    const lateHistory = (await h.get('/issues/late/history')).body.events as any[];
    expect(lateHistory.find((e) => e.type === 'IssueBecameOverdue').overdueNoLongerCounts).toBeUndefined();
  });

  it("refuses a resolution back-dated before the issue's last event recorded by a person", async () => {
    await acceptedIssue(h, 'floor', '2023-06-15 10:00', '2023-06-16');
    const res = await resolveAt('floor', '2023-06-20 10:00', '2023-06-15 09:00');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'ISSUE.OCCURRED_BEFORE_PREVIOUS', state: 'in_progress' });
  });
});
