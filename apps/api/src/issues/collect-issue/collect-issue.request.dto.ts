import { NAME_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, ISSUE_KINDS, type IssueKind } from '@banjie/domain';
import { CreditCodeField, EnumField, IdField, OccurredAtField, TextField } from '../../http/dto-fields';

export class CollectIssueRequestDto {
  @IdField({ optional: true, description: 'client-chosen issue id; default a new uuid' })
  id?: string;

  @IdField()
  campaignId: string;

  @IdField({ description: 'the collecting unit (responsible until a transfer)' })
  unitId: string;

  @CreditCodeField()
  enterpriseCode: string;

  @IdField({ optional: true, description: 'the activity it was raised in (must have reached the enterprise)' })
  activityId?: string;

  @EnumField(ISSUE_KINDS)
  kind: IssueKind;

  @TextField(NAME_MAX_LENGTH, { example: '工程款结算' })
  category: string;

  @TextField(TITLE_MAX_LENGTH)
  title: string;

  @TextField(TEXT_MAX_LENGTH)
  description: string;

  @OccurredAtField()
  occurredAt?: string;
}
