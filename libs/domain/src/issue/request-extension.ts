import type { CommandContext } from '../shared/actor';
import { businessDate, parseDate } from '../shared/dates';
import { DomainError } from '../shared/domain-error';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import { checkNewDueOn, requireCommittedWork } from './extend-deadline';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireNoDecisionPending, requireResponsibleUnit, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type RequestExtension = { type: 'RequestExtension'; data: { issueId: string; dueOn: string; reason: string } };

/** 申请延期: the responsible unit asks the supervision office for a later due date; one open request at a time. */
export function requestExtension(state: IssueState, command: RequestExtension, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'ask for a later due date');
  requireStatus(state, ['pending', 'in_progress'], 'ISSUE.NOT_OPEN', 'only an open issue can ask for a later due date');
  requireCommittedWork(state);
  requireResponsibleUnit(state, ctx, 'ask for a later due date');
  requireNoDecisionPending(state, 'ask for a later due date');
  if (state.extensionRequest) {
    throw new DomainError(
      'ISSUE.EXTENSION_ALREADY_REQUESTED',
      `issue is ${state.status} with an open extension request (to ${state.extensionRequest.requestedDueOn}); wait for the supervision office's decision`,
      'rule',
      state.status,
    );
  }
  const requestedDueOn = parseDate(command.data.dueOn, 'dueOn');
  checkNewDueOn(state, requestedDueOn, businessDate(ctx.occurredAt));
  const reason = requireText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
  return [{ type: 'IssueDeadlineExtensionRequested', data: { requestedDueOn, reason }, occurredAt: ctx.occurredAt }];
}
