import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { actsForUnit, forbidden, hasRole } from '../shared/guards';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import { requireActiveUnit } from '../unit/unit.rules';
import type { UnitState } from '../unit/unit.state';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireNoDecisionPending, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type TransferIssue = { type: 'TransferIssue'; data: { issueId: string; toUnitId: string; reason: string } };

export interface TransferIssueRefs {
  /** The receiving unit. */
  toUnit: UnitState | null;
}

/** Responsibility moves to another unit (转办); it starts over as pending there, with no due date. */
export function transferIssue(state: IssueState, command: TransferIssue, ctx: CommandContext, refs: TransferIssueRefs): IssueEvent[] {
  requireLiveIssue(state, ctx, 'transfer it');
  requireNoDecisionPending(state, 'transfer it');
  requireStatus(state, ['pending', 'in_progress'], 'ISSUE.NOT_OPEN', 'only an open (pending or in_progress) issue can be transferred');
  if (!actsForUnit(ctx.actor, state.responsibleUnitId) && !hasRole(ctx.actor, 'supervisor')) {
    throw forbidden(
      'ISSUE.NOT_RESPONSIBLE_UNIT',
      `issue is ${state.status}; only the responsible unit or the supervision office may transfer it`,
      state.status,
    );
  }
  const toUnit = requireActiveUnit(refs.toUnit, 'toUnitId', command.data.toUnitId);
  if (toUnit.unitId === state.responsibleUnitId) {
    throw new DomainError(
      'ISSUE.SAME_UNIT',
      `issue is ${state.status} with unit ${toUnit.unitId} already; a transfer needs another unit`,
      'rule',
      state.status,
      {
        toUnitId: 'same as the responsible unit',
      },
    );
  }
  const data = {
    fromUnitId: state.responsibleUnitId!,
    toUnitId: toUnit.unitId!,
    reason: requireText(command.data.reason, 'reason', TEXT_MAX_LENGTH),
  };
  return [{ type: 'IssueTransferred', data, occurredAt: ctx.occurredAt }];
}
