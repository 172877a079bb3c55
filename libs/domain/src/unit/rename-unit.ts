import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt } from '../shared/guards';
import { NAME_MAX_LENGTH, requireText } from '../shared/text';
import type { UnitEvent } from './unit.events';
import { requireAdmin, requireExistingUnit } from './unit.rules';
import type { UnitState } from './unit.state';

export type RenameUnit = { type: 'RenameUnit'; data: { unitId: string; name: string } };

export function renameUnit(state: UnitState, command: RenameUnit, ctx: CommandContext): UnitEvent[] {
  checkOccurredAt(ctx, { state: state.status });
  requireAdmin(ctx, 'renames units');
  requireExistingUnit(state, 'rename it');
  const name = requireText(command.data.name, 'name', NAME_MAX_LENGTH);
  if (name === state.name) {
    throw new DomainError('UNIT.NAME_UNCHANGED', `unit is already named ${name}`, 'rule', state.status);
  }
  return [{ type: 'UnitRenamed', data: { unitId: state.unitId!, name }, occurredAt: ctx.occurredAt }];
}
