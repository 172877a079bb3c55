import { NAME_MAX_LENGTH } from '@banjie/domain';
import { OccurredAtField, TextField } from '../../http/dto-fields';

export class RenameUnitRequestDto {
  @TextField(NAME_MAX_LENGTH)
  name: string;

  @OccurredAtField()
  occurredAt?: string;
}
