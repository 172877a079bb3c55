import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class ReportQueryDto {
  @ApiPropertyOptional({
    description:
      'business date YYYY-MM-DD: count what happened (occurredAt) up to the end of that day, Asia/Shanghai (default: today, live)',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ description: 'ISO date-time: count only what the store had recorded (recordedAt) by then (bitemporal with asOf)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'knownAt must be an ISO 8601 date-time' })
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
