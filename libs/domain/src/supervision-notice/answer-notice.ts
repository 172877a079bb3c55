import type { CommandContext } from '../shared/actor';
import { withAttachments, type AttachmentRef } from '../shared/attachments';
import { DomainError } from '../shared/domain-error';
import { actsForUnit, forbidden } from '../shared/guards';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import type { SupervisionNoticeEvent } from './supervision-notice.events';
import { requireOpenNotice } from './supervision-notice.rules';
import type { SupervisionNoticeState } from './supervision-notice.state';

export type AnswerSupervisionNotice = {
  type: 'AnswerSupervisionNotice';
  data: { noticeId: string; response: string; attachments?: AttachmentRef[] };
};

/** The addressed unit answers once; the supervision office then closes the notice. */
export function answerSupervisionNotice(
  state: SupervisionNoticeState,
  command: AnswerSupervisionNotice,
  ctx: CommandContext,
): SupervisionNoticeEvent[] {
  requireOpenNotice(state, ctx, 'answer it');
  if (state.status === 'answered')
    throw new DomainError('NOTICE.ALREADY_ANSWERED', 'notice is answered; it takes one answer', 'rule', 'answered');
  if (!actsForUnit(ctx.actor, state.unitId)) {
    throw forbidden('NOTICE.NOT_ADDRESSEE', `notice is ${state.status}; only an officer of unit ${state.unitId} answers it`, state.status);
  }
  const response = requireText(command.data.response, 'response', TEXT_MAX_LENGTH);
  return [
    { type: 'SupervisionNoticeAnswered', data: { response, ...withAttachments(command.data.attachments) }, occurredAt: ctx.occurredAt },
  ];
}
