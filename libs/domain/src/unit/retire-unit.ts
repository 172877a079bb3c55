import type { CommandContext } from '../shared/actor';
import { checkOccurredAt } from '../shared/guards';
import { TEXT_MAX_LENGTH, optionalText } from '../shared/text';
import type { UnitEvent } from './unit.events';
import { requireAdmin, requireExistingUnit } from './unit.rules';
import type { UnitState } from './unit.state';

export type RetireUnit = { type: 'RetireUnit'; data: { unitId: string; reason?: string | null } };

/** A retired unit keeps its history and statistics but takes no new work (transfers, activities, issues). */
export function retireUnit(state: UnitState, command: RetireUnit, ctx: CommandContext): UnitEvent[] {
  checkOccurredAt(ctx, { state: state.status });
  requireAdmin(ctx, 'retires units');
  requireExistingUnit(state, 'retire it');
  const reason = optionalText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
  const data = reason ? { unitId: state.unitId!, reason } : { unitId: state.unitId! };
  return [{ type: 'UnitRetired', data, occurredAt: ctx.occurredAt }];
}
