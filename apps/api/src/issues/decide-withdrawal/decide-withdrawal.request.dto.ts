import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { BooleanField, OccurredAtField, TextField } from '../../http/dto-fields';

export class DecideWithdrawalRequestDto {
  @BooleanField()
  approve: boolean;

  @TextField(TEXT_MAX_LENGTH, { optional: true, description: 'required to refuse' })
  reason?: string;

  @OccurredAtField()
  occurredAt?: string;
}
