import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { OccurredAtField, TextField } from '../../http/dto-fields';

export class ReopenIssueRequestDto {
  @TextField(TEXT_MAX_LENGTH)
  reason: string;

  @OccurredAtField()
  occurredAt?: string;
}
