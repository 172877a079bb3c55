import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt, forbidden, hasRole } from '../shared/guards';
import { catalogueOf, checkCatalogue } from './campaign.categories';
import type { CampaignEvent } from './campaign.events';
import type { CampaignState } from './campaign.state';

export type ChangeCampaignCategories = { type: 'ChangeCampaignCategories'; data: { campaignId: string; categories: string[] } };

/**
 * An administrator replaces the campaign's category catalogue — before or during the campaign,
 * and after it closed (the report's breakdown follows the catalogue). Issues already collected
 * keep the category they were recorded with; the same list again changes nothing.
 */
export function changeCampaignCategories(state: CampaignState, command: ChangeCampaignCategories, ctx: CommandContext): CampaignEvent[] {
  if (state.status === 'none') throw new DomainError('CAMPAIGN.NOT_FOUND', 'campaign has not been launched', 'not_found', 'none');
  checkOccurredAt(ctx, { state: state.status });
  if (!hasRole(ctx.actor, 'admin'))
    throw forbidden('CAMPAIGN.ADMIN_ONLY', 'only an administrator changes a campaign’s category catalogue', state.status);
  const categories = checkCatalogue(command.data.categories);
  const current = catalogueOf(state.categories);
  if (categories.length === current.length && categories.every((c, i) => c === current[i])) return [];
  return [{ type: 'CampaignCategoriesChanged', data: { campaignId: state.campaignId!, categories }, occurredAt: ctx.occurredAt }];
}
