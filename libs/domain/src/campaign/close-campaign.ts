import type { CommandContext } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt, forbidden, hasRole } from '../shared/guards';
import { TEXT_MAX_LENGTH, optionalText } from '../shared/text';
import type { CampaignEvent } from './campaign.events';
import type { CampaignState } from './campaign.state';

export type CloseCampaign = { type: 'CloseCampaign'; data: { campaignId: string; reason?: string | null } };

/**
 * Closing ends field work (no new activities or issues); issues already collected are still
 * handled to conclusion ("持续推进剩余30项").
 */
export function closeCampaign(state: CampaignState, command: CloseCampaign, ctx: CommandContext): CampaignEvent[] {
  if (state.status === 'none') throw new DomainError('CAMPAIGN.NOT_FOUND', 'campaign has not been launched', 'not_found', 'none');
  checkOccurredAt(ctx, { campaign: { startsOn: state.startsOn! }, state: state.status });
  if (!hasRole(ctx.actor, 'admin')) throw forbidden('CAMPAIGN.ADMIN_ONLY', 'only an administrator closes campaigns', state.status);
  if (state.status === 'closed') throw new DomainError('CAMPAIGN.CLOSED', 'campaign is closed already', 'rule', 'closed');
  const reason = optionalText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
  const data = reason ? { campaignId: state.campaignId!, reason } : { campaignId: state.campaignId! };
  return [{ type: 'CampaignClosed', data, occurredAt: ctx.occurredAt }];
}
