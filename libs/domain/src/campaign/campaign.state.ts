import { businessDate } from '../shared/dates';
import { assertNever } from '../shared/event';
import { catalogueOf } from './campaign.categories';
import type { CampaignEvent, CampaignSla, CampaignTargets, CampaignThresholds } from './campaign.events';

export type CampaignStatus = 'none' | 'active' | 'closed';

export interface CampaignState {
  status: CampaignStatus;
  campaignId: string | null;
  title: string | null;
  startsOn: string | null;
  endsOn: string | null;
  targets: CampaignTargets | null;
  sla: CampaignSla | null;
  thresholds: CampaignThresholds | null;
  /** The category catalogue in force (the default for a campaign launched without one). */
  categories: string[] | null;
  closedOn: string | null;
}

/** A launched campaign, as other aggregates' refs see it. */
export type LaunchedCampaign = CampaignState & {
  status: 'active' | 'closed';
  campaignId: string;
  startsOn: string;
  endsOn: string;
  targets: CampaignTargets;
  sla: CampaignSla;
  thresholds: CampaignThresholds;
  categories: string[];
};

export function initialCampaignState(): CampaignState {
  return {
    status: 'none',
    campaignId: null,
    title: null,
    startsOn: null,
    endsOn: null,
    targets: null,
    sla: null,
    thresholds: null,
    categories: null,
    closedOn: null,
  };
}

export function evolveCampaign(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case 'CampaignLaunched':
      return { ...state, status: 'active', ...event.data, categories: catalogueOf(event.data.categories) };
    case 'CampaignCategoriesChanged':
      return { ...state, categories: catalogueOf(event.data.categories) };
    case 'CampaignClosed':
      return { ...state, status: 'closed', closedOn: event.occurredAt ? businessDate(event.occurredAt) : null };
    default:
      return assertNever(event);
  }
}
