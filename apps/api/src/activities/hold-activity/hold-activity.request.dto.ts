import { AttachmentInputDto, AttachmentsField } from '../../attachments/attachment-input.dto';
import { TEXT_MAX_LENGTH, ACTIVITY_FORMS, type ActivityForm } from '@banjie/domain';
import { CreditCodeListField, DateField, EnumField, IdField, OccurredAtField, TextField } from '../../http/dto-fields';

export class HoldActivityRequestDto {
  @IdField({ optional: true, description: 'client-chosen activity id; default a new uuid' })
  id?: string;

  @IdField()
  campaignId: string;

  @IdField()
  unitId: string;

  @EnumField(ACTIVITY_FORMS, { description: 'door_to_door 上门走访, symposium 座谈会, online, phone' })
  form: ActivityForm;

  @DateField()
  heldOn: string;

  @CreditCodeListField(1000, { description: 'registered enterprises reached (credit codes)' })
  enterpriseCodes: string[];

  @TextField(TEXT_MAX_LENGTH)
  summary: string;

  @AttachmentsField()
  attachments?: AttachmentInputDto[];

  @OccurredAtField()
  occurredAt?: string;
}
