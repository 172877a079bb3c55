import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DateOrInstantField } from '../http/dto-fields';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'the acting unit (metadata.actor.unitId)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unitId?: string;

  @ApiPropertyOptional({ description: 'the acting user (metadata.actor.userId)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor?: string;

  @ApiPropertyOptional({ description: 'event type(s), comma-separated, e.g. IssueResolved,FeedbackGiven' })
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
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  type?: string[];

  @DateOrInstantField({
    optional: true,
    description: 'recordedAt from (inclusive): a business date YYYY-MM-DD (start of day, Beijing) or an ISO instant with an offset',
  })
  from?: string;

  @DateOrInstantField({
    optional: true,
    description: 'recordedAt to: a business date YYYY-MM-DD (inclusive, whole day) or an ISO instant with an offset (exclusive)',
  })
  to?: string;

  @ApiPropertyOptional({ default: 1, maximum: 10_000, description: 'page number (offset paging up to 10 000 events; use `before` beyond)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;

  @ApiPropertyOptional({
    maximum: Number.MAX_SAFE_INTEGER,
    description: "keyset cursor: events with a position below this (the previous page's nextBefore)",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  before?: number;
}
