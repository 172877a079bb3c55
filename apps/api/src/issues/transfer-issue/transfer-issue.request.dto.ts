import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { IdField, OccurredAtField, TextField } from '../../http/dto-fields';

export class TransferIssueRequestDto {
  @IdField()
  toUnitId: string;

  @TextField(TEXT_MAX_LENGTH)
  reason: string;

  @OccurredAtField()
  occurredAt?: string;
}
