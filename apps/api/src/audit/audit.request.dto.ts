import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** A business date (YYYY-MM-DD, Asia/Shanghai) or an ISO instant. */
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

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

  @ApiPropertyOptional({ description: 'recordedAt from (inclusive): a business date YYYY-MM-DD (start of day, Beijing) or an ISO instant' })
  @IsOptional()
  @Matches(DATE_OR_INSTANT, { message: 'from must be YYYY-MM-DD or an ISO date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'recordedAt to: a business date YYYY-MM-DD (inclusive, whole day) or an ISO instant (exclusive)' })
  @IsOptional()
  @Matches(DATE_OR_INSTANT, { message: 'to must be YYYY-MM-DD or an ISO date-time' })
  to?: string;

  @ApiPropertyOptional({ default: 1, description: 'page number (offset paging up to 10 000 events; use `before` beyond)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;

  @ApiPropertyOptional({ description: "keyset cursor: events with a position below this (the previous page's nextBefore)" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;
}
