import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { DateField, OccurredAtField, TextField } from '../../http/dto-fields';

export class RequestExtensionRequestDto {
  @DateField()
  dueOn: string;

  @TextField(TEXT_MAX_LENGTH)
  reason: string;

  @OccurredAtField()
  occurredAt?: string;
}
