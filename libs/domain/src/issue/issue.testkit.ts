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
import type { IssueCommand } from './issue.commands';

export type { IssueCommand };

export function decide(state: IssueState, command: IssueCommand, ctx: CommandContext): IssueEvent[] {
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
      return resolveIssue(state, command, ctx);
    case 'GiveFeedback':
      return giveFeedback(state, command, ctx);
    case 'ReopenIssue':
      return reopenIssue(state, command, ctx);
    case 'WithdrawIssue':
      return withdrawIssue(state, command, ctx);
    case 'RecordOverdue':
      return recordOverdue(state, command, ctx);
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
};
