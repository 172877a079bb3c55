import { AttachmentInputDto, AttachmentsField } from '../../attachments/attachment-input.dto';
import { TEXT_MAX_LENGTH } from '@banjie/domain';
import { OccurredAtField, TextField } from '../../http/dto-fields';

export class AnswerSupervisionNoticeRequestDto {
  @TextField(TEXT_MAX_LENGTH)
  response: string;

  @AttachmentsField()
  attachments?: AttachmentInputDto[];

  @OccurredAtField()
  occurredAt?: string;
}
