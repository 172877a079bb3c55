import type { CommandContext } from '../shared/actor';
import { businessDate, parseDate } from '../shared/dates';
import { DomainError } from '../shared/domain-error';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireStatus, requireSupervisor } from './issue.rules';
import type { IssueState } from './issue.state';

export type ExtendDeadline = { type: 'ExtendDeadline'; data: { issueId: string; dueOn: string; reason: string } };

/** A new due date is later than the one in force and not in the past (an extension, asked or not). */
export function checkNewDueOn(state: IssueState, dueOn: string, today: string): void {
  const reason =
    state.dueOn && dueOn <= state.dueOn
      ? `must be after the current due date ${state.dueOn}`
      : dueOn < today
        ? `must not be before today (${today})`
        : null;
  if (reason) {
    throw new DomainError('ISSUE.DUE_DATE_INVALID', `issue is ${state.status}; the new due date ${dueOn} ${reason}`, 'rule', state.status, {
      dueOn: reason,
    });
  }
}

/** An extension moves a committed due date: accepted work (or work that kept its due date). */
export function requireCommittedWork(state: IssueState): void {
  if (state.status === 'pending' && !state.dueOn) {
    throw new DomainError(
      'ISSUE.NOT_IN_PROGRESS',
      'issue is pending with no due date; accept it first (acceptance sets the due date)',
      'rule',
      'pending',
    );
  }
}

/**
 * The supervision office approves a later due date for open, committed work — unasked, or instead of
 * the date an open request asked for (which the extension then settles).
 */
export function extendDeadline(state: IssueState, command: ExtendDeadline, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'extend its deadline');
  requireStatus(state, ['pending', 'in_progress'], 'ISSUE.NOT_OPEN', 'only an open issue gets a later due date');
  requireCommittedWork(state);
  requireSupervisor(state, ctx, 'extend a deadline');
  const dueOn = parseDate(command.data.dueOn, 'dueOn');
  checkNewDueOn(state, dueOn, businessDate(ctx.occurredAt));
  const reason = requireText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
  return [{ type: 'IssueDeadlineExtended', data: { dueOn, reason }, occurredAt: ctx.occurredAt }];
}
