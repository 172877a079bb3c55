import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { OccurredAtField, TextField } from '../../http/dto-fields';

export class ResolveIssueRequestDto {
  @TextField(TEXT_MAX_LENGTH)
  resolution: string;

  @OccurredAtField()
  occurredAt?: string;
}
