import type { CommandContext } from '../shared/actor';
import { actsForUnit, forbidden, hasRole } from '../shared/guards';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type ReopenIssue = { type: 'ReopenIssue'; data: { issueId: string; reason: string } };

/** The supervision office may always reopen; the responsible unit only after a 'dissatisfied' rating of this resolution. */
function mayReopen(state: IssueState, ctx: CommandContext): boolean {
  if (hasRole(ctx.actor, 'supervisor')) return true;
  return actsForUnit(ctx.actor, state.responsibleUnitId) && state.ratedThisCycle && state.lastRating === 'dissatisfied';
}

/** 重办: back to work; the next resolution opens a new feedback cycle. The due date stays. */
export function reopenIssue(state: IssueState, command: ReopenIssue, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'reopen it');
  requireStatus(state, ['resolved'], 'ISSUE.NOT_RESOLVED', 'only a resolved issue can be reopened');
  if (!mayReopen(state, ctx)) {
    throw forbidden(
      'ISSUE.REOPEN_NOT_ALLOWED',
      `issue is resolved (rating: ${state.ratedThisCycle ? state.lastRating : 'none yet'}); only the supervision office reopens it, or the responsible unit after a dissatisfied rating`,
      state.status,
    );
  }
  const reason = requireText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
  return [{ type: 'IssueReopened', data: { reason }, occurredAt: ctx.occurredAt }];
}
