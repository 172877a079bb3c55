import { businessDate } from '../shared/dates';
import { assertNever } from '../shared/event';
import { catalogueOf } from './campaign.categories';
import { DEFAULT_CAMPAIGN_WORKFLOW } from './campaign.defaults';
import type { CampaignEvent, CampaignSla, CampaignTargets, CampaignThresholds, CampaignWorkflow } from './campaign.events';

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
  workflow: CampaignWorkflow | null;
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
  workflow: CampaignWorkflow;
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
    workflow: null,
    closedOn: null,
  };
}

export function evolveCampaign(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case 'CampaignLaunched':
      // a campaign launched before a workflow setting or a catalogue existed gets its default
      return {
        ...state,
        status: 'active',
        ...event.data,
        workflow: { ...DEFAULT_CAMPAIGN_WORKFLOW, ...event.data.workflow },
        categories: catalogueOf(event.data.categories),
      };
    case 'CampaignCategoriesChanged':
      return { ...state, categories: catalogueOf(event.data.categories) };
    case 'CampaignClosed':
      return { ...state, status: 'closed', closedOn: event.occurredAt ? businessDate(event.occurredAt) : null };
    default:
      return assertNever(event);
  }
}

/** The campaign's workflow settings (the defaults when the campaign is unknown or predates them). */
export function campaignWorkflow(campaign: CampaignState | null | undefined): CampaignWorkflow {
  return { ...DEFAULT_CAMPAIGN_WORKFLOW, ...(campaign?.workflow ?? {}) };
}
