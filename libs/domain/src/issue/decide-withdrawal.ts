import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { TEXT_MAX_LENGTH, optionalText, requireBoolean, requireText } from '../shared/text';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireSupervisor } from './issue.rules';
import type { IssueState } from './issue.state';

export type DecideWithdrawal = { type: 'DecideWithdrawal'; data: { issueId: string; approve: boolean; reason?: string | null } };

/**
 * The supervision office answers a unit's withdrawal request: approval withdraws the issue
 * (IssueWithdrawn, with the unit's reason unless the office gives its own); a refusal, with a
 * reason, leaves it open with the unit.
 */
export function decideWithdrawal(state: IssueState, command: DecideWithdrawal, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'decide a withdrawal request');
  requireSupervisor(state, ctx, 'decide a withdrawal request');
  const request = state.withdrawalRequest;
  if (!request) {
    throw new DomainError(
      'ISSUE.NO_WITHDRAWAL_REQUEST',
      `issue is ${state.status} with no withdrawal request to decide`,
      'rule',
      state.status,
    );
  }
  if (!requireBoolean(command.data.approve, 'approve')) {
    const reason = requireText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
    return [{ type: 'IssueWithdrawalRefused', data: { reason }, occurredAt: ctx.occurredAt }];
  }
  const reason = optionalText(command.data.reason, 'reason', TEXT_MAX_LENGTH) ?? request.reason;
  return [{ type: 'IssueWithdrawn', data: { reason }, occurredAt: ctx.occurredAt }];
}
