import { DomainError } from '../shared/domain-error';
import type { CampaignState, LaunchedCampaign } from './campaign.state';

/** The campaign a command refers to must have been launched. */
export function requireCampaign(campaign: CampaignState | null | undefined, campaignId?: string): LaunchedCampaign {
  if (!campaign || campaign.status === 'none') {
    const named = campaignId ? `campaign ${campaignId}` : 'campaign';
    throw new DomainError('CAMPAIGN.NOT_FOUND', `${named} has not been launched`, 'not_found', 'none', {
      campaignId: 'unknown campaign',
    });
  }
  return campaign as LaunchedCampaign;
}

/** New field work (activities, collected issues) needs an open campaign and a date inside it. */
export function requireOpenCampaignOn(campaign: LaunchedCampaign, date: string, what: string): void {
  if (campaign.status === 'closed') {
    throw new DomainError('CAMPAIGN.CLOSED', `campaign is closed; ${what} cannot be recorded in it`, 'rule', 'closed');
  }
  if (date < campaign.startsOn || date > campaign.endsOn) {
    throw new DomainError(
      'CAMPAIGN.OUTSIDE_PERIOD',
      `${what} on ${date} is outside the campaign (${campaign.startsOn}..${campaign.endsOn})`,
      'rule',
      campaign.status,
    );
  }
}
