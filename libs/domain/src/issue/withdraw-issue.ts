import type { CommandContext } from '../shared/actor';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireResponsibleUnit, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type WithdrawIssue = { type: 'WithdrawIssue'; data: { issueId: string; reason: string } };

/** 撤回 / 不予受理: out of scope or a duplicate. Terminal; the issue leaves every denominator. */
export function withdrawIssue(state: IssueState, command: WithdrawIssue, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'withdraw it');
  requireStatus(state, ['pending', 'in_progress'], 'ISSUE.NOT_OPEN', 'only an open (pending or in_progress) issue can be withdrawn');
  requireResponsibleUnit(state, ctx, 'withdraw it');
  const reason = requireText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
  return [{ type: 'IssueWithdrawn', data: { reason }, occurredAt: ctx.occurredAt }];
}
