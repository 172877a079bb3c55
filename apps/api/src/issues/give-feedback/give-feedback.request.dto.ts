import { TEXT_MAX_LENGTH, RATINGS, FEEDBACK_CHANNELS, type Rating, type FeedbackChannel } from '@banjie/domain';
import { EnumField, OccurredAtField, TextField } from '../../http/dto-fields';

export class GiveFeedbackRequestDto {
  @EnumField(RATINGS, { description: 'satisfied 满意, basically_satisfied 基本满意, dissatisfied 不满意' })
  rating: Rating;

  @TextField(TEXT_MAX_LENGTH, { optional: true })
  comment?: string;

  @EnumField(FEEDBACK_CHANNELS, { description: 'enterprise_link only through the feedback link (system actor)' })
  channel: FeedbackChannel;

  @OccurredAtField()
  occurredAt?: string;
}
