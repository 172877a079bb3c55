import { NumberField } from '../http/dto-fields';

/** Optional campaign settings; what is left out takes the domain's documented defaults. */
export class CampaignTargetsDto {
  @NumberField(0, 1, { optional: true, description: 'completion-rate target, a fraction (default 1)' })
  completionRate?: number;
  @NumberField(0, 1, { optional: true, description: 'satisfaction-rate target, a fraction (default 1)' })
  satisfactionRate?: number;
}

export class CampaignSlaDto {
  @NumberField(0, 365, { optional: true, integer: true, description: 'working days from acceptance to the default due date (15)' })
  resolveWithinWorkingDays?: number;
  @NumberField(0, 365, { optional: true, integer: true, description: '黄牌 this many working days before the due date (3)' })
  dueSoonWorkingDays?: number;
  @NumberField(0, 365, { optional: true, integer: true, description: '通报 after this many working days overdue (5)' })
  escalateAfterWorkingDays?: number;
  @NumberField(0, 365, { optional: true, integer: true, description: 'stalled after this many working days without progress (10)' })
  stalledAfterWorkingDays?: number;
  @NumberField(0, 365, { optional: true, integer: true, description: 'default respondBy of a supervision notice (5)' })
  noticeRespondWithinWorkingDays?: number;
}

export class CampaignThresholdsDto {
  @NumberField(0, 1, { optional: true }) lowCompletionRate?: number;
  @NumberField(0, 1, { optional: true }) lowSatisfactionRate?: number;
  @NumberField(0, 1000, { optional: true }) thinCollectionIssuesPerEnterprise?: number;
  @NumberField(0, 100000, { optional: true, integer: true }) symposiumMinEnterprises?: number;
  @NumberField(0, 1000, { optional: true }) symposiumMaxIssuesPerEnterprise?: number;
  @NumberField(0, 365, { optional: true, integer: true }) lateRecordingDays?: number;
}
