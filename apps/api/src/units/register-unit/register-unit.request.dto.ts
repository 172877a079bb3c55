import { NAME_MAX_LENGTH, UNIT_LEVELS, type UnitLevel } from '@banjie/domain';
import { EnumField, IdField, OccurredAtField, TextField } from '../../http/dto-fields';

export class RegisterUnitRequestDto {
  @IdField({ optional: true, description: 'client-chosen unit id (idempotent creation); default a new uuid', example: 'u-tianmen' })
  id?: string;

  @TextField(NAME_MAX_LENGTH, { example: '天门市住建局' })
  name: string;

  @EnumField(UNIT_LEVELS, { description: 'department 厅本级, prefecture 市州, county 县市区' })
  level: UnitLevel;

  @IdField({ optional: true, description: 'the prefecture a county unit sits under' })
  parentUnitId?: string;

  @TextField(NAME_MAX_LENGTH, { example: '天门市' })
  region: string;

  @OccurredAtField()
  occurredAt?: string;
}
