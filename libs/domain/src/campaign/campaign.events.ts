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

/** Thresholds of the unit alerts (DESIGN §4). */
export interface CampaignThresholds {
  lowCompletionRate: number;
  lowSatisfactionRate: number;
  thinCollectionIssuesPerEnterprise: number;
  symposiumMinEnterprises: number;
  symposiumMaxIssuesPerEnterprise: number;
  lateRecordingDays: number;
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
  }
>;
export type CampaignClosed = DomainEvent<'CampaignClosed', { campaignId: string; reason?: string }>;

export type CampaignEvent = CampaignLaunched | CampaignClosed;
export const campaignStream = (campaignId: string) => `campaign-${campaignId}`;
