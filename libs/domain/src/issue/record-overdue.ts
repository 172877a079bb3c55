import type { CommandContext } from '../shared/actor';
import { businessDate } from '../shared/dates';
import { DomainError } from '../shared/domain-error';
import { forbidden } from '../shared/guards';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type RecordOverdue = { type: 'RecordOverdue'; data: { issueId: string } };

/**
 * The deadline watcher records when supervision could first know an issue was overdue: open,
 * with a due date before today (business date of `ctx.now`). Idempotent per due date: asking
 * again for the same due date decides nothing, so the watcher may retry freely.
 */
export function recordOverdue(state: IssueState, _command: RecordOverdue, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'record it overdue');
  if (ctx.actor.role !== 'system') {
    throw forbidden('ISSUE.SYSTEM_ONLY', `issue is ${state.status}; only the deadline watcher records overdue issues`, state.status);
  }
  requireStatus(state, ['pending', 'in_progress'], 'ISSUE.NOT_OPEN', 'only an open issue can become overdue');
  const today = businessDate(ctx.now);
  if (!state.dueOn || state.dueOn >= today) {
    const due = state.dueOn ? `due on ${state.dueOn}` : 'without a due date';
    throw new DomainError('ISSUE.NOT_OVERDUE', `issue is ${state.status} ${due}; it is not overdue on ${today}`, 'rule', state.status);
  }
  if (state.overdueRecordedFor.includes(state.dueOn)) return [];
  return [{ type: 'IssueBecameOverdue', data: { dueOn: state.dueOn }, occurredAt: ctx.occurredAt }];
}
