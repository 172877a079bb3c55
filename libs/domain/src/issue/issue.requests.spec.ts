/**
 * Issue #18: requests to the supervision office and its decisions — deadline extension, withdrawal
 * review (withdrawalNeedsApproval, on by default), resolution review (resolutionNeedsReview, off by
 * default) — and what they leave in the state the read side folds (open, unresolved, the last answer).
 */
import { deciderSpec } from '../testing/decider-spec';
import { at, campaign, ev, officerA, officerB, supervisor } from '../testing/fixtures';
import type { CampaignState } from '../campaign/campaign.state';
import type { IssueEvent } from './issue.events';
import { evolveIssue, initialIssueState, isOpen, openRequest, resolvedOnTime } from './issue.state';
import {
  accepted,
  cmd,
  collected,
  decideIn,
  extensionRequested,
  issue,
  resolutionSubmitted,
  stateOf,
  withdrawalRequested,
} from './issue.testkit';

const inProgress = [collected, accepted('2023-06-21')];
const asUnit = at('2023-06-20 10:00', officerA);
const asOffice = at('2023-06-20 11:00', supervisor);

/** The fixture campaign with some workflow settings changed. */
const campaignWith = (workflow: Record<string, boolean>): CampaignState => ({
  ...campaign,
  workflow: { ...campaign.workflow!, ...workflow },
});
const specIn = (workflow: Record<string, boolean>) =>
  deciderSpec({ initial: initialIssueState, evolve: evolveIssue, decide: decideIn(campaignWith(workflow)), context: () => asUnit });

describe('deadline extension requests', () => {
  it('the responsible unit asks for a later due date; the issue keeps its due date until the office decides', () => {
    issue
      .given(inProgress)
      .when(cmd.requestExtension('2023-06-30', ' 需协调多部门 '), asUnit)
      .then([{ type: 'IssueDeadlineExtensionRequested', data: { requestedDueOn: '2023-06-30', reason: '需协调多部门' } }]);
    const state = stateOf([...inProgress, extensionRequested('2023-06-30', '2023-06-20 10:00')]);
    expect(state).toMatchObject({ dueOn: '2023-06-21', extensionRequest: { requestedDueOn: '2023-06-30', requestedOn: '2023-06-20' } });
    expect(openRequest(state)).toBe('extension');
  });

  it('request twice: one open request at a time', () => {
    const error = issue
      .given([...inProgress, extensionRequested()])
      .when(cmd.requestExtension('2023-07-05'), asUnit)
      .thenThrows('ISSUE.EXTENSION_ALREADY_REQUESTED', 'rule');
    expect(error.message).toMatch(/issue is in_progress with an open extension request \(to 2023-06-30\)/);
  });

  it('approve a request that does not exist', () => {
    issue.given(inProgress).when(cmd.decideExtension(true), asOffice).thenThrows('ISSUE.NO_EXTENSION_REQUEST', 'rule');
  });

  it('approval moves the due date to the date asked for, with the request reason unless the office gives one', () => {
    const given = [...inProgress, extensionRequested('2023-06-30', '2023-06-20 10:00')];
    issue
      .given(given)
      .when(cmd.decideExtension(true), asOffice)
      .then([{ type: 'IssueDeadlineExtended', data: { dueOn: '2023-06-30', reason: '需协调' } }]);
    const [extended] = issue.given(given).when(cmd.decideExtension(true, '同意'), asOffice).result();
    const state = stateOf([...given, extended]);
    expect(state).toMatchObject({
      dueOn: '2023-06-30',
      extensionRequest: null,
      lastDecision: { kind: 'extension', approved: true, reason: '同意' },
    });
  });

  it('refuse then request again: a refusal needs a reason and leaves the due date; the unit may ask again', () => {
    const given = [...inProgress, extensionRequested('2023-06-30', '2023-06-20 10:00')];
    issue.given(given).when(cmd.decideExtension(false), asOffice).thenThrows('COMMON.TEXT_REQUIRED', 'invalid');
    const [refused] = issue.given(given).when(cmd.decideExtension(false, '理由不充分'), asOffice).result();
    expect(refused).toMatchObject({ type: 'IssueDeadlineExtensionRefused', data: { reason: '理由不充分' } });
    const after = [...given, refused];
    expect(stateOf(after)).toMatchObject({
      dueOn: '2023-06-21',
      extensionRequest: null,
      lastDecision: { kind: 'extension', approved: false, reason: '理由不充分', decidedOn: '2023-06-20' },
    });
    issue
      .given(after)
      .when(cmd.requestExtension('2023-06-28', '补充材料后再次申请'), at('2023-06-20 12:00', officerA))
      .then([{ type: 'IssueDeadlineExtensionRequested', data: { requestedDueOn: '2023-06-28', reason: '补充材料后再次申请' } }]);
  });

  it('only the responsible unit asks; only the office decides; the date must be later than the one in force', () => {
    issue
      .given(inProgress)
      .when(cmd.requestExtension(), at('2023-06-20 10:00', officerB))
      .thenThrows('ISSUE.NOT_RESPONSIBLE_UNIT', 'forbidden');
    issue
      .given([...inProgress, extensionRequested()])
      .when(cmd.decideExtension(true), asUnit)
      .thenThrows('ISSUE.SUPERVISOR_ONLY', 'forbidden');
    issue.given(inProgress).when(cmd.requestExtension('2023-06-21'), asUnit).thenThrows('ISSUE.DUE_DATE_INVALID');
    issue.given([collected]).when(cmd.requestExtension(), asUnit).thenThrows('ISSUE.NOT_IN_PROGRESS');
  });

  it('the office may still extend unasked; an extension settles an open request', () => {
    issue
      .given(inProgress)
      .when(cmd.extend('2023-07-03', '专班决定'), asOffice)
      .then([{ type: 'IssueDeadlineExtended', data: { dueOn: '2023-07-03', reason: '专班决定' } }]);
    const [extended] = issue
      .given([...inProgress, extensionRequested()])
      .when(cmd.extend('2023-07-03', '改为7月3日'), asOffice)
      .result();
    expect(stateOf([...inProgress, extensionRequested(), extended])).toMatchObject({ dueOn: '2023-07-03', extensionRequest: null });
  });
});

describe('withdrawal review (withdrawalNeedsApproval)', () => {
  it('withdraw without approval when the setting is on: a request, and the issue stays open', () => {
    issue
      .given(inProgress)
      .when(cmd.withdraw('重复问题'), asUnit)
      .then([{ type: 'IssueWithdrawalRequested', data: { reason: '重复问题' } }]);
    const state = stateOf([...inProgress, withdrawalRequested()]);
    expect(state.status).toBe('in_progress');
    expect(isOpen(state)).toBe(true);
    expect(openRequest(state)).toBe('withdrawal');
  });

  it('with the setting off, the unit withdraws at once (as before issue #18)', () => {
    specIn({ withdrawalNeedsApproval: false })
      .given(inProgress)
      .when(cmd.withdraw('重复问题'), asUnit)
      .then([{ type: 'IssueWithdrawn', data: { reason: '重复问题' } }]);
  });

  it('request twice; and nothing else moves while the office decides', () => {
    const given = [...inProgress, withdrawalRequested()];
    issue.given(given).when(cmd.withdraw(), asUnit).thenThrows('ISSUE.WITHDRAWAL_ALREADY_REQUESTED', 'rule');
    for (const c of [cmd.resolve(), cmd.transfer(), cmd.requestExtension()]) {
      const error = issue.given(given).when(c, asUnit).thenThrows('ISSUE.AWAITING_DECISION', 'rule');
      expect(error.message).toMatch(/withdrawal request awaiting/);
    }
    issue.given([collected, withdrawalRequested()]).when(cmd.accept(), asUnit).thenThrows('ISSUE.AWAITING_DECISION');
    expect(issue.given(given).when(cmd.progress(), asUnit).result()[0].type).toBe('IssueProgressRecorded');
  });

  it('approve a request that does not exist', () => {
    issue.given(inProgress).when(cmd.decideWithdrawal(true), asOffice).thenThrows('ISSUE.NO_WITHDRAWAL_REQUEST', 'rule');
  });

  it('approval withdraws the issue (terminal), with the unit reason unless the office gives one', () => {
    const given = [...inProgress, withdrawalRequested('重复')];
    issue
      .given(given)
      .when(cmd.decideWithdrawal(true), asOffice)
      .then([{ type: 'IssueWithdrawn', data: { reason: '重复' } }]);
    const [withdrawn] = issue.given(given).when(cmd.decideWithdrawal(true, '经核实重复'), asOffice).result();
    const state = stateOf([...given, withdrawn]);
    expect(state).toMatchObject({ status: 'withdrawn', withdrawalRequest: null, lastDecision: { kind: 'withdrawal', approved: true } });
    issue.given(given).when(cmd.decideWithdrawal(true), asUnit).thenThrows('ISSUE.SUPERVISOR_ONLY', 'forbidden');
  });

  it('refuse then request again: the issue stays with the unit, which may work on or ask again', () => {
    const given = [...inProgress, withdrawalRequested()];
    issue.given(given).when(cmd.decideWithdrawal(false), asOffice).thenThrows('COMMON.TEXT_REQUIRED');
    const [refused] = issue.given(given).when(cmd.decideWithdrawal(false, '属于受理范围，请继续办理'), asOffice).result();
    expect(refused.type).toBe('IssueWithdrawalRefused');
    const after = [...given, refused];
    expect(stateOf(after)).toMatchObject({
      status: 'in_progress',
      withdrawalRequest: null,
      lastDecision: { kind: 'withdrawal', approved: false, reason: '属于受理范围，请继续办理' },
    });
    const later = at('2023-06-20 12:00', officerA);
    expect(issue.given(after).when(cmd.resolve(), later).result()[0].type).toBe('IssueResolved');
    expect(issue.given(after).when(cmd.withdraw('补充说明后再次申请'), later).result()[0].type).toBe('IssueWithdrawalRequested');
  });
});

describe('resolution review (resolutionNeedsReview)', () => {
  const review = specIn({ resolutionNeedsReview: true });

  it('off by default: a resolution is final', () => {
    expect(issue.given(inProgress).when(cmd.resolve(), asUnit).result()[0].type).toBe('IssueResolved');
  });

  it('on: the unit submits; the issue stays unresolved and open until the office accepts', () => {
    review
      .given(inProgress)
      .when(cmd.resolve('已协调解决'), asUnit)
      .then([{ type: 'IssueResolutionSubmitted', data: { resolution: '已协调解决' } }]);
    const state = stateOf([...inProgress, resolutionSubmitted()]);
    expect(state.status).toBe('in_progress');
    expect(isOpen(state)).toBe(true);
    expect(resolvedOnTime(state)).toBeNull();
    review
      .given([...inProgress, resolutionSubmitted()])
      .when(cmd.resolve(), asUnit)
      .thenThrows('ISSUE.AWAITING_DECISION');
  });

  it('review a resolution that was not submitted', () => {
    review.given(inProgress).when(cmd.review(true), asOffice).thenThrows('ISSUE.NO_RESOLUTION_SUBMITTED', 'rule');
  });

  it('acceptance is the IssueResolved, with the unit text; on time is judged on the day it was submitted', () => {
    const submittedOnDue = ev<IssueEvent>('IssueResolutionSubmitted', { resolution: '已解决' }, '2023-06-21 16:00');
    const given = [...inProgress, submittedOnDue];
    const ctx = at('2023-06-26 10:00', supervisor, '2023-06-26 10:00');
    review
      .given(given)
      .when(cmd.review(true), ctx)
      .then([{ type: 'IssueResolved', data: { resolution: '已解决' } }]);
    const [resolvedEvent] = review.given(given).when(cmd.review(true), ctx).result();
    const state = stateOf([...given, resolvedEvent]);
    expect(state).toMatchObject({ status: 'resolved', resolvedOn: '2023-06-21', submittedResolution: null, cycle: 1 });
    expect(resolvedOnTime(state)).toBe(true);
  });

  it('review returned then resubmitted: returning needs a reason, the unit works on and submits again', () => {
    const given = [...inProgress, resolutionSubmitted('2023-06-20 09:00')];
    review.given(given).when(cmd.review(false), asOffice).thenThrows('COMMON.TEXT_REQUIRED');
    const [returned] = review.given(given).when(cmd.review(false, '缺少企业确认材料'), asOffice).result();
    expect(returned).toMatchObject({ type: 'IssueResolutionReturned', data: { reason: '缺少企业确认材料' } });
    const after = [...given, returned];
    expect(stateOf(after)).toMatchObject({
      status: 'in_progress',
      submittedResolution: null,
      lastDecision: { kind: 'resolution', approved: false, reason: '缺少企业确认材料' },
    });
    review.given(after).when(cmd.review(true), asOffice).thenThrows('ISSUE.NO_RESOLUTION_SUBMITTED');
    review
      .given(after)
      .when(cmd.resolve('补充企业确认后办结'), at('2023-06-20 12:00', officerA))
      .then([{ type: 'IssueResolutionSubmitted', data: { resolution: '补充企业确认后办结' } }]);
  });
});
