/** The issue decider under test: every command dispatched with the fixtures' refs. */
import type { IssueCollected } from './issue.events';
import { type IssueEvent } from './issue.events';
import { evolveIssue, initialIssueState, type IssueState } from './issue.state';
import type { CommandContext } from '../shared/actor';
import { assertNever } from '../shared/event';
import { deciderSpec } from '../testing/decider-spec';
import { at, calendar, campaign, ev, units, VALID_CODE } from '../testing/fixtures';
import { acceptIssue, type AcceptIssue } from './accept-issue';
import { collectIssue, type CollectIssue } from './collect-issue';
import { extendDeadline, type ExtendDeadline } from './extend-deadline';
import { giveFeedback, type GiveFeedback } from './give-feedback';
import { recordOverdue, type RecordOverdue } from './record-overdue';
import { recordProgress, type RecordProgress } from './record-progress';
import { reopenIssue, type ReopenIssue } from './reopen-issue';
import { resolveIssue, type ResolveIssue } from './resolve-issue';
import { transferIssue, type TransferIssue } from './transfer-issue';
import { withdrawIssue, type WithdrawIssue } from './withdraw-issue';
import { requestExtension, type RequestExtension } from './request-extension';
import { decideExtension, type DecideExtension } from './decide-extension';
import { decideWithdrawal, type DecideWithdrawal } from './decide-withdrawal';
import { reviewResolution, type ReviewResolution } from './review-resolution';
import type { CampaignState } from '../campaign/campaign.state';
import type { IssueCommand } from './issue.commands';

export type { IssueCommand };

/** The campaign the decider sees: the fixture's, with workflow settings a test may change. */
export function decideIn(campaignOf: CampaignState) {
  return (state: IssueState, command: IssueCommand, ctx: CommandContext): IssueEvent[] => decideWith(campaignOf, state, command, ctx);
}

export function decide(state: IssueState, command: IssueCommand, ctx: CommandContext): IssueEvent[] {
  return decideWith(campaign, state, command, ctx);
}

function decideWith(campaign: CampaignState, state: IssueState, command: IssueCommand, ctx: CommandContext): IssueEvent[] {
  switch (command.type) {
    case 'CollectIssue':
      return collectIssue(state, command, ctx, { campaign, unit: units[command.data.unitId] ?? null, enterpriseRegistered: true });
    case 'AcceptIssue':
      return acceptIssue(state, command, ctx, { campaign, calendar });
    case 'TransferIssue':
      return transferIssue(state, command, ctx, { toUnit: units[command.data.toUnitId] ?? null });
    case 'RecordProgress':
      return recordProgress(state, command, ctx);
    case 'ExtendDeadline':
      return extendDeadline(state, command, ctx);
    case 'ResolveIssue':
      return resolveIssue(state, command, ctx, { campaign });
    case 'GiveFeedback':
      return giveFeedback(state, command, ctx);
    case 'ReopenIssue':
      return reopenIssue(state, command, ctx);
    case 'WithdrawIssue':
      return withdrawIssue(state, command, ctx, { campaign });
    case 'RecordOverdue':
      return recordOverdue(state, command, ctx);
    case 'RequestExtension':
      return requestExtension(state, command, ctx);
    case 'DecideExtension':
      return decideExtension(state, command, ctx);
    case 'DecideWithdrawal':
      return decideWithdrawal(state, command, ctx);
    case 'ReviewResolution':
      return reviewResolution(state, command, ctx);
    default:
      return assertNever(command);
  }
}

/** Default: the system acting on 2023-06-20 10:00 Beijing time. */
export const issue = deciderSpec({ initial: initialIssueState, evolve: evolveIssue, decide, context: () => at('2023-06-20 10:00') });
export const stateOf = (events: IssueEvent[]) => events.reduce(evolveIssue, initialIssueState());

const id = 'issue-1';
export const collectData: IssueCollected['data'] = {
  issueId: id,
  campaignId: 'c-2023',
  unitId: 'unit-a',
  enterpriseCode: VALID_CODE,
  activityId: null,
  kind: 'problem',
  category: '资质资格',
  title: '资质升级困难',
  description: '企业申请市政总包一级资质遇到困难',
};

// Events (given)
export const collected = ev<IssueEvent>('IssueCollected', collectData, '2023-06-01 10:00');
export const accepted = (dueOn = '2023-06-09', when = '2023-06-02 10:00') => ev<IssueEvent>('IssueAccepted', { dueOn }, when);
export const transferred = (when = '2023-06-03 10:00') =>
  ev<IssueEvent>('IssueTransferred', { fromUnitId: 'unit-a', toUnitId: 'unit-b', reason: '职责' }, when);
export const resolved = (when = '2023-06-05 10:00') => ev<IssueEvent>('IssueResolved', { resolution: '已解决' }, when);
export const rated = (rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied', when = '2023-06-06 10:00') =>
  ev<IssueEvent>('FeedbackGiven', { rating, channel: 'callback' }, when);
export const reopened = (when = '2023-06-07 10:00') => ev<IssueEvent>('IssueReopened', { reason: '企业不满意' }, when);
export const withdrawn = (when = '2023-06-02 10:00') => ev<IssueEvent>('IssueWithdrawn', { reason: '重复' }, when);
export const withdrawalRequested = (reason = '重复', when = '2023-06-02 10:00') =>
  ev<IssueEvent>('IssueWithdrawalRequested', { reason }, when);
export const extensionRequested = (requestedDueOn = '2023-06-30', when = '2023-06-05 10:00') =>
  ev<IssueEvent>('IssueDeadlineExtensionRequested', { requestedDueOn, reason: '需协调' }, when);
export const resolutionSubmitted = (when = '2023-06-05 10:00') =>
  ev<IssueEvent>('IssueResolutionSubmitted', { resolution: '已解决' }, when);
export const becameOverdue = (dueOn: string, when = '2023-06-12 09:00') => ev<IssueEvent>('IssueBecameOverdue', { dueOn }, when);

// Commands (when)
export const cmd = {
  collect: (data: Partial<CollectIssue['data']> = {}): CollectIssue => ({ type: 'CollectIssue', data: { ...collectData, ...data } }),
  accept: (dueOn?: string): AcceptIssue => ({ type: 'AcceptIssue', data: { issueId: id, dueOn } }),
  transfer: (toUnitId = 'unit-b', reason = '属于其他单位职责'): TransferIssue => ({
    type: 'TransferIssue',
    data: { issueId: id, toUnitId, reason },
  }),
  progress: (note = '已联系企业'): RecordProgress => ({ type: 'RecordProgress', data: { issueId: id, note } }),
  extend: (dueOn = '2023-06-30', reason = '需协调'): ExtendDeadline => ({ type: 'ExtendDeadline', data: { issueId: id, dueOn, reason } }),
  resolve: (resolution = '已协调解决'): ResolveIssue => ({ type: 'ResolveIssue', data: { issueId: id, resolution } }),
  feedback: (
    rating: GiveFeedback['data']['rating'] = 'satisfied',
    channel: GiveFeedback['data']['channel'] = 'callback',
  ): GiveFeedback => ({
    type: 'GiveFeedback',
    data: { issueId: id, rating, channel },
  }),
  reopen: (reason = '企业不满意'): ReopenIssue => ({ type: 'ReopenIssue', data: { issueId: id, reason } }),
  withdraw: (reason = '重复问题'): WithdrawIssue => ({ type: 'WithdrawIssue', data: { issueId: id, reason } }),
  overdue: (): RecordOverdue => ({ type: 'RecordOverdue', data: { issueId: id } }),
  requestExtension: (dueOn = '2023-06-30', reason = '需协调多部门'): RequestExtension => ({
    type: 'RequestExtension',
    data: { issueId: id, dueOn, reason },
  }),
  decideExtension: (approve: boolean, reason?: string): DecideExtension => ({
    type: 'DecideExtension',
    data: { issueId: id, approve, reason },
  }),
  decideWithdrawal: (approve: boolean, reason?: string): DecideWithdrawal => ({
    type: 'DecideWithdrawal',
    data: { issueId: id, approve, reason },
  }),
  review: (accept: boolean, reason?: string): ReviewResolution => ({ type: 'ReviewResolution', data: { issueId: id, accept, reason } }),
};
