/**
 * What a campaign gets when its launch leaves a setting out. Rates are fractions in [0, 1];
 * durations are working days. The figures follow the circular of 2023-07-11 (see docs).
 */
import type { CampaignSla, CampaignTargets, CampaignThresholds, CampaignWorkflow } from './campaign.events';

/** The circular asks for "100%办结率和100%企业满意率". */
export const DEFAULT_CAMPAIGN_TARGETS: Readonly<CampaignTargets> = {
  completionRate: 1,
  satisfactionRate: 1,
};

export const DEFAULT_CAMPAIGN_SLA: Readonly<CampaignSla> = {
  /** The usual government commitment: 15 working days from acceptance. */
  resolveWithinWorkingDays: 15,
  /** 黄牌 this many working days before the due date. */
  dueSoonWorkingDays: 1, // issue #5: 黄牌 one working day before the due date
  /** 通报 after this many working days overdue. */
  escalateAfterWorkingDays: 5,
  /** In progress with no progress note for this many working days. */
  stalledAfterWorkingDays: 10,
  /** Default respondBy of a supervision notice. */
  noticeRespondWithinWorkingDays: 5,
};

export const DEFAULT_CAMPAIGN_THRESHOLDS: Readonly<CampaignThresholds> = {
  /** The circular's province-wide completion was 89.1 %; below 90 % is "办结率较低". */
  lowCompletionRate: 0.9,
  /** "below the threshold or the campaign-wide rate": the circular criticises both. */
  lowCompletionBasis: 'either',
  /** 天门市住保中心 was criticised for "未达到100%". */
  lowSatisfactionRate: 1,
  /** 黄石市住建局: 12 issues from 218 enterprises (0.055) is thin. */
  thinCollectionIssuesPerEnterprise: 0.1,
  /** A unit with fewer enterprises visited is too small to judge. */
  thinCollectionMinEnterprises: 20,
  /** 天门市住建局: one symposium covering 59 enterprises and 3 issues. */
  symposiumMinEnterprises: 20,
  symposiumMaxIssuesPerEnterprise: 0.1,
  /** Recorded more than three working days after it happened: flagged as late recording (issue #13). */
  lateRecordingWorkingDays: 3,
};

export const DEFAULT_CAMPAIGN_WORKFLOW: Readonly<CampaignWorkflow> = {
  /** Issue #18: a unit must not raise its own completion rate by withdrawing issues unreviewed. */
  withdrawalNeedsApproval: true,
  /** 办结审核 is extra work for the office; a campaign turns it on when it wants it. */
  resolutionNeedsReview: false,
};
