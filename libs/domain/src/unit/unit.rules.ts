import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { forbidden, hasRole } from '../shared/guards';
import type { UnitState } from './unit.state';

export function requireAdmin(ctx: CommandContext, doing: string): void {
  if (!hasRole(ctx.actor, 'admin')) throw forbidden('UNIT.ADMIN_ONLY', `only an administrator ${doing}`);
}

/**
 * A unit another aggregate refers to (a collecting unit, a transfer target, a notice's
 * addressee) must exist and not be retired. `field` names it in the message.
 */
export function requireActiveUnit(unit: UnitState | null | undefined, field: string, unitId?: string): UnitState {
  if (!unit || unit.status === 'none') {
    const named = unitId ? `${field} ${unitId}` : field;
    throw new DomainError('UNIT.NOT_FOUND', `${named} is not a registered unit`, 'not_found', 'none', {
      [field]: 'unknown unit',
    });
  }
  if (unit.status === 'retired') {
    throw new DomainError('UNIT.RETIRED', `${field} ${unit.unitId} is retired; a retired unit takes no new work`, 'rule', 'retired', {
      [field]: 'retired unit',
    });
  }
  return unit;
}

export function requireExistingUnit(state: UnitState, doing: string): void {
  if (state.status === 'none') throw new DomainError('UNIT.NOT_FOUND', `unit does not exist; cannot ${doing}`, 'not_found', 'none');
  if (state.status === 'retired') throw new DomainError('UNIT.RETIRED', `unit is retired; cannot ${doing}`, 'rule', 'retired');
}
