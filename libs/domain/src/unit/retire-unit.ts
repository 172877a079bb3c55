import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt } from '../shared/guards';
import { TEXT_MAX_LENGTH, optionalText } from '../shared/text';
import type { UnitEvent } from './unit.events';
import { requireAdmin, requireExistingUnit } from './unit.rules';
import type { UnitState } from './unit.state';

export type RetireUnit = { type: 'RetireUnit'; data: { unitId: string; reason?: string | null } };

export interface RetireUnitRefs {
  /** Open issues (pending or in progress) the unit is responsible for now. */
  openIssueIds: readonly string[];
}

/** Ids named in the refusal: enough to act on, not a page of them. */
const NAMED_ISSUES = 10;

/**
 * A retired unit keeps its history and statistics but takes no new work (transfers, activities,
 * issues). It may not leave work behind: while it is responsible for open issues the retirement
 * is refused (UNIT.HAS_OPEN_ISSUES) until they are transferred (or resolved, or withdrawn).
 */
export function retireUnit(state: UnitState, command: RetireUnit, ctx: CommandContext, refs: RetireUnitRefs): UnitEvent[] {
  checkOccurredAt(ctx, { state: state.status });
  requireAdmin(ctx, 'retires units');
  requireExistingUnit(state, 'retire it');
  const open = refs.openIssueIds;
  if (open.length > 0) {
    const named = open.slice(0, NAMED_ISSUES).join(', ') + (open.length > NAMED_ISSUES ? ', …' : '');
    throw new DomainError(
      'UNIT.HAS_OPEN_ISSUES',
      `unit is active and responsible for ${open.length} open issue(s) (${named}); transfer them to another unit before retiring it`,
      'rule',
      state.status,
      { unitId: `responsible for ${open.length} open issue(s)` },
    );
  }
  const reason = optionalText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
  const data = reason ? { unitId: state.unitId!, reason } : { unitId: state.unitId! };
  return [{ type: 'UnitRetired', data, occurredAt: ctx.occurredAt }];
}
