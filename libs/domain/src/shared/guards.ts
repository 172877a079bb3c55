/** Rules every aggregate shares: business time and who may act. */
import type { Actor, CommandContext, Role } from './actor';
import { businessDate } from './dates';
import { DomainError } from './domain-error';

export interface TimeRules {
  /** The campaign the command belongs to, when the decide knows it. */
  campaign?: { startsOn: string } | null;
  /**
   * The business time of the stream's last event recorded by a person (events the system derives
   * from the passage of time do not count: see docs/api.md) and the code to throw when the
   * command precedes it.
   */
  previous?: { at: Date | null; code: string };
  /** The aggregate's state, reported in the error. */
  state?: string;
}

/**
 * The back-dating rule. A person's event may be back-dated (units record field work days later),
 * also before events the system derived from the passage of time (IssueBecameOverdue): those say
 * what the system knew then, the person's record says what happened. It may not lie in the
 * future, precede the campaign's start, or precede the stream's last event recorded by a person
 * (history a person wrote is not rewritten).
 */
export function checkOccurredAt(ctx: CommandContext, rules: TimeRules = {}): void {
  const at = ctx.occurredAt;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new DomainError('COMMON.OCCURRED_AT_INVALID', 'occurredAt is not a valid time', 'invalid', rules.state, {
      occurredAt: 'invalid time',
    });
  }
  if (at.getTime() > ctx.now.getTime()) {
    throw new DomainError(
      'COMMON.OCCURRED_IN_FUTURE',
      `occurredAt ${at.toISOString()} is after now (${ctx.now.toISOString()}); business time cannot be in the future`,
      'invalid',
      rules.state,
      { occurredAt: 'in the future' },
    );
  }
  if (rules.campaign && businessDate(at) < rules.campaign.startsOn) {
    throw new DomainError(
      'COMMON.OCCURRED_BEFORE_CAMPAIGN',
      `occurredAt ${businessDate(at)} is before the campaign starts (${rules.campaign.startsOn})`,
      'invalid',
      rules.state,
      { occurredAt: 'before the campaign' },
    );
  }
  const previous = rules.previous?.at;
  if (rules.previous && previous && at.getTime() < previous.getTime()) {
    throw new DomainError(
      rules.previous.code,
      `occurredAt ${at.toISOString()} is before the stream's last event recorded by a person (${previous.toISOString()}); history cannot be rewritten`,
      'rule',
      rules.state,
      { occurredAt: 'before the previous event' },
    );
  }
}

/** The actor has one of `roles` (role 'system' always passes). */
export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.role === 'system' || roles.includes(actor.role);
}

/** An officer of `unitId` (or the system). */
export function actsForUnit(actor: Actor, unitId: string | null): boolean {
  return actor.role === 'system' || (actor.role === 'officer' && actor.unitId !== null && actor.unitId === unitId);
}

export function forbidden(code: string, message: string, state?: string): DomainError {
  return new DomainError(code, message, 'forbidden', state);
}
