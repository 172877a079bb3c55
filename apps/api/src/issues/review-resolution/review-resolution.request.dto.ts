import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { BooleanField, OccurredAtField, TextField } from '../../http/dto-fields';

export class ReviewResolutionRequestDto {
  @BooleanField()
  accept: boolean;

  @TextField(TEXT_MAX_LENGTH, { optional: true, description: 'required to return it' })
  reason?: string;

  @OccurredAtField()
  occurredAt?: string;
}
