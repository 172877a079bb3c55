import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { OccurredAtField, TextField } from '../../http/dto-fields';

export class AnswerSupervisionNoticeRequestDto {
  @TextField(TEXT_MAX_LENGTH)
  response: string;

  @OccurredAtField()
  occurredAt?: string;
}
