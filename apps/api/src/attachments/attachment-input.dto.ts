import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ATTACHMENTS_MAX_PER_EVENT, ATTACHMENT_NAME_MAX_LENGTH } from '@banjie/domain';

/** A file uploaded with POST /attachments, named by its hash; the server fills in size and type. */
export class AttachmentInputDto {
  @ApiProperty({ description: 'the sha256 POST /attachments answered', pattern: '^[0-9a-f]{64}$' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: '$property must be the 64 hex digits POST /attachments answered' })
  sha256: string;

  @ApiProperty({ maxLength: ATTACHMENT_NAME_MAX_LENGTH, example: '现场照片.jpg' })
  @IsString()
  @MaxLength(ATTACHMENT_NAME_MAX_LENGTH)
  @Matches(/\S/, { message: '$property must not be blank' })
  name: string;
}

/** `attachments?: [{ sha256, name }]`, at most 9. */
export function AttachmentsField() {
  return applyDecorators(
    IsOptional(),
    IsArray(),
    ArrayMaxSize(ATTACHMENTS_MAX_PER_EVENT),
    ValidateNested({ each: true }),
    Type(() => AttachmentInputDto),
    ApiPropertyOptional({
      type: [AttachmentInputDto],
      maxItems: ATTACHMENTS_MAX_PER_EVENT,
      description: 'photos and documents uploaded first with POST /attachments; the event records their sha256, size, type and name',
    }),
  );
}
