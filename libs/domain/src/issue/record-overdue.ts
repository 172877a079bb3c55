import type { CommandContext } from '../shared/actor';
import { businessDate, overdueMoment } from '../shared/dates';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt, forbidden } from '../shared/guards';
import type { IssueEvent } from './issue.events';
import { requireIssue, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type RecordOverdue = { type: 'RecordOverdue'; data: { issueId: string } };

/**
 * The deadline watcher records that an open issue is past its due date (before today, the
 * business date of `ctx.now`). Idempotent per due date: asking again for the same due date
 * decides nothing, so the watcher may retry freely.
 *
 * The event's business time is when the issue became overdue — the start of the first day after
 * the due date, Beijing time (or the reopening, when a reopened issue kept a due date already
 * past) — not when the watcher noticed: that is the event's recordedAt. It derives from time, so
 * it may lie before person events recorded earlier, and a person may later back-date an event
 * before it (a resolution on the due date recorded two days late: docs/api.md).
 */
export function recordOverdue(state: IssueState, _command: RecordOverdue, ctx: CommandContext): IssueEvent[] {
  requireIssue(state, 'record it overdue');
  checkOccurredAt(ctx, { state: state.status }); // the watcher's own clock must be sane
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
  const pastDue = overdueMoment(state.dueOn);
  const occurredAt = state.openedAt && state.openedAt.getTime() > pastDue.getTime() ? state.openedAt : pastDue;
  return [{ type: 'IssueBecameOverdue', data: { dueOn: state.dueOn }, occurredAt }];
}
