import { issueStream, stored } from '../testing/events';
import { evolveIssueFact, IssueFactError, snapshotOf } from './issue-fact';
import { StatisticsModel } from './unit-statistics.evolve';

const C = 'c-2023';
const collect = (issueId: string, unitId = 'unit-a') => ({
  issueId,
  campaignId: C,
  unitId,
  enterpriseCode: 'E1',
  kind: 'problem',
  category: 'permit',
  title: 't',
  description: 'd',
});

/** given events → when folded → then the unit's row. */
function given(...events: ReturnType<ReturnType<typeof issueStream>>[]) {
  return new StatisticsModel().apply(events);
}

describe('unit statistics: issue facts', () => {
  it('counts a collected issue for its unit, not resolved yet', () => {
    const i = issueStream('i1');
    const m = given(i('IssueCollected', collect('i1'), '2023-05-04 10:00'));
    expect(m.row(C, 'unit-a')).toMatchObject({ issuesCollected: 1, issuesResolved: 0, rated: 0 });
  });

  it('a transfer leaves the issue with the collecting unit and clears the due date', () => {
    const i = issueStream('i1');
    const m = given(
      i('IssueCollected', collect('i1'), '2023-05-04 10:00'),
      i('IssueAccepted', { issueId: 'i1', dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueTransferred', { fromUnitId: 'unit-a', toUnitId: 'unit-b', reason: 'r' }, '2023-05-05 09:00'),
      i('IssueResolved', { resolution: 'done' }, '2023-05-20 09:00'),
    );
    expect(m.row(C, 'unit-a')).toMatchObject({ issuesCollected: 1, issuesResolved: 1, onTimeResolved: 0, resolvedWithDue: 0 });
    expect(m.row(C, 'unit-b')).toMatchObject({ issuesCollected: 0, issuesResolved: 0 });
  });

  it('a transferred issue is open with no due date, so it is not overdue', () => {
    const i = issueStream('i1');
    const m = given(
      i('IssueCollected', collect('i1'), '2023-05-04 10:00'),
      i('IssueAccepted', { issueId: 'i1', dueOn: '2023-05-10' }, '2023-05-04 11:00'),
    );
    expect(m.openOverdue(C, 'unit-a', '2023-05-11')).toBe(1);
    expect(m.openOverdue(C, 'unit-a', '2023-05-10')).toBe(0); // due today is not yet overdue
    m.apply([i('IssueTransferred', { fromUnitId: 'unit-a', toUnitId: 'unit-b', reason: 'r' }, '2023-05-12 09:00')]);
    expect(m.openOverdue(C, 'unit-a', '2023-05-13')).toBe(0);
  });

  it('reopen takes the resolution back and drops its rating', () => {
    const i = issueStream('i1');
    const m = given(
      i('IssueCollected', collect('i1'), '2023-05-04 10:00'),
      i('IssueAccepted', { issueId: 'i1', dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueResolved', { resolution: 'done' }, '2023-05-08 09:00'),
      i('FeedbackGiven', { rating: 'dissatisfied', channel: 'callback' }, '2023-05-09 09:00'),
    );
    expect(m.row(C, 'unit-a')).toMatchObject({ issuesResolved: 1, rated: 1, dissatisfied: 1, onTimeResolved: 1 });
    m.apply([i('IssueReopened', { reason: 'not fixed' }, '2023-05-09 10:00')]);
    expect(m.row(C, 'unit-a')).toMatchObject({
      issuesCollected: 1,
      issuesResolved: 0,
      rated: 0,
      dissatisfied: 0,
      onTimeResolved: 0,
      resolvedWithDue: 0,
    });
  });

  it('repeated feedback after a reopen: only the latest resolution’s rating counts', () => {
    const i = issueStream('i1');
    const m = given(
      i('IssueCollected', collect('i1'), '2023-05-04 10:00'),
      i('IssueAccepted', { issueId: 'i1', dueOn: '2023-05-20' }, '2023-05-04 11:00'),
      i('IssueResolved', { resolution: 'done' }, '2023-05-08 09:00'),
      i('FeedbackGiven', { rating: 'dissatisfied', channel: 'callback' }, '2023-05-09 09:00'),
      i('IssueReopened', { reason: 'not fixed' }, '2023-05-09 10:00'),
      i('IssueResolved', { resolution: 'fixed' }, '2023-05-12 09:00'),
    );
    expect(m.row(C, 'unit-a')).toMatchObject({ issuesResolved: 1, rated: 0, dissatisfied: 0 });
    m.apply([i('FeedbackGiven', { rating: 'basically_satisfied', channel: 'enterprise_link' }, '2023-05-13 09:00')]);
    expect(m.row(C, 'unit-a')).toMatchObject({ issuesResolved: 1, rated: 1, satisfied: 0, basicallySatisfied: 1, dissatisfied: 0 });
  });

  it('withdraw leaves every denominator', () => {
    const i = issueStream('i1');
    const j = issueStream('i2');
    const m = given(
      i('IssueCollected', collect('i1'), '2023-05-04 10:00'),
      i('IssueAccepted', { issueId: 'i1', dueOn: '2023-05-05' }, '2023-05-04 11:00'),
      j('IssueCollected', collect('i2'), '2023-05-04 10:00'),
    );
    expect(m.row(C, 'unit-a').issuesCollected).toBe(2);
    expect(m.openOverdue(C, 'unit-a', '2023-05-08')).toBe(1);
    m.apply([i('IssueWithdrawn', { reason: 'duplicate' }, '2023-05-06 09:00')]);
    expect(m.row(C, 'unit-a')).toMatchObject({ issuesCollected: 1, issuesResolved: 0, rated: 0, resolvedWithDue: 0 });
    expect(m.openOverdue(C, 'unit-a', '2023-05-08')).toBe(0);
  });

  it.each([
    ['before the due date', '2023-05-09 17:00', 1],
    ['on the due date (Beijing time, late evening)', '2023-05-10 23:30', 1],
    ['after the due date', '2023-05-11 00:10', 0],
  ])('resolution %s', (_label, resolvedAt, onTime) => {
    const i = issueStream('i1');
    const m = given(
      i('IssueCollected', collect('i1'), '2023-05-04 10:00'),
      i('IssueAccepted', { issueId: 'i1', dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueResolved', { resolution: 'done' }, resolvedAt),
    );
    expect(m.row(C, 'unit-a')).toMatchObject({ issuesResolved: 1, resolvedWithDue: 1, onTimeResolved: onTime });
  });

  it('an extension moves the due date the resolution is measured against', () => {
    const i = issueStream('i1');
    const m = given(
      i('IssueCollected', collect('i1'), '2023-05-04 10:00'),
      i('IssueAccepted', { issueId: 'i1', dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueDeadlineExtended', { dueOn: '2023-05-15', reason: 'complex' }, '2023-05-09 11:00'),
      i('IssueResolved', { resolution: 'done' }, '2023-05-12 09:00'),
    );
    expect(m.row(C, 'unit-a')).toMatchObject({ onTimeResolved: 1, resolvedWithDue: 1 });
  });

  it('resolved on the spot (no due date) is outside the on-time denominator', () => {
    const i = issueStream('i1');
    const m = given(
      i('IssueCollected', collect('i1'), '2023-05-04 10:00'),
      i('IssueResolved', { resolution: 'on the spot' }, '2023-05-04 10:30'),
    );
    expect(m.row(C, 'unit-a')).toMatchObject({ issuesResolved: 1, resolvedWithDue: 0, onTimeResolved: 0 });
  });

  it('events that do not change the counts do not open a new interval', () => {
    const i = issueStream('i1');
    const m = given(
      i('IssueCollected', collect('i1'), '2023-05-04 10:00'),
      i('IssueAccepted', { issueId: 'i1', dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueProgressRecorded', { note: 'n' }, '2023-05-05 11:00'),
      i('IssueBecameOverdue', { dueOn: '2023-05-10' }, '2023-05-11 00:05'),
    );
    expect(m.versions.map((v) => v.seq)).toEqual([1]);
    const fact = m.state.issues.get('i1')!;
    expect(fact.seq).toBe(2);
    // the overdue is derived from time: the clamp follows person events only
    expect(fact.last.occurredAt.toISOString()).toBe('2023-05-05T03:00:00.000Z');
  });

  it('a resolution recorded after the overdue but dated on the due date counts as on time, and is not open', () => {
    const i = issueStream('i1');
    const m = given(
      i('IssueCollected', collect('i1'), '2023-05-04 10:00'),
      i('IssueAccepted', { issueId: 'i1', dueOn: '2023-05-10' }, '2023-05-04 11:00'),
      i('IssueBecameOverdue', { dueOn: '2023-05-10' }, '2023-05-11 00:00'),
      i('IssueResolved', { resolution: '现场办结' }, '2023-05-10 17:00'),
    );
    expect(m.row(C, 'unit-a')).toMatchObject({ issuesResolved: 1, resolvedWithDue: 1, onTimeResolved: 1 });
    expect(m.openOverdue(C, 'unit-a', '2023-05-12')).toBe(0);
    expect(m.state.issues.get('i1')).toMatchObject({ resolvedOn: '2023-05-10' });
    // the resolved snapshot begins at the resolution's business time, not the overdue's
    expect(m.state.issues.get('i1')!.since.occurredAt.toISOString()).toBe('2023-05-10T09:00:00.000Z');
  });

  it('an issue event before IssueCollected cannot be applied (live parks it, a rebuild stops)', () => {
    const i = issueStream('ghost');
    expect(() => evolveIssueFact(null, i('IssueAccepted', { dueOn: '2023-05-10' }, '2023-05-04 11:00'))).toThrow(IssueFactError);
    const parked: string[] = [];
    new StatisticsModel().apply([i('IssueResolved', { resolution: 'x' }, '2023-05-04 11:00')], (e) => parked.push(e.type));
    expect(parked).toEqual(['IssueResolved']);
  });

  it('snapshot of nothing counts nothing', () => {
    expect(snapshotOf(null).counted).toBe(false);
  });
});

describe('unit statistics: activities', () => {
  it('counts activities per form and distinct enterprises per unit', () => {
    const held = (id: string, unitId: string, form: string, codes: string[]) =>
      stored(
        `activity-${id}`,
        'ActivityHeld',
        { activityId: id, campaignId: C, unitId, form, heldOn: '2023-05-04', enterpriseCodes: codes, summary: 's' },
        '2023-05-04 10:00',
      );
    const m = new StatisticsModel().apply([
      held('a1', 'unit-a', 'door_to_door', ['E1', 'E2']),
      held('a2', 'unit-a', 'symposium', ['E2', 'E3', 'E3']),
      held('a3', 'unit-b', 'phone', ['E1']),
    ]);
    expect(m.row(C, 'unit-a')).toMatchObject({
      activities: 2,
      enterprisesVisited: 3,
      activitiesByForm: { door_to_door: 1, symposium: 1, online: 0, phone: 0 },
    });
    expect(m.row(C, 'unit-b')).toMatchObject({ activities: 1, enterprisesVisited: 1 });
  });
});
