import { NAME_MAX_LENGTH, TITLE_MAX_LENGTH } from '@banjie/domain';
import { BooleanField, DateField, OccurredAtField, TextField } from '../../http/dto-fields';

export class AdjustCalendarDayRequestDto {
  @DateField()
  date: string;

  @BooleanField()
  isWorkday: boolean;

  @TextField(NAME_MAX_LENGTH, { example: '国庆节' })
  name: string;

  @TextField(TITLE_MAX_LENGTH, { example: '国务院办公厅关于2027年部分节假日安排的通知' })
  sourceNotice: string;

  @OccurredAtField()
  occurredAt?: string;
}
