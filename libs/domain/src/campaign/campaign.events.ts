import type { DomainEvent } from '../shared/event';

/** Targets the campaign sets itself (the circular asks for 100 % completion and satisfaction). */
export interface CampaignTargets {
  completionRate: number;
  satisfactionRate: number;
}

/** Service levels: default commitment in working days from acceptance, and the alert ladder. */
export interface CampaignSla {
  resolveWithinWorkingDays: number;
  dueSoonWorkingDays: number;
  escalateAfterWorkingDays: number;
  stalledAfterWorkingDays: number;
  noticeRespondWithinWorkingDays: number;
}

/** What `low_completion` compares a unit's completion rate with. */
export const LOW_COMPLETION_BASES = ['threshold', 'campaign_rate', 'either'] as const;
export type LowCompletionBasis = (typeof LOW_COMPLETION_BASES)[number];

/** Thresholds of the unit alerts (DESIGN §4) and of the audit trail's late-recording flag. */
export interface CampaignThresholds {
  lowCompletionRate: number;
  /** Below the threshold, below the campaign-wide rate, or either (the circular's wording). */
  lowCompletionBasis: LowCompletionBasis;
  lowSatisfactionRate: number;
  thinCollectionIssuesPerEnterprise: number;
  /** thin_collection only once a unit has visited this many enterprises. */
  thinCollectionMinEnterprises: number;
  symposiumMinEnterprises: number;
  symposiumMaxIssuesPerEnterprise: number;
  /**
   * Recorded more than this many working days after it happened: flagged as late recording.
   * Replaces `lateRecordingDays` (calendar days), which events launched before carry and which
   * is no longer read.
   */
  lateRecordingWorkingDays: number;
}

/**
 * Who reviews a unit's own say-so (issue #18): a withdrawal (撤回 / 不予受理) takes a unit's issue out of
 * every denominator, and a resolution counts as 办结 — so a campaign may have the supervision office
 * approve the one (on by default) and review the other (办结审核, off by default).
 */
export interface CampaignWorkflow {
  /** A unit's withdrawal is a request the office approves (IssueWithdrawn) or refuses. */
  withdrawalNeedsApproval: boolean;
  /** A unit's resolution is submitted; it counts only once the office accepts it (IssueResolved). */
  resolutionNeedsReview: boolean;
}

export type CampaignLaunched = DomainEvent<
  'CampaignLaunched',
  {
    campaignId: string;
    title: string;
    startsOn: string; // YYYY-MM-DD
    endsOn: string; // YYYY-MM-DD
    targets: CampaignTargets;
    sla: CampaignSla;
    thresholds: CampaignThresholds;
    /**
     * The category catalogue issues choose from (campaign.categories.ts). Absent on campaigns
     * launched before catalogues existed: they read as the default catalogue.
     */
    categories?: string[];
    /** Absent in campaigns launched before issue #18: they read as the defaults (campaign.state.ts). */
    workflow?: CampaignWorkflow;
  }
>;
export type CampaignClosed = DomainEvent<'CampaignClosed', { campaignId: string; reason?: string }>;

/** An administrator replaced the campaign's category catalogue (issues already collected keep their category). */
export type CampaignCategoriesChanged = DomainEvent<'CampaignCategoriesChanged', { campaignId: string; categories: string[] }>;
export type CampaignEvent = CampaignLaunched | CampaignClosed | CampaignCategoriesChanged;
export const campaignStream = (campaignId: string) => `campaign-${campaignId}`;
