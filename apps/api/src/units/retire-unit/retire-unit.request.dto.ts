import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { OccurredAtField, TextField } from '../../http/dto-fields';

export class RetireUnitRequestDto {
  @TextField(TEXT_MAX_LENGTH, { optional: true })
  reason?: string;

  @OccurredAtField()
  occurredAt?: string;
}
