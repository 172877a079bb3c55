import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt } from '../shared/guards';
import { NAME_MAX_LENGTH, requireId, requireOneOf, requireText } from '../shared/text';
import { UNIT_LEVELS, type UnitEvent, type UnitLevel } from './unit.events';
import { requireActiveUnit, requireAdmin } from './unit.rules';
import type { UnitState } from './unit.state';

export type RegisterUnit = {
  type: 'RegisterUnit';
  data: { unitId: string; name: string; level: UnitLevel; parentUnitId?: string | null; region: string };
};

/** The parent unit, loaded by the handler when `parentUnitId` is given. */
export interface RegisterUnitRefs {
  parent?: UnitState | null;
}

/** A county bureau sits under a prefecture; nothing sits under a county. */
function checkHierarchy(level: UnitLevel, parent: UnitState | null): void {
  if (level === 'county' && !parent) {
    throw new DomainError('UNIT.PARENT_REQUIRED', 'a county unit needs its prefecture as parentUnitId', 'invalid', 'none', {
      parentUnitId: 'required for a county unit',
    });
  }
  if (parent && (parent.level === 'county' || (level === 'county' && parent.level !== 'prefecture'))) {
    throw new DomainError('UNIT.PARENT_LEVEL_INVALID', `a ${level} unit cannot sit under a ${parent.level} unit`, 'invalid', 'none', {
      parentUnitId: 'wrong level',
    });
  }
}

export function registerUnit(state: UnitState, command: RegisterUnit, ctx: CommandContext, refs: RegisterUnitRefs = {}): UnitEvent[] {
  checkOccurredAt(ctx, { state: state.status });
  requireAdmin(ctx, 'registers units');
  if (state.status !== 'none') {
    throw new DomainError('UNIT.ALREADY_EXISTS', `unit ${state.unitId} is already registered (${state.status})`, 'rule', state.status);
  }
  const unitId = requireId(command.data.unitId, 'unitId');
  const level = requireOneOf(command.data.level, UNIT_LEVELS, 'level');
  const parentUnitId = command.data.parentUnitId ? requireId(command.data.parentUnitId, 'parentUnitId') : null;
  const parent = parentUnitId ? requireActiveUnit(refs.parent, 'parentUnitId', parentUnitId) : null;
  checkHierarchy(level, parent);
  const data = {
    unitId,
    name: requireText(command.data.name, 'name', NAME_MAX_LENGTH),
    level,
    parentUnitId,
    region: requireText(command.data.region, 'region', NAME_MAX_LENGTH),
  };
  return [{ type: 'UnitRegistered', data, occurredAt: ctx.occurredAt }];
}
