import type { CommandContext } from '../shared/actor';
import { forbidden, hasRole } from '../shared/guards';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import type { SupervisionNoticeEvent } from './supervision-notice.events';
import { requireOpenNotice } from './supervision-notice.rules';
import type { SupervisionNoticeState } from './supervision-notice.state';

export type CloseSupervisionNotice = { type: 'CloseSupervisionNotice'; data: { noticeId: string; outcome: string } };

/** The supervision office closes a notice, answered or not (e.g. superseded), stating the outcome. */
export function closeSupervisionNotice(
  state: SupervisionNoticeState,
  command: CloseSupervisionNotice,
  ctx: CommandContext,
): SupervisionNoticeEvent[] {
  requireOpenNotice(state, ctx, 'close it');
  if (!hasRole(ctx.actor, 'supervisor'))
    throw forbidden('NOTICE.SUPERVISOR_ONLY', `notice is ${state.status}; only the supervision office closes it`, state.status);
  const outcome = requireText(command.data.outcome, 'outcome', TEXT_MAX_LENGTH);
  return [{ type: 'SupervisionNoticeClosed', data: { outcome }, occurredAt: ctx.occurredAt }];
}
