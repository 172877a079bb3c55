import { LOW_COMPLETION_BASES } from '@banjie/domain';
import { BooleanField, EnumField, NumberField } from '../http/dto-fields';

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
  @NumberField(0, 365, { optional: true, integer: true, description: '黄牌 this many working days before the due date (1)' })
  dueSoonWorkingDays?: number;
  @NumberField(0, 365, { optional: true, integer: true, description: '通报 after this many working days overdue (5)' })
  escalateAfterWorkingDays?: number;
  @NumberField(0, 365, { optional: true, integer: true, description: 'stalled after this many working days without progress (10)' })
  stalledAfterWorkingDays?: number;
  @NumberField(0, 365, { optional: true, integer: true, description: 'default respondBy of a supervision notice (5)' })
  noticeRespondWithinWorkingDays?: number;
}

export class CampaignThresholdsDto {
  @NumberField(0, 1, { optional: true, description: 'low_completion below this completion rate, a fraction (0.9)' })
  lowCompletionRate?: number;
  @EnumField(LOW_COMPLETION_BASES, {
    optional: true,
    description: 'low_completion compares with the threshold, the campaign-wide rate, or either (either)',
  })
  lowCompletionBasis?: (typeof LOW_COMPLETION_BASES)[number];
  @NumberField(0, 1, { optional: true, description: 'low_satisfaction below this satisfaction rate, a fraction (1)' })
  lowSatisfactionRate?: number;
  @NumberField(0, 1000, { optional: true, description: 'thin_collection below this many issues per enterprise visited (0.1)' })
  thinCollectionIssuesPerEnterprise?: number;
  @NumberField(0, 100000, { optional: true, integer: true, description: 'thin_collection only from this many enterprises visited (20)' })
  thinCollectionMinEnterprises?: number;
  @NumberField(0, 100000, { optional: true, integer: true, description: 'symposium_substitution from this many enterprises reached (20)' })
  symposiumMinEnterprises?: number;
  @NumberField(0, 1000, { optional: true, description: 'symposium_substitution below this many issues per enterprise (0.1)' })
  symposiumMaxIssuesPerEnterprise?: number;
  @NumberField(0, 365, {
    optional: true,
    integer: true,
    description: 'audit trail flags a record made more than this many working days after it happened (3)',
  })
  lateRecordingWorkingDays?: number;
}

/** Who reviews a unit's own say-so (issue #18). */
export class CampaignWorkflowDto {
  @BooleanField({ optional: true, description: "a unit's withdrawal is a request the supervision office approves or refuses (true)" })
  withdrawalNeedsApproval?: boolean;
  @BooleanField({ optional: true, description: '办结审核: a resolution counts only once the supervision office accepts it (false)' })
  resolutionNeedsReview?: boolean;
}
