import { campaignWorkflow, type CampaignState } from '../campaign/campaign.state';
import type { CommandContext } from '../shared/actor';
import { withAttachments, type AttachmentRef } from '../shared/attachments';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireNoDecisionPending, requireResponsibleUnit, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type ResolveIssue = { type: 'ResolveIssue'; data: { issueId: string; resolution: string; attachments?: AttachmentRef[] } };

export interface ResolveIssueRefs {
  /** The issue's campaign: its `resolutionNeedsReview` (off by default, and when unknown). */
  campaign: CampaignState | null;
}

/**
 * 办结: accepted work, or a pending issue settled on the spot. Each resolution opens a new
 * feedback cycle. Under 办结审核 (the campaign's `resolutionNeedsReview`) the resolution is only
 * submitted: the issue stays unresolved until the office accepts it (review-resolution.ts).
 */
export function resolveIssue(state: IssueState, command: ResolveIssue, ctx: CommandContext, refs: ResolveIssueRefs): IssueEvent[] {
  requireLiveIssue(state, ctx, 'resolve it');
  requireStatus(state, ['pending', 'in_progress'], 'ISSUE.NOT_OPEN', 'only an open (pending or in_progress) issue can be resolved');
  requireResponsibleUnit(state, ctx, 'resolve it');
  requireNoDecisionPending(state, 'resolve it');
  const resolution = requireText(command.data.resolution, 'resolution', TEXT_MAX_LENGTH);
  const type = campaignWorkflow(refs.campaign).resolutionNeedsReview ? 'IssueResolutionSubmitted' : 'IssueResolved';
  return [{ type, data: { resolution, ...withAttachments(command.data.attachments) }, occurredAt: ctx.occurredAt }];
}
