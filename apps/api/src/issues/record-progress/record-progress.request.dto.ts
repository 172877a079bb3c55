import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { OccurredAtField, TextField } from '../../http/dto-fields';

export class RecordProgressRequestDto {
  @TextField(TEXT_MAX_LENGTH)
  note: string;

  @OccurredAtField()
  occurredAt?: string;
}
