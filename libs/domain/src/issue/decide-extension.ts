import type { CommandContext } from '../shared/actor';
import { businessDate } from '../shared/dates';
import { DomainError } from '../shared/domain-error';
import { TEXT_MAX_LENGTH, optionalText, requireBoolean, requireText } from '../shared/text';
import { checkNewDueOn } from './extend-deadline';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireStatus, requireSupervisor } from './issue.rules';
import type { IssueState } from './issue.state';

export type DecideExtension = { type: 'DecideExtension'; data: { issueId: string; approve: boolean; reason?: string | null } };

/**
 * The supervision office answers the open extension request: approval moves the due date to the
 * date asked for (IssueDeadlineExtended, the request's reason unless the office gives its own);
 * a refusal needs a reason the unit will read.
 */
export function decideExtension(state: IssueState, command: DecideExtension, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'decide an extension request');
  requireStatus(state, ['pending', 'in_progress'], 'ISSUE.NOT_OPEN', 'only an open issue has extension requests to decide');
  requireSupervisor(state, ctx, 'decide an extension request');
  const request = state.extensionRequest;
  if (!request) {
    throw new DomainError(
      'ISSUE.NO_EXTENSION_REQUEST',
      `issue is ${state.status} with no open extension request to decide`,
      'rule',
      state.status,
    );
  }
  if (!requireBoolean(command.data.approve, 'approve')) {
    const reason = requireText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
    return [{ type: 'IssueDeadlineExtensionRefused', data: { reason }, occurredAt: ctx.occurredAt }];
  }
  checkNewDueOn(state, request.requestedDueOn, businessDate(ctx.occurredAt));
  const reason = optionalText(command.data.reason, 'reason', TEXT_MAX_LENGTH) ?? request.reason;
  return [{ type: 'IssueDeadlineExtended', data: { dueOn: request.requestedDueOn, reason }, occurredAt: ctx.occurredAt }];
}
