/** Guards every issue decide shares: existence, state, business time, who may act. */
import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { actsForUnit, checkOccurredAt, forbidden, hasRole } from '../shared/guards';
import type { IssueState, IssueStatus } from './issue.state';

/**
 * The issue exists, is not withdrawn (withdrawn is terminal), and the command's business time
 * is neither in the future nor before the stream's last event recorded by a person (it may be
 * before an IssueBecameOverdue: see checkOccurredAt).
 */
export function requireLiveIssue(state: IssueState, ctx: CommandContext, doing: string): void {
  requireIssue(state, doing);
  checkOccurredAt(ctx, { previous: { at: state.lastActedAt, code: 'ISSUE.OCCURRED_BEFORE_PREVIOUS' }, state: state.status });
}

/** The issue exists and is not withdrawn. */
export function requireIssue(state: IssueState, doing: string): void {
  if (state.status === 'none') {
    throw new DomainError('ISSUE.NOT_FOUND', `issue does not exist; cannot ${doing}`, 'not_found', 'none');
  }
  if (state.status === 'withdrawn') {
    throw new DomainError(
      'ISSUE.WITHDRAWN',
      `issue is withdrawn; a withdrawn issue is closed for good (cannot ${doing})`,
      'rule',
      'withdrawn',
    );
  }
}

/** Throws `code` with "issue is <status>; <rule>" unless the status is one of `allowed`. */
export function requireStatus(state: IssueState, allowed: readonly IssueStatus[], code: string, rule: string): void {
  if (!allowed.includes(state.status)) {
    throw new DomainError(code, `issue is ${state.status}; ${rule}`, 'rule', state.status);
  }
}

/** Work of the responsible unit: one of its officers (or the system). */
export function requireResponsibleUnit(state: IssueState, ctx: CommandContext, doing: string): void {
  if (!actsForUnit(ctx.actor, state.responsibleUnitId)) {
    throw forbidden(
      'ISSUE.NOT_RESPONSIBLE_UNIT',
      `issue is ${state.status} with unit ${state.responsibleUnitId}; only an officer of the responsible unit may ${doing}`,
      state.status,
    );
  }
}

export function requireSupervisor(state: IssueState, ctx: CommandContext, doing: string): void {
  if (!hasRole(ctx.actor, 'supervisor')) {
    throw forbidden('ISSUE.SUPERVISOR_ONLY', `issue is ${state.status}; only the supervision office may ${doing}`, state.status);
  }
}
