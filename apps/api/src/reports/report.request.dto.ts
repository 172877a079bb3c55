import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DateField, InstantField } from '../http/dto-fields';

export class ReportQueryDto {
  @DateField({
    optional: true,
    description:
      'business date YYYY-MM-DD: count what happened (occurredAt) up to the end of that day, Asia/Shanghai (default: today, live)',
  })
  asOf?: string;

  @InstantField({
    optional: true,
    description: 'ISO date-time with an offset: count only what the store had recorded (recordedAt) by then (bitemporal with asOf)',
  })
  knownAt?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';

  @ApiPropertyOptional({ description: "only this unit's row (an officer sees their unit and the units below it)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unitId?: string;
}
