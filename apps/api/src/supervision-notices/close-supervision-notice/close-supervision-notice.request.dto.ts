import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { OccurredAtField, TextField } from '../../http/dto-fields';

export class CloseSupervisionNoticeRequestDto {
  @TextField(TEXT_MAX_LENGTH)
  outcome: string;

  @OccurredAtField()
  occurredAt?: string;
}
