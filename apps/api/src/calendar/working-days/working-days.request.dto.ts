import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DateField } from '../../http/dto-fields';

/** `GET /calendar?from=&workingDays=&to=` — every field optional. */
export class WorkingDaysQueryDto {
  @DateField({ optional: true, description: 'the start date (not counted); default: today in Beijing by the server clock' })
  from?: string;

  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,2})$/, { message: 'workingDays must be an integer 0–999' })
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 999, description: 'answer dueOn: the Nth working day after `from`' })
  workingDays?: string;

  @DateField({ optional: true, description: 'list every day after `from` up to `to` (at most 366 days) with isWorkday' })
  to?: string;
}
