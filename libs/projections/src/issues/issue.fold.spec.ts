import { asBanjieEvent } from '@banjie/domain';
import type { StoredEvent } from '@banjie/event-store';
import { countIssue, type IssueCounts } from '../reports/counts';
import { ProjectionError, type Stored } from '../runtime/keyed-projection';
import { bj, issueStream, stored } from '../testing/events';
import { endedVersion, evolveIssueRow, type IssueEventType, type IssueRow, type IssueVersion } from './issue.fold';

const collect = (issueId = 'i1', unitId = 'unit-a') => ({
  issueId,
  campaignId: 'c',
  unitId,
  enterpriseCode: 'E1',
  kind: 'problem',
  category: 'permit',
  title: 'T',
  description: 'd',
});

const typed = (e: StoredEvent) => asBanjieEvent(e) as Stored<IssueEventType>;

/** given events → the issue's row and every ended snapshot. */
function fold(events: StoredEvent[]): { row: IssueRow; versions: IssueVersion[] } {
  let row: IssueRow | null = null;
  const versions: IssueVersion[] = [];
  for (const e of events) {
    const next = evolveIssueRow(row, typed(e));
    versions.push(...endedVersion(row, next));
    row = next;
  }
  return { row: row!, versions };
}

/** What the issue counts for as of the end of business day `day`, as known at `knownAt` (the report's rule, in memory). */
function countedAsOf(f: { row: IssueRow; versions: IssueVersion[] }, day: string, knownAt = new Date(8.64e15)): IssueCounts | null {
  const end = new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000);
  const current = f.row.sinceOccurredAt < end && f.row.sinceRecordedAt <= knownAt ? f.row : null;
  const ended = f.versions.find(
    (v) => v.occurredAt < end && v.recordedAt <= knownAt && !(v.nextOccurredAt < end && v.nextRecordedAt <= knownAt),
  );
  const inForce = ended ?? current;
  return inForce ? countIssue(inForce, day) : null;
}

describe('the issue fold (evolveIssueRow)', () => {
  it('counts for the collecting unit; a transfer moves the work and clears the due date', () => {
    const i = issueStream('i1');
    const { row } = fold([
      i('IssueCollected', collect(), '2023-05-04 10:00'),
      i('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueTransferred', { fromUnitId: 'unit-a', toUnitId: 'unit-b', reason: 'r' }, '2023-05-05 09:00'),
    ]);
    expect(row).toMatchObject({ state: 'pending', collectingUnitId: 'unit-a', responsibleUnitId: 'unit-b', dueOn: null, version: 3 });
    expect(countIssue(row, '2023-06-01')).toMatchObject({ issuesCollected: 1, openOverdue: 0 });
  });

  it('on time: resolved on or before the due date in force (extensions count); no due date: outside the denominator', () => {
    const onTime = issueStream('a');
    const late = issueStream('b');
    const extended = issueStream('c');
    const onTheSpot = issueStream('d');
    const a = fold([
      onTime('IssueCollected', collect('a'), '2023-05-04 10:00'),
      onTime('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      onTime('IssueResolved', { resolution: 'x' }, '2023-05-10 23:30'),
    ]).row;
    const b = fold([
      late('IssueCollected', collect('b'), '2023-05-04 10:00'),
      late('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      late('IssueResolved', { resolution: 'x' }, '2023-05-11 00:10'),
    ]).row;
    const c = fold([
      extended('IssueCollected', collect('c'), '2023-05-04 10:00'),
      extended('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      extended('IssueDeadlineExtended', { dueOn: '2023-05-20', reason: 'x' }, '2023-05-09 11:00'),
      extended('IssueResolved', { resolution: 'x' }, '2023-05-15 10:00'),
    ]).row;
    const d = fold([
      onTheSpot('IssueCollected', collect('d'), '2023-05-04 10:00'),
      onTheSpot('IssueResolved', { resolution: 'x' }, '2023-05-04 11:00'),
    ]).row;
    expect(countIssue(a, '2023-06-01')).toMatchObject({ issuesResolved: 1, resolvedWithDue: 1, onTimeResolved: 1 });
    expect(countIssue(b, '2023-06-01')).toMatchObject({ issuesResolved: 1, resolvedWithDue: 1, onTimeResolved: 0 });
    expect(countIssue(c, '2023-06-01')).toMatchObject({ resolvedWithDue: 1, onTimeResolved: 1 });
    expect(countIssue(d, '2023-06-01')).toMatchObject({ issuesResolved: 1, resolvedWithDue: 0, onTimeResolved: 0 });
  });

  it('a reopen takes the resolution and its rating back; the next resolution waits for its own rating', () => {
    const i = issueStream('i1');
    const events = [
      i('IssueCollected', collect(), '2023-05-04 10:00'),
      i('IssueResolved', { resolution: 'x' }, '2023-05-04 12:00'),
      i('FeedbackGiven', { rating: 'dissatisfied', channel: 'callback' }, '2023-05-05 12:00'),
    ];
    expect(countIssue(fold(events).row, '2023-06-01')).toMatchObject({ issuesResolved: 1, rated: 1, dissatisfied: 1 });
    const reopened = [
      ...events,
      i('IssueReopened', { reason: 'r' }, '2023-05-05 13:00'),
      i('IssueResolved', { resolution: 'y' }, '2023-05-06 13:00'),
    ];
    const { row } = fold(reopened);
    expect(row).toMatchObject({ state: 'resolved', rating: null, lastRating: 'dissatisfied', cycle: 2 });
    expect(countIssue(row, '2023-06-01')).toMatchObject({ issuesResolved: 1, rated: 0, dissatisfied: 0 });
    const rated = fold([...reopened, i('FeedbackGiven', { rating: 'satisfied', channel: 'on_site' }, '2023-05-07 13:00')]).row;
    expect(countIssue(rated, '2023-06-01')).toMatchObject({ rated: 1, satisfied: 1, dissatisfied: 0 });
  });

  it('withdrawn: out of every count', () => {
    const i = issueStream('i1');
    const { row } = fold([i('IssueCollected', collect(), '2023-05-04 10:00'), i('IssueWithdrawn', { reason: 'dup' }, '2023-05-05 10:00')]);
    expect(Object.values(countIssue(row, '2023-06-01')).every((n) => n === 0)).toBe(true);
  });

  it('the watcher’s overdue flag: set for the due date in force, cleared by a new date or a resolution, a stale mark ignored', () => {
    const i = issueStream('i1');
    const events = [
      i('IssueCollected', collect(), '2023-05-04 10:00'),
      i('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueBecameOverdue', { dueOn: '2023-05-10' }, '2023-05-11 00:00', '2023-05-11 00:05'),
    ];
    expect(fold(events).row).toMatchObject({ overdue: true, overdueRecordedFor: ['2023-05-10'] });
    const extended = [...events, i('IssueDeadlineExtended', { dueOn: '2023-05-20', reason: 'x' }, '2023-05-11 09:00')];
    expect(fold(extended).row).toMatchObject({ overdue: false, dueOn: '2023-05-20' });
    const stale = [...extended, i('IssueBecameOverdue', { dueOn: '2023-05-10' }, '2023-05-11 00:00', '2023-05-11 09:01')];
    expect(fold(stale).row).toMatchObject({ overdue: false });
  });

  it('reads IssueBecameOverdue v1 as v2: it became overdue at the start of the day after the due date, not when the watcher noticed', () => {
    const i = issueStream('i1');
    const v1 = { ...i('IssueBecameOverdue', { dueOn: '2023-05-10' }, '2023-05-13 09:30'), schemaVersion: 1 };
    const { row } = fold([
      i('IssueCollected', collect(), '2023-05-04 10:00'),
      i('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      v1,
    ]);
    expect(row.overdueSince).toEqual(bj('2023-05-11 00:00'));
  });

  it('a resolution back-dated before the watcher’s overdue mark is on time; known before it was recorded, the issue was overdue', () => {
    const i = issueStream('i1');
    const f = fold([
      i('IssueCollected', collect(), '2023-05-04 10:00'),
      i('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      // the watcher: business time = the start of the day after the due date, recorded the next morning
      i('IssueBecameOverdue', { dueOn: '2023-05-10' }, '2023-05-11 00:00', '2023-05-11 06:00'),
      // the officer resolved it on the due date, recorded two days later
      i('IssueResolved', { resolution: 'x' }, '2023-05-10 17:00', '2023-05-12 09:00'),
    ]);
    expect(f.row).toMatchObject({ state: 'resolved', resolvedOn: '2023-05-10' });
    expect(f.row.businessAt).toEqual(bj('2023-05-10 17:00')); // the overdue mark did not move persons' business time
    expect(countIssue(f.row, '2023-05-20')).toMatchObject({ issuesResolved: 1, onTimeResolved: 1, openOverdue: 0 });
    // as of 05-11, known now: resolved on time; known on 05-11 (before the resolution was recorded): open and overdue
    expect(countedAsOf(f, '2023-05-11')).toMatchObject({ issuesResolved: 1, onTimeResolved: 1, openOverdue: 0 });
    expect(countedAsOf(f, '2023-05-11', bj('2023-05-11 12:00'))).toMatchObject({ issuesResolved: 0, openOverdue: 1 });
    expect(countedAsOf(f, '2023-05-09')).toMatchObject({ issuesCollected: 1, issuesResolved: 0, openOverdue: 0 });
  });

  it('opens a snapshot per change an as-of reader sees — a progress note does, an overdue mark does not', () => {
    const i = issueStream('i1');
    const f = fold([
      i('IssueCollected', collect(), '2023-05-04 10:00'),
      i('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueProgressRecorded', { note: 'n' }, '2023-05-06 11:00'),
      i('IssueBecameOverdue', { dueOn: '2023-05-10' }, '2023-05-11 00:00'),
    ]);
    expect(f.row.seq).toBe(3);
    expect(f.versions.map((v) => [v.seq, v.state, v.progressSince])).toEqual([
      [1, 'pending', null],
      [2, 'in_progress', '2023-05-04'],
    ]);
    expect(f.row).toMatchObject({ progressSince: '2023-05-06', dueSince: '2023-05-04' });
    expect(f.versions[1].nextOccurredAt).toEqual(bj('2023-05-06 11:00'));
  });

  it('refuses what an issue cannot take: an event before its IssueCollected, a second IssueCollected', () => {
    const i = issueStream('i1');
    expect(() => fold([i('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00')])).toThrow(ProjectionError);
    const j = issueStream('i2');
    expect(() =>
      fold([j('IssueCollected', collect('i2'), '2023-05-04 10:00'), j('IssueCollected', collect('i2'), '2023-05-04 10:00')]),
    ).toThrow(/already collected/);
    expect(() => fold([stored('issue-i3', 'IssueTeleported', {}, '2023-05-04 10:00')])).toThrow(/unknown event type/);
  });
});
