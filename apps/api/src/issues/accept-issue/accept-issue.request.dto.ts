import { NAME_MAX_LENGTH } from '@banjie/domain';
import { DateField, OccurredAtField, TextField } from '../../http/dto-fields';

export class AcceptIssueRequestDto {
  @DateField({ optional: true, description: "default: the campaign's sla.resolveWithinWorkingDays working days after acceptance" })
  dueOn?: string;

  @TextField(NAME_MAX_LENGTH, { optional: true, description: 'the person handling it' })
  handler?: string;

  @OccurredAtField()
  occurredAt?: string;
}
