/**
 * The per-issue alerts (libs/supervision's pure rules) over an issue's life as the read side folds
 * it: events → the one issue fold → its timeline → the ladder, the stall, the notices.
 */
import { ChineseWorkingCalendar } from '@banjie/domain';
import { evaluateIssue, evaluateNotice, supervisionSettings, type Alert } from '@banjie/supervision';
import { noticeOf, timelineOf, type DayEvent } from '../testing/alert-inputs';

// 2023: May Day off 04-29..05-03, worked Sun 04-23 and Sat 05-06; Dragon Boat off 06-22..06-24, worked Sun 06-25.
const calendar = new ChineseWorkingCalendar();
// The ladder of issue #5 (黄牌 1 working day before, 通报 at 5 working days overdue); stalled off (0)
// except in its own tests, so each expectation reads one rule.
const settings = supervisionSettings({ sla: { dueSoonWorkingDays: 1, escalateAfterWorkingDays: 5, stalledAfterWorkingDays: 0 } });
const stalledSettings = supervisionSettings({ sla: { dueSoonWorkingDays: 0, stalledAfterWorkingDays: 3 } });

const ev = (type: string, on: string, data: Record<string, unknown> = {}): DayEvent => ({ type, on, data });
const collected = (on: string, unitId = 'unit-a') => ev('IssueCollected', on, { issueId: 'i1', campaignId: 'c1', unitId });

/** kind → [raisedAt, clearedAt] of each alert, for compact expectations. */
function summary(alerts: Alert[]) {
  return alerts.map((a) => [a.kind, a.raisedAt, a.clearedAt]);
}

describe('the due-date ladder over the 2023 May Day holiday (due Friday 04-28)', () => {
  const history = [collected('2023-04-24'), ev('IssueAccepted', '2023-04-25', { dueOn: '2023-04-28' })];

  it('nothing before the yellow card; the next check is the day it is due', () => {
    expect(evaluateIssue(timelineOf(history), settings, calendar, '2023-04-26')).toEqual({ alerts: [], nextCheckOn: '2023-04-27' });
  });

  it('due_soon (黄牌) from 1 working day before the due date, and through the holiday', () => {
    expect(summary(evaluateIssue(timelineOf(history), settings, calendar, '2023-04-27').alerts)).toEqual([
      ['due_soon', '2023-04-27', null],
    ]);
    const onHoliday = evaluateIssue(timelineOf(history), settings, calendar, '2023-05-02');
    expect(summary(onHoliday.alerts)).toEqual([['due_soon', '2023-04-27', null]]);
    expect(onHoliday.nextCheckOn).toBe('2023-05-04');
  });

  it('overdue (红牌 + 催办) on the first working day past it (05-04, after the holiday); the yellow card clears then', () => {
    const r = evaluateIssue(timelineOf(history), settings, calendar, '2023-05-04');
    expect(summary(r.alerts)).toEqual([
      ['due_soon', '2023-04-27', '2023-05-04'],
      ['overdue', '2023-05-04', null],
    ]);
    expect(r.alerts[1]).toMatchObject({
      level: 'serious',
      colour: 'red',
      unitId: 'unit-a',
      issueId: 'i1',
      campaignId: 'c1',
      details: { dueOn: '2023-04-28', reminder: true },
    });
    expect(r.nextCheckOn).toBe('2023-05-09');
  });

  it('escalated (通报) at 5 working days overdue, counting the Saturday 05-06 make-up day: 05-09', () => {
    expect(summary(evaluateIssue(timelineOf(history), settings, calendar, '2023-05-08').alerts).map((a) => a[0])).toEqual([
      'due_soon',
      'overdue',
    ]);
    expect(summary(evaluateIssue(timelineOf(history), settings, calendar, '2023-05-09').alerts)).toEqual([
      ['due_soon', '2023-04-27', '2023-05-04'],
      ['overdue', '2023-05-04', null],
      ['escalated', '2023-05-09', null],
    ]);
  });

  it('resolving clears the red card and the escalation on the resolution date, keeping the history', () => {
    const resolved = [
      ...history,
      ev('IssueProgressRecorded', '2023-05-08', { note: 'n' }),
      ev('IssueResolved', '2023-05-10', { resolution: 'r' }),
    ];
    const r = evaluateIssue(timelineOf(resolved), settings, calendar, '2023-06-01');
    expect(summary(r.alerts)).toEqual([
      ['due_soon', '2023-04-27', '2023-05-04'],
      ['overdue', '2023-05-04', '2023-05-10'], // one alert across the progress note
      ['escalated', '2023-05-09', '2023-05-10'],
    ]);
    expect(r.nextCheckOn).toBeNull();
  });

  it('a resolution on the due date recorded late, after the watcher recorded the issue overdue: the red card and the escalation it had are cleared on the recording day, saying why', () => {
    const overdue = { ...ev('IssueBecameOverdue', '2023-04-29', { dueOn: '2023-04-28' }), recordedOn: '2023-05-04' };
    const late = { ...ev('IssueResolved', '2023-04-28', { resolution: 'r' }), recordedOn: '2023-05-10' };
    const before = evaluateIssue(timelineOf([...history, overdue]), settings, calendar, '2023-05-09');
    expect(summary(before.alerts)).toEqual([
      ['due_soon', '2023-04-27', '2023-05-04'],
      ['overdue', '2023-05-04', null],
      ['escalated', '2023-05-09', null],
    ]);
    const after = evaluateIssue(timelineOf([...history, overdue, late]), settings, calendar, '2023-05-10');
    expect(summary(after.alerts)).toEqual([
      ['due_soon', '2023-04-27', '2023-04-28'],
      ['overdue', '2023-05-04', '2023-05-10'],
      ['escalated', '2023-05-09', '2023-05-10'],
    ]);
    // the same episodes (ids), now cleared, with the reason in their details
    expect(after.alerts.slice(1).map((a) => a.alertId)).toEqual(before.alerts.slice(1).map((a) => a.alertId));
    expect(after.alerts[1].details).toEqual({
      dueOn: '2023-04-28',
      card: 'red',
      reminder: true,
      clearedBy: 'IssueResolved',
      clearedByOn: '2023-04-28',
      recordedOn: '2023-05-10',
      recordedLate: true,
      resolvedOnTime: true,
    });
  });

  it('with no overdue recorded first (history loaded at once, or recorded before the red card), a late record raises nothing', () => {
    const lateResolution = { ...ev('IssueResolved', '2023-04-28', { resolution: 'r' }), recordedOn: '2023-05-10' };
    expect(summary(evaluateIssue(timelineOf([...history, lateResolution]), settings, calendar, '2023-05-20').alerts)).toEqual([
      ['due_soon', '2023-04-27', '2023-04-28'],
    ]);
    const overdue = { ...ev('IssueBecameOverdue', '2023-04-29', { dueOn: '2023-04-28' }), recordedOn: '2023-04-29' };
    const beforeRed = { ...ev('IssueResolved', '2023-04-28', { resolution: 'r' }), recordedOn: '2023-05-02' };
    expect(summary(evaluateIssue(timelineOf([...history, overdue, beforeRed]), settings, calendar, '2023-05-20').alerts)).toEqual([
      ['due_soon', '2023-04-27', '2023-04-28'],
    ]);
  });

  it('resolved before the due date: the yellow card clears, nothing else is raised', () => {
    const r = evaluateIssue(
      timelineOf([...history, ev('IssueResolved', '2023-04-28', { resolution: 'r' })]),
      settings,
      calendar,
      '2023-05-20',
    );
    expect(summary(r.alerts)).toEqual([['due_soon', '2023-04-27', '2023-04-28']]);
  });

  it('a transfer clears the ladder (the new unit commits a new due date)', () => {
    const moved = [...history, ev('IssueTransferred', '2023-05-05', { fromUnitId: 'unit-a', toUnitId: 'unit-b', reason: 'r' })];
    expect(summary(evaluateIssue(timelineOf(moved), settings, calendar, '2023-05-20').alerts)).toEqual([
      ['due_soon', '2023-04-27', '2023-05-04'],
      ['overdue', '2023-05-04', '2023-05-05'],
    ]);
  });

  it('a withdrawn issue leaves supervision', () => {
    const r = evaluateIssue(
      timelineOf([...history, ev('IssueWithdrawn', '2023-04-26', { reason: 'dup' })]),
      settings,
      calendar,
      '2023-05-20',
    );
    expect(r).toEqual({ alerts: [], nextCheckOn: null });
  });

  it('a pending issue without a due date raises nothing', () => {
    expect(evaluateIssue(timelineOf([collected('2023-04-24')]), settings, calendar, '2023-07-01')).toEqual({
      alerts: [],
      nextCheckOn: null,
    });
  });
});

describe('the ladder over the 2023 Dragon Boat holiday (due Wednesday 06-21)', () => {
  const history = [collected('2023-06-15'), ev('IssueAccepted', '2023-06-19', { dueOn: '2023-06-21' })];

  it('red card on Sunday 06-25 (a make-up working day), 通报 on 06-29', () => {
    expect(summary(evaluateIssue(timelineOf(history), settings, calendar, '2023-06-24').alerts)).toEqual([
      ['due_soon', '2023-06-20', null],
    ]);
    expect(summary(evaluateIssue(timelineOf(history), settings, calendar, '2023-06-25').alerts)).toEqual([
      ['due_soon', '2023-06-20', '2023-06-25'],
      ['overdue', '2023-06-25', null],
    ]);
    expect(evaluateIssue(timelineOf(history), settings, calendar, '2023-06-28').alerts.map((a) => a.kind)).not.toContain('escalated');
    expect(summary(evaluateIssue(timelineOf(history), settings, calendar, '2023-06-29').alerts).at(-1)).toEqual([
      'escalated',
      '2023-06-29',
      null,
    ]);
  });

  it('an extension clears the red card; the new due date gets its own yellow card (Friday before Monday 07-10)', () => {
    const extended = [...history, ev('IssueDeadlineExtended', '2023-06-26', { dueOn: '2023-07-10', reason: '需协调' })];
    const r = evaluateIssue(timelineOf(extended), settings, calendar, '2023-07-07');
    expect(summary(r.alerts)).toEqual([
      ['due_soon', '2023-06-20', '2023-06-25'],
      ['overdue', '2023-06-25', '2023-06-26'],
      ['due_soon', '2023-07-07', null],
    ]);
    expect(r.alerts[2].details).toMatchObject({ dueOn: '2023-07-10' });
    expect(new Set(r.alerts.map((a) => a.alertId)).size).toBe(3);
  });

  it('an extension before the due date prevents the red card', () => {
    const early = [...history, ev('IssueDeadlineExtended', '2023-06-20', { dueOn: '2023-06-30', reason: 'r' })];
    expect(summary(evaluateIssue(timelineOf(early), settings, calendar, '2023-06-29').alerts)).toEqual([['due_soon', '2023-06-29', null]]);
    expect(evaluateIssue(timelineOf(early), settings, calendar, '2023-06-29').nextCheckOn).toBe('2023-07-03');
  });
});

describe('stalled: in progress without a progress note for N working days', () => {
  it('raised N working days after acceptance (over May Day), cleared by a note, raised again after the next N', () => {
    const base = [collected('2023-04-26'), ev('IssueAccepted', '2023-04-27', { dueOn: '2023-06-30' })];
    expect(evaluateIssue(timelineOf(base), stalledSettings, calendar, '2023-05-04').nextCheckOn).toBe('2023-05-05');
    expect(summary(evaluateIssue(timelineOf(base), stalledSettings, calendar, '2023-05-05').alerts)).toEqual([
      ['stalled', '2023-05-05', null],
    ]);
    const noted = [...base, ev('IssueProgressRecorded', '2023-05-08', { note: '协调中' })];
    expect(summary(evaluateIssue(timelineOf(noted), stalledSettings, calendar, '2023-05-10').alerts)).toEqual([
      ['stalled', '2023-05-05', '2023-05-08'],
    ]);
    expect(summary(evaluateIssue(timelineOf(noted), stalledSettings, calendar, '2023-05-11').alerts)).toEqual([
      ['stalled', '2023-05-05', '2023-05-08'],
      ['stalled', '2023-05-11', null],
    ]);
  });

  it('a pending issue is not stalled, and resolving clears it', () => {
    const base = [
      collected('2023-04-26'),
      ev('IssueAccepted', '2023-04-27', { dueOn: '2023-06-30' }),
      ev('IssueResolved', '2023-05-09', { resolution: 'r' }),
    ];
    expect(summary(evaluateIssue(timelineOf(base), stalledSettings, calendar, '2023-06-01').alerts)).toEqual([
      ['stalled', '2023-05-05', '2023-05-09'],
    ]);
  });
});

describe('notice_overdue', () => {
  const issued = ev('SupervisionNoticeIssued', '2023-06-19', {
    noticeId: 'n1',
    campaignId: 'c1',
    unitId: 'unit-a',
    issueIds: ['i1'],
    reason: '超期',
    level: 'red',
    respondBy: '2023-06-21',
  });

  it('unanswered on the first working day past respond-by (Sunday 06-25 make-up day), cleared by the answer', () => {
    expect(evaluateNotice(noticeOf([issued]), calendar, '2023-06-24')).toEqual({ alerts: [], nextCheckOn: '2023-06-25' });
    const late = evaluateNotice(noticeOf([issued]), calendar, '2023-06-25');
    expect(summary(late.alerts)).toEqual([['notice_overdue', '2023-06-25', null]]);
    expect(late.alerts[0]).toMatchObject({ noticeId: 'n1', unitId: 'unit-a', details: { respondBy: '2023-06-21', noticeLevel: 'red' } });
    const answered = evaluateNotice(
      noticeOf([issued, ev('SupervisionNoticeAnswered', '2023-06-26', { response: 'r' })]),
      calendar,
      '2023-07-01',
    );
    expect(summary(answered.alerts)).toEqual([['notice_overdue', '2023-06-25', '2023-06-26']]);
  });

  it('answered in time raises nothing; closing clears it too', () => {
    expect(evaluateNotice(noticeOf([issued, ev('SupervisionNoticeAnswered', '2023-06-21', {})]), calendar, '2023-07-01')).toEqual({
      alerts: [],
      nextCheckOn: null,
    });
    const closed = evaluateNotice(
      noticeOf([issued, ev('SupervisionNoticeClosed', '2023-06-28', { outcome: 'o' })]),
      calendar,
      '2023-07-01',
    );
    expect(summary(closed.alerts)).toEqual([['notice_overdue', '2023-06-25', '2023-06-28']]);
  });
});

describe('settings', () => {
  it("take the campaign's values and the documented defaults for the rest", () => {
    const s = supervisionSettings({ sla: { escalateAfterWorkingDays: 2 }, thresholds: { lowCompletionBasis: 'threshold' } });
    expect(s.sla).toMatchObject({ escalateAfterWorkingDays: 2, stalledAfterWorkingDays: 10 });
    expect(s.thresholds).toMatchObject({
      lowCompletionRate: 0.9,
      lowCompletionBasis: 'threshold',
      thinCollectionMinEnterprises: 20,
      lateRecordingWorkingDays: 3,
    });
    expect(supervisionSettings(null).thresholds.lowCompletionBasis).toBe('either');
    // an unknown basis (an event written by hand) falls back to the default, never breaks the rules
    expect(supervisionSettings({ thresholds: { lowCompletionBasis: 'average' as never } }).thresholds.lowCompletionBasis).toBe('either');
  });
});
