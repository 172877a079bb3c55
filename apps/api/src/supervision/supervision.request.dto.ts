import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ALERT_KINDS } from '@banjie/supervision';
import { DateField } from '../http/dto-fields';

export class ListAlertsQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  campaignId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unitId?: string;

  @ApiPropertyOptional({ description: `alert kind(s), comma-separated: ${ALERT_KINDS.join(', ')}` })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @IsIn(ALERT_KINDS as unknown as string[], { each: true })
  kind?: string[];

  @ApiPropertyOptional({ description: 'true: open only; false: cleared only; absent or empty: both' })
  @IsOptional()
  @Transform(({ value }) =>
    value === '' || value === undefined
      ? undefined
      : value === true || value === 'true' || value === '1'
        ? true
        : value === false || value === 'false' || value === '0'
          ? false
          : value,
  )
  @IsBoolean()
  open?: boolean;

  @DateField({ optional: true, description: 'business date YYYY-MM-DD: alerts raised by then, open/cleared as they stood that day' })
  asOf?: string;

  @ApiPropertyOptional({ default: 0, description: 'alerts to skip (the next page starts at offset + limit)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;

  @ApiPropertyOptional({ default: 500, maximum: 5000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}

export class RankingsQueryDto {
  @DateField({ optional: true, description: 'business date YYYY-MM-DD (default: today in Asia/Shanghai)' })
  asOf?: string;

  @ApiPropertyOptional({ description: "only this unit's rows (ranks stay among all units)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unitId?: string;
}
