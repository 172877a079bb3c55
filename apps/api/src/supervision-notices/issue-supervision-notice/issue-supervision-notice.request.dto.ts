import { TEXT_MAX_LENGTH, NOTICE_LEVELS, type NoticeLevel } from '@banjie/domain';
import { DateField, EnumField, IdField, IdListField, OccurredAtField, TextField } from '../../http/dto-fields';

export class IssueSupervisionNoticeRequestDto {
  @IdField({ optional: true, description: 'client-chosen notice id; default a new uuid' })
  id?: string;

  @IdField()
  campaignId: string;

  @IdField({ description: 'the addressed unit' })
  unitId: string;

  @IdListField(500, { optional: true, description: "issues now with that unit (may be empty: a notice about the unit's figures)" })
  issueIds?: string[];

  @TextField(TEXT_MAX_LENGTH)
  reason: string;

  @EnumField(NOTICE_LEVELS, { description: 'reminder 催办, yellow 黄牌, red 红牌' })
  level: NoticeLevel;

  @DateField({ optional: true, description: "default: the campaign's sla.noticeRespondWithinWorkingDays working days later" })
  respondBy?: string;

  @OccurredAtField()
  occurredAt?: string;
}
