import { campaignWorkflow, type CampaignState } from '../campaign/campaign.state';
import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireNoDecisionPending, requireResponsibleUnit, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type WithdrawIssue = { type: 'WithdrawIssue'; data: { issueId: string; reason: string } };

export interface WithdrawIssueRefs {
  /** The issue's campaign: its `withdrawalNeedsApproval` (on by default, and when unknown). */
  campaign: CampaignState | null;
}

/**
 * 撤回 / 不予受理: out of scope or a duplicate. Terminal; the issue leaves every denominator — so when
 * the campaign says so (the default) the unit only asks, and the issue stays open until the
 * supervision office approves (decide-withdrawal.ts).
 */
export function withdrawIssue(state: IssueState, command: WithdrawIssue, ctx: CommandContext, refs: WithdrawIssueRefs): IssueEvent[] {
  requireLiveIssue(state, ctx, 'withdraw it');
  requireStatus(state, ['pending', 'in_progress'], 'ISSUE.NOT_OPEN', 'only an open (pending or in_progress) issue can be withdrawn');
  requireResponsibleUnit(state, ctx, 'withdraw it');
  if (state.withdrawalRequest) {
    throw new DomainError(
      'ISSUE.WITHDRAWAL_ALREADY_REQUESTED',
      `issue is ${state.status} with a withdrawal request awaiting the supervision office's decision`,
      'rule',
      state.status,
    );
  }
  requireNoDecisionPending(state, 'withdraw it');
  const reason = requireText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
  const type = campaignWorkflow(refs.campaign).withdrawalNeedsApproval ? 'IssueWithdrawalRequested' : 'IssueWithdrawn';
  return [{ type, data: { reason }, occurredAt: ctx.occurredAt }];
}
