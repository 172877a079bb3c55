/** Guards every issue decide shares: existence, state, business time, who may act. */
import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { actsForUnit, checkOccurredAt, forbidden, hasRole } from '../shared/guards';
import { openRequest, type IssueState, type IssueStatus } from './issue.state';

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

/**
 * A withdrawal waiting for approval or a resolution waiting for review stops the unit's other
 * moves on the issue (accept, transfer, resolve, withdraw, ask for more time) until the office
 * decides: otherwise its decision could land on an issue that is no longer what was asked about.
 */
export function requireNoDecisionPending(state: IssueState, doing: string): void {
  const pending = openRequest(state);
  if (pending === 'withdrawal' || pending === 'resolution') {
    const what = pending === 'withdrawal' ? 'a withdrawal request' : 'a submitted resolution';
    throw new DomainError(
      'ISSUE.AWAITING_DECISION',
      `issue is ${state.status} with ${what} awaiting the supervision office's decision; cannot ${doing} until it is decided`,
      'rule',
      state.status,
    );
  }
}
