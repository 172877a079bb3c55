import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt } from '../shared/guards';
import type { SupervisionNoticeState } from './supervision-notice.state';

/** The notice exists, is not closed, and the command does not precede its last event. */
export function requireOpenNotice(state: SupervisionNoticeState, ctx: CommandContext, doing: string): void {
  if (state.status === 'none')
    throw new DomainError('NOTICE.NOT_FOUND', `supervision notice does not exist; cannot ${doing}`, 'not_found', 'none');
  if (state.status === 'closed') throw new DomainError('NOTICE.CLOSED', `notice is closed; cannot ${doing}`, 'rule', 'closed');
  checkOccurredAt(ctx, { previous: { at: state.lastOccurredAt, code: 'NOTICE.OCCURRED_BEFORE_PREVIOUS' }, state: state.status });
}
