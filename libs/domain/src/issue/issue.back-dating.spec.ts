/**
 * The back-dating rule (docs/api.md): a person's event may be back-dated before events the system
 * derived from the passage of time (IssueBecameOverdue), never before the stream's last event
 * recorded by a person, the campaign's start, or into the future. IssueBecameOverdue carries the
 * business moment the issue became overdue, not the moment the watcher noticed.
 */
import { at, bj, ev, officerA, supervisor } from '../testing/fixtures';
import type { IssueEvent } from './issue.events';
import { resolvedOnTime } from './issue.state';
import { supersededOverdues } from './overdue-standing';
import { accepted, becameOverdue, cmd, collected, issue, rated, reopened, resolved, stateOf } from './issue.testkit';

// Accepted on 06-02, due Friday 06-09; the watcher noticed on Monday 06-12 at 09:00 and recorded
// the business moment the issue became overdue: 06-10 00:00 Beijing time.
const inProgress = [collected, accepted('2023-06-09')];
const overdue = becameOverdue('2023-06-09', '2023-06-10 00:00');
const officerOn = (occurred: string, now = '2023-06-12 10:00') => at(occurred, officerA, now);

describe('IssueBecameOverdue: business time is when the issue became overdue', () => {
  it('the start of the first day after the due date (Beijing time), whenever the watcher runs', () => {
    const events = issue.given(inProgress).when(cmd.overdue(), at('2023-06-12 09:00')).result();
    expect(events).toEqual([{ type: 'IssueBecameOverdue', data: { dueOn: '2023-06-09' }, occurredAt: bj('2023-06-10 00:00') }]);
    expect(bj('2023-06-10 00:00').toISOString()).toBe('2023-06-09T16:00:00.000Z');
  });

  it('may precede person events recorded before it (the watcher ran late)', () => {
    const noted = ev<IssueEvent>('IssueProgressRecorded', { note: '已上门' }, '2023-06-11 10:00');
    issue
      .given([...inProgress, noted])
      .when(cmd.overdue(), at('2023-06-12 09:00'))
      .then([{ type: 'IssueBecameOverdue', data: { dueOn: '2023-06-09' } }]);
  });

  it('a reopened issue whose due date has passed became overdue when it was reopened', () => {
    const given = [...inProgress, resolved('2023-06-08 10:00'), rated('dissatisfied', '2023-06-09 10:00'), reopened('2023-06-13 10:00')];
    const [event] = issue.given(given).when(cmd.overdue(), at('2023-06-14 09:00')).result();
    expect(event.occurredAt).toEqual(bj('2023-06-13 10:00'));
  });

  it('does not move the floor for back-dating (only person events do)', () => {
    expect(stateOf([...inProgress, overdue]).lastActedAt).toEqual(bj('2023-06-02 10:00'));
  });
});

describe('a person back-dates work before the overdue the watcher recorded', () => {
  it('given the watcher recorded the issue overdue, when the officer records a resolution on the due date two days late, then it is accepted', () => {
    issue
      .given([...inProgress, overdue])
      .when(cmd.resolve('已现场办结'), officerOn('2023-06-09 16:00'))
      .then([{ type: 'IssueResolved', data: { resolution: '已现场办结' } }]);
  });

  it('and the resolution keeps its business time, so the issue is resolved on time', () => {
    const events = issue
      .given([...inProgress, overdue])
      .when(cmd.resolve(), officerOn('2023-06-09 16:00'))
      .result();
    expect(events[0].occurredAt).toEqual(bj('2023-06-09 16:00'));
    const state = stateOf([...inProgress, overdue, ...events]);
    expect(state).toMatchObject({ status: 'resolved', resolvedOn: '2023-06-09', dueOn: '2023-06-09' });
    expect(resolvedOnTime(state)).toBe(true);
    expect(state.overdueRecordedFor).toEqual(['2023-06-09']); // what the system knew stays in the stream
  });

  it('a resolution back-dated to after the due date is accepted too, and is late', () => {
    const events = issue
      .given([...inProgress, overdue])
      .when(cmd.resolve(), officerOn('2023-06-11 09:00'))
      .result();
    expect(resolvedOnTime(stateOf([...inProgress, overdue, ...events]))).toBe(false);
  });

  it('other person events may be back-dated before it as well (progress, transfer, extension)', () => {
    issue
      .given([...inProgress, overdue])
      .when(cmd.progress('已上门'), officerOn('2023-06-08 10:00'))
      .then([{ type: 'IssueProgressRecorded', data: { note: '已上门' } }]);
    issue
      .given([...inProgress, overdue])
      .when(cmd.extend('2023-06-30', '需协调'), at('2023-06-09 10:00', supervisor, '2023-06-12 10:00'))
      .then([{ type: 'IssueDeadlineExtended', data: { dueOn: '2023-06-30', reason: '需协调' } }]);
  });
});

describe('what back-dating may not do', () => {
  it("given a person's event after the overdue, when a resolution is back-dated before that event, then it is refused", () => {
    const noted = ev<IssueEvent>('IssueProgressRecorded', { note: '已协调' }, '2023-06-10 15:00');
    const error = issue
      .given([...inProgress, overdue, noted])
      .when(cmd.resolve(), officerOn('2023-06-09 16:00'))
      .thenThrows('ISSUE.OCCURRED_BEFORE_PREVIOUS', 'rule');
    expect(error.message).toContain('recorded by a person');
    expect(error.message).toContain('2023-06-10T07:00:00.000Z');
  });

  it("before the acceptance (a person's event), even with an overdue in between", () => {
    issue
      .given([...inProgress, overdue])
      .when(cmd.resolve(), officerOn('2023-06-02 09:00'))
      .thenThrows('ISSUE.OCCURRED_BEFORE_PREVIOUS');
  });

  it('into the future', () => {
    issue
      .given([...inProgress, overdue])
      .when(cmd.resolve(), officerOn('2023-06-12 10:01'))
      .thenThrows('COMMON.OCCURRED_IN_FUTURE', 'invalid');
  });

  it("before the campaign's start", () => {
    issue
      .given([])
      .when(cmd.collect(), at('2023-04-30 10:00', officerA, '2023-06-12 10:00'))
      .thenThrows('COMMON.OCCURRED_BEFORE_CAMPAIGN');
  });
});

describe('an overdue that no longer counts (for the audit trail)', () => {
  it('a resolution on time recorded after the overdue supersedes it, naming why', () => {
    const events = [...inProgress, overdue, resolved('2023-06-09 16:00')];
    expect(supersededOverdues(events)).toEqual([
      { overdueIndex: 2, byIndex: 3, reason: 'resolved_on_time', dueOn: '2023-06-09', on: '2023-06-09' },
    ]);
  });

  it('a late resolution does not: the issue was overdue', () => {
    expect(supersededOverdues([...inProgress, overdue, resolved('2023-06-11 09:00')])).toEqual([]);
  });

  it('nor does an event dated after the overdue moment, or one that does not end it', () => {
    const noted = ev<IssueEvent>('IssueProgressRecorded', { note: '已上门' }, '2023-06-08 10:00');
    const extendedLater = ev<IssueEvent>('IssueDeadlineExtended', { dueOn: '2023-06-30', reason: 'r' }, '2023-06-12 10:00');
    expect(supersededOverdues([...inProgress, overdue, noted, extendedLater])).toEqual([]);
  });

  it('a withdrawal or an extension back-dated before the overdue moment supersedes it', () => {
    const withdrawn = ev<IssueEvent>('IssueWithdrawn', { reason: '重复' }, '2023-06-09 11:00');
    expect(supersededOverdues([...inProgress, overdue, withdrawn])[0]).toMatchObject({ reason: 'withdrawn' });
    const extended = ev<IssueEvent>('IssueDeadlineExtended', { dueOn: '2023-06-30', reason: 'r' }, '2023-06-09 11:00');
    expect(supersededOverdues([...inProgress, overdue, extended])[0]).toMatchObject({ reason: 'deadline_extended' });
  });
});
