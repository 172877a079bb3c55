import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { forbidden } from '../shared/guards';
import { TEXT_MAX_LENGTH, optionalText, requireOneOf } from '../shared/text';
import { FEEDBACK_CHANNELS, RATINGS, type FeedbackChannel, type IssueEvent, type Rating } from './issue.events';
import { requireLiveIssue, requireResponsibleUnit, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type GiveFeedback = {
  type: 'GiveFeedback';
  data: { issueId: string; rating: Rating; comment?: string | null; channel: FeedbackChannel };
};

/**
 * The enterprise's rating of a resolution, once per resolution cycle. Through the feedback link
 * the handler acts as the system; a callback or on-site rating is recorded by the responsible unit.
 */
export function giveFeedback(state: IssueState, command: GiveFeedback, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'give feedback');
  requireStatus(state, ['resolved'], 'ISSUE.NOT_RESOLVED', 'feedback needs a resolved issue');
  if (state.ratedThisCycle) {
    throw new DomainError(
      'ISSUE.FEEDBACK_ALREADY_GIVEN',
      'issue is resolved and already rated for this resolution; feedback is given once per resolution',
      'rule',
      state.status,
    );
  }
  const channel = requireOneOf(command.data.channel, FEEDBACK_CHANNELS, 'channel');
  if (channel === 'enterprise_link' && ctx.actor.role !== 'system') {
    throw forbidden(
      'ISSUE.FEEDBACK_CHANNEL_FORBIDDEN',
      'issue is resolved; enterprise_link feedback comes only through the feedback link',
      state.status,
    );
  }
  if (channel !== 'enterprise_link') requireResponsibleUnit(state, ctx, `record ${channel} feedback`);
  const rating = requireOneOf(command.data.rating, RATINGS, 'rating');
  const comment = optionalText(command.data.comment, 'comment', TEXT_MAX_LENGTH);
  return [{ type: 'FeedbackGiven', data: comment ? { rating, comment, channel } : { rating, channel }, occurredAt: ctx.occurredAt }];
}
