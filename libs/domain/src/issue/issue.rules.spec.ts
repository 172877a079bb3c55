/** The issue's own rules beyond the state matrix: data written, dates, cycles, idempotence, time. */
import { ChineseWorkingCalendar } from '../calendar/working-calendar';
import {
  at,
  bj,
  campaign,
  closedCampaign,
  ev,
  officerA,
  OTHER_VALID_CODE,
  supervisor,
  system,
  units,
  VALID_CODE,
} from '../testing/fixtures';
import { evolveActivity, initialActivityState } from '../activity/activity.state';
import { acceptIssue } from './accept-issue';
import { collectIssue, type CollectIssueRefs } from './collect-issue';
import type { IssueEvent } from './issue.events';
import { initialIssueState } from './issue.state';
import {
  accepted,
  becameOverdue,
  cmd,
  collectData,
  collected,
  issue,
  rated,
  reopened,
  resolved,
  stateOf,
  transferred,
} from './issue.testkit';

const now = '2023-06-20 10:00';
const inProgress = [collected, accepted('2023-06-09')];

describe('collect', () => {
  const refs: CollectIssueRefs = { campaign, unit: units['unit-a'], enterpriseRegistered: true };
  const collect = (data = {}, when = '2023-06-01 10:00', actor = officerA, r: Partial<CollectIssueRefs> = {}) =>
    collectIssue(initialIssueState(), cmd.collect(data), at(when, actor, '2023-07-10 10:00'), { ...refs, ...r });

  it('writes IssueCollected with trimmed texts and a normalized credit code; the collecting unit is responsible', () => {
    const events = collect({ title: '  资质升级困难 ', enterpriseCode: ' 91350100m000100y43 ' });
    expect(events).toEqual([
      { type: 'IssueCollected', data: { ...collectData, title: '资质升级困难' }, occurredAt: bj('2023-06-01 10:00') },
    ]);
    const state = stateOf(events);
    expect(state).toMatchObject({ status: 'pending', collectingUnitId: 'unit-a', responsibleUnitId: 'unit-a', dueOn: null, cycle: 0 });
    expect(state.lastActedAt).toEqual(bj('2023-06-01 10:00'));
  });

  it('needs a launched, open campaign and a date inside it', () => {
    expect(() => collect({}, undefined, undefined, { campaign: null })).toThrow(expect.objectContaining({ code: 'CAMPAIGN.NOT_FOUND' }));
    expect(() => collect({}, undefined, undefined, { campaign: closedCampaign })).toThrow(
      expect.objectContaining({ code: 'CAMPAIGN.CLOSED' }),
    );
    expect(() => collect({}, '2023-04-30 10:00')).toThrow(expect.objectContaining({ code: 'COMMON.OCCURRED_BEFORE_CAMPAIGN' }));
    expect(() => collect({}, '2023-07-02 10:00', officerA)).toThrow(expect.objectContaining({ code: 'CAMPAIGN.OUTSIDE_PERIOD' }));
  });

  it('never in the future', () => {
    const ctx = at('2023-06-21 10:00', officerA, '2023-06-20 10:00');
    expect(() => collectIssue(initialIssueState(), cmd.collect(), ctx, refs)).toThrow(
      expect.objectContaining({ code: 'COMMON.OCCURRED_IN_FUTURE' }),
    );
  });

  it('needs an active unit and a registered enterprise with a valid code', () => {
    expect(() => collect({}, undefined, system, { unit: null })).toThrow(expect.objectContaining({ code: 'UNIT.NOT_FOUND' }));
    expect(() => collect({ unitId: 'unit-old' }, undefined, system, { unit: units['unit-old'] })).toThrow(
      expect.objectContaining({ code: 'UNIT.RETIRED' }),
    );
    expect(() => collect({}, undefined, undefined, { enterpriseRegistered: false })).toThrow(
      expect.objectContaining({ code: 'ENTERPRISE.NOT_FOUND' }),
    );
    expect(() => collect({ enterpriseCode: '91350100M000100Y4Z' })).toThrow(
      expect.objectContaining({ code: 'ENTERPRISE.CREDIT_CODE_INVALID', kind: 'invalid' }),
    );
  });

  it('checks texts: required, trimmed, capped', () => {
    expect(() => collect({ title: '   ' })).toThrow(
      expect.objectContaining({ code: 'COMMON.TEXT_REQUIRED', fields: { title: 'is required' } }),
    );
    expect(() => collect({ title: 'x'.repeat(201) })).toThrow(expect.objectContaining({ code: 'COMMON.TEXT_TOO_LONG' }));
    expect(collect({ title: '题'.repeat(200) })).toHaveLength(1);
    expect(() => collect({ description: 'x'.repeat(4001) })).toThrow(expect.objectContaining({ code: 'COMMON.TEXT_TOO_LONG' }));
    expect(() => collect({ kind: 'complaint' as never })).toThrow(expect.objectContaining({ code: 'COMMON.VALUE_INVALID' }));
  });

  it("an activity it came from must be the unit's, in the campaign, and have reached the enterprise", () => {
    const activity = (unitId: string, codes: string[]) =>
      evolveActivity(initialActivityState(), {
        type: 'ActivityHeld',
        data: {
          activityId: 'act-1',
          campaignId: 'c-2023',
          unitId,
          form: 'door_to_door',
          heldOn: '2023-06-01',
          enterpriseCodes: codes,
          summary: 's',
        },
      });
    expect(collect({ activityId: 'act-1' }, undefined, undefined, { activity: activity('unit-a', [VALID_CODE]) })).toHaveLength(1);
    expect(() => collect({ activityId: 'act-1' }, undefined, undefined, { activity: null })).toThrow(
      expect.objectContaining({ code: 'ACTIVITY.NOT_FOUND' }),
    );
    expect(() => collect({ activityId: 'act-1' }, undefined, undefined, { activity: activity('unit-b', [VALID_CODE]) })).toThrow(
      expect.objectContaining({ code: 'ACTIVITY.MISMATCH' }),
    );
    expect(() => collect({ activityId: 'act-1' }, undefined, undefined, { activity: activity('unit-a', [OTHER_VALID_CODE]) })).toThrow(
      expect.objectContaining({ code: 'ACTIVITY.ENTERPRISE_NOT_REACHED' }),
    );
  });
});

describe('accept', () => {
  it('computes the due date from the campaign SLA in working days', () => {
    // 15 working days from 2023-05-15 (the Dragon Boat holiday is later) → 2023-06-05
    const collectedEarly = { ...collected, occurredAt: bj('2023-05-10 10:00') };
    const events = acceptIssue(stateOf([collectedEarly]), cmd.accept(), at('2023-05-15 10:00', officerA, now), {
      campaign,
      calendar: new ChineseWorkingCalendar(),
    });
    expect(events[0].data).toEqual({ dueOn: '2023-06-05' });
  });

  it('takes a given due date, from the acceptance day on', () => {
    issue
      .given([collected])
      .when(cmd.accept('2023-06-20'), at(now, officerA))
      .then([{ type: 'IssueAccepted', data: { dueOn: '2023-06-20' } }]);
    issue.given([collected]).when(cmd.accept('2023-06-19'), at(now, officerA)).thenThrows('ISSUE.DUE_DATE_INVALID');
    issue.given([collected]).when(cmd.accept('2023-02-30'), at(now, officerA)).thenThrows('COMMON.DATE_INVALID', 'invalid');
  });

  it('is not back-dated before the campaign (the campaign is known from refs)', () => {
    const bare = { type: collected.type, data: collected.data } as IssueEvent;
    issue
      .given([bare])
      .when(cmd.accept(), at('2023-04-20 10:00', officerA, now))
      .thenThrows('COMMON.OCCURRED_BEFORE_CAMPAIGN');
  });

  it('records the acceptance date in state', () => {
    expect(stateOf([collected, accepted('2023-06-09', '2023-06-02 23:30')])).toMatchObject({
      status: 'in_progress',
      dueOn: '2023-06-09',
      acceptedOn: '2023-06-02',
    });
  });
});

describe('transfer', () => {
  it('moves responsibility, back to pending with no due date', () => {
    issue
      .given(inProgress)
      .when(cmd.transfer('unit-b', '  属于其他单位职责 '), at(now, officerA))
      .then([{ type: 'IssueTransferred', data: { fromUnitId: 'unit-a', toUnitId: 'unit-b', reason: '属于其他单位职责' } }]);
    expect(stateOf([...inProgress, transferred('2023-06-10 10:00')])).toMatchObject({
      status: 'pending',
      responsibleUnitId: 'unit-b',
      collectingUnitId: 'unit-a',
      dueOn: null,
    });
  });

  it('needs another, existing, active unit and a reason', () => {
    issue.given(inProgress).when(cmd.transfer('unit-a')).thenThrows('ISSUE.SAME_UNIT');
    issue.given(inProgress).when(cmd.transfer('unit-x')).thenThrows('UNIT.NOT_FOUND', 'not_found');
    issue.given(inProgress).when(cmd.transfer('unit-old')).thenThrows('UNIT.RETIRED');
    issue.given(inProgress).when(cmd.transfer('unit-b', ' ')).thenThrows('COMMON.TEXT_REQUIRED', 'invalid');
  });
});

describe('extend deadline', () => {
  it('moves the due date later', () => {
    issue
      .given(inProgress)
      .when(cmd.extend('2023-06-30', '需协调'))
      .then([{ type: 'IssueDeadlineExtended', data: { dueOn: '2023-06-30', reason: '需协调' } }]);
    expect(
      stateOf([...inProgress, ev<IssueEvent>('IssueDeadlineExtended', { dueOn: '2023-06-30', reason: 'r' }, '2023-06-08 10:00')]).dueOn,
    ).toBe('2023-06-30');
  });

  it('never earlier than or equal to the current due date, nor before today', () => {
    const early = [collected, accepted('2023-06-25', '2023-06-02 10:00')];
    issue.given(early).when(cmd.extend('2023-06-25')).thenThrows('ISSUE.DUE_DATE_INVALID');
    issue.given(early).when(cmd.extend('2023-06-24')).thenThrows('ISSUE.DUE_DATE_INVALID');
    issue.given(inProgress).when(cmd.extend('2023-06-12')).thenThrows('ISSUE.DUE_DATE_INVALID'); // after 06-09 but before today
  });

  it('a pending issue with no due date has nothing to extend', () => {
    issue.given([collected]).when(cmd.extend(), at(now, supervisor)).thenThrows('ISSUE.NOT_IN_PROGRESS');
  });

  it('a reopened issue resolved on the spot has no due date: the office may set one', () => {
    const given = [collected, resolved('2023-06-01 11:00'), reopened('2023-06-02 10:00')];
    issue
      .given(given)
      .when(cmd.extend('2023-06-30'), at(now, supervisor))
      .then([{ type: 'IssueDeadlineExtended', data: { dueOn: '2023-06-30', reason: '需协调' } }]);
  });
});

describe('resolve', () => {
  it('on the spot from pending, or from in progress; the resolution date is kept', () => {
    issue
      .given([collected])
      .when(cmd.resolve('当场解决'), at(now, officerA))
      .then([{ type: 'IssueResolved', data: { resolution: '当场解决' } }]);
    expect(stateOf([...inProgress, resolved('2023-06-05 10:00')])).toMatchObject({
      status: 'resolved',
      resolvedOn: '2023-06-05',
      cycle: 1,
      ratedThisCycle: false,
    });
  });

  it('needs a resolution text', () => {
    issue.given(inProgress).when(cmd.resolve(''), at(now, officerA)).thenThrows('COMMON.TEXT_REQUIRED');
  });
});

describe('feedback once per resolution cycle', () => {
  const resolvedOnce = [...inProgress, resolved()];

  it('first feedback is taken and remembered', () => {
    issue
      .given(resolvedOnce)
      .when(cmd.feedback('dissatisfied'))
      .then([{ type: 'FeedbackGiven', data: { rating: 'dissatisfied', channel: 'callback' } }]);
    expect(stateOf([...resolvedOnce, rated('dissatisfied')])).toMatchObject({ ratedThisCycle: true, lastRating: 'dissatisfied', cycle: 1 });
  });

  it('a second feedback for the same resolution is refused, whoever gives it', () => {
    for (const channel of ['callback', 'on_site', 'enterprise_link'] as const) {
      issue
        .given([...resolvedOnce, rated('satisfied')])
        .when(cmd.feedback('dissatisfied', channel))
        .thenThrows('ISSUE.FEEDBACK_ALREADY_GIVEN');
    }
  });

  it('after reopen and a new resolution, feedback is allowed again', () => {
    const cycle2 = [...resolvedOnce, rated('dissatisfied'), reopened('2023-06-07 10:00'), resolved('2023-06-08 10:00')];
    expect(stateOf(cycle2)).toMatchObject({ cycle: 2, ratedThisCycle: false, lastRating: 'dissatisfied' });
    issue
      .given(cycle2)
      .when(cmd.feedback('satisfied'))
      .then([{ type: 'FeedbackGiven', data: { rating: 'satisfied', channel: 'callback' } }]);
  });

  it('between reopen and the next resolution there is nothing to rate', () => {
    issue
      .given([...resolvedOnce, rated('dissatisfied'), reopened()])
      .when(cmd.feedback())
      .thenThrows('ISSUE.NOT_RESOLVED');
  });

  it('a reopen without a rating still opens a fresh cycle at the next resolution', () => {
    const given = [...resolvedOnce, reopened('2023-06-07 10:00'), resolved('2023-06-08 10:00')];
    expect(issue.given(given).when(cmd.feedback()).result()).toHaveLength(1);
  });

  it('keeps the comment, trimmed, and checks the rating', () => {
    const withComment = { ...cmd.feedback(), data: { ...cmd.feedback().data, comment: ' 很好 ' } };
    issue
      .given(resolvedOnce)
      .when(withComment)
      .then([{ type: 'FeedbackGiven', data: { rating: 'satisfied', comment: '很好', channel: 'callback' } }]);
    issue
      .given(resolvedOnce)
      .when(cmd.feedback('great' as never))
      .thenThrows('COMMON.VALUE_INVALID');
  });
});

describe('reopen', () => {
  it('goes back to in progress and keeps the due date', () => {
    expect(stateOf([...inProgress, resolved(), reopened()])).toMatchObject({
      status: 'in_progress',
      dueOn: '2023-06-09',
      resolvedOn: null,
    });
  });

  it('needs a reason', () => {
    issue
      .given([...inProgress, resolved()])
      .when(cmd.reopen(' '), at(now, supervisor))
      .thenThrows('COMMON.TEXT_REQUIRED');
  });
});

describe('record overdue (the deadline watcher)', () => {
  it('records the due date once it is strictly before today', () => {
    issue
      .given(inProgress)
      .when(cmd.overdue(), at('2023-06-10 00:05'))
      .then([{ type: 'IssueBecameOverdue', data: { dueOn: '2023-06-09' } }]);
    issue.given(inProgress).when(cmd.overdue(), at('2023-06-09 23:55')).thenThrows('ISSUE.NOT_OVERDUE');
  });

  it('uses the Beijing business date of now, whatever the UTC date', () => {
    // 2023-06-09T16:30Z is already 2023-06-10 00:30 in Beijing
    const ctx = { actor: system, occurredAt: new Date('2023-06-09T16:30:00Z'), now: new Date('2023-06-09T16:30:00Z') };
    expect(issue.given(inProgress).when(cmd.overdue(), ctx).result()).toHaveLength(1);
  });

  it('is idempotent: a second record for the same due date decides nothing', () => {
    issue
      .given([...inProgress, becameOverdue('2023-06-09')])
      .when(cmd.overdue())
      .then([]);
  });

  it('after an extension the new due date can be recorded in its turn', () => {
    const extended = ev<IssueEvent>('IssueDeadlineExtended', { dueOn: '2023-06-15', reason: 'r' }, '2023-06-12 10:00');
    const given = [...inProgress, becameOverdue('2023-06-09'), extended];
    issue
      .given(given)
      .when(cmd.overdue(), at('2023-06-16 09:00'))
      .then([{ type: 'IssueBecameOverdue', data: { dueOn: '2023-06-15' } }]);
    expect(stateOf([...given, becameOverdue('2023-06-15', '2023-06-16 09:00')]).overdueRecordedFor).toEqual(['2023-06-09', '2023-06-15']);
  });

  it('a pending issue without a due date is not overdue', () => {
    issue.given([collected]).when(cmd.overdue()).thenThrows('ISSUE.NOT_OVERDUE');
  });
});

describe('business time', () => {
  it("a command may not precede the stream's last event", () => {
    const error = issue
      .given(inProgress)
      .when(cmd.progress(), at('2023-06-02 09:59', officerA, now))
      .thenThrows('ISSUE.OCCURRED_BEFORE_PREVIOUS', 'rule');
    expect(error.state).toBe('in_progress');
  });

  it('a command may be back-dated to after the last event', () => {
    expect(
      issue
        .given(inProgress)
        .when(cmd.progress(), at('2023-06-02 10:00', officerA, now))
        .result(),
    ).toHaveLength(1);
  });

  it('a command may not lie in the future', () => {
    issue
      .given(inProgress)
      .when(cmd.progress(), at('2023-06-21 10:00', officerA, now))
      .thenThrows('COMMON.OCCURRED_IN_FUTURE', 'invalid');
  });

  it("every decided event carries the command's business time", () => {
    const events = issue
      .given(inProgress)
      .when(cmd.resolve(), at('2023-06-10 08:00', officerA, now))
      .result();
    expect(events[0].occurredAt).toEqual(bj('2023-06-10 08:00'));
    expect(stateOf([...inProgress, ...events]).lastActedAt).toEqual(bj('2023-06-10 08:00'));
  });

  it('state without business times (events from elsewhere) still folds', () => {
    const bare = [collected, accepted()].map(({ type, data }) => ({ type, data }) as IssueEvent);
    expect(stateOf(bare)).toMatchObject({ status: 'in_progress', lastActedAt: null, acceptedOn: null });
  });

  it('a transfer back-dated before the acceptance is refused', () => {
    issue
      .given(inProgress)
      .when(cmd.transfer(), at('2023-06-01 12:00', officerA, now))
      .thenThrows('ISSUE.OCCURRED_BEFORE_PREVIOUS');
  });
});
