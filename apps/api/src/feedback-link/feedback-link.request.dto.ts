import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { RATINGS, TEXT_MAX_LENGTH } from '@banjie/domain';

/** The enterprise's own rating: 满意 satisfied, 基本满意 basically_satisfied, 不满意 dissatisfied. */
export class GiveLinkFeedbackRequestDto {
  @ApiProperty({ enum: RATINGS })
  @IsIn(RATINGS as unknown as string[])
  rating: (typeof RATINGS)[number];

  @ApiPropertyOptional({ maxLength: TEXT_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  comment?: string;
}
