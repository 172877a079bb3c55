import type { CommandContext } from '../shared/actor';
import { withAttachments, type AttachmentRef } from '../shared/attachments';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireResponsibleUnit, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type ResolveIssue = { type: 'ResolveIssue'; data: { issueId: string; resolution: string; attachments?: AttachmentRef[] } };

/**
 * 办结: accepted work, or a pending issue settled on the spot. Each resolution opens a new
 * feedback cycle.
 */
export function resolveIssue(state: IssueState, command: ResolveIssue, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'resolve it');
  requireStatus(state, ['pending', 'in_progress'], 'ISSUE.NOT_OPEN', 'only an open (pending or in_progress) issue can be resolved');
  requireResponsibleUnit(state, ctx, 'resolve it');
  const resolution = requireText(command.data.resolution, 'resolution', TEXT_MAX_LENGTH);
  return [{ type: 'IssueResolved', data: { resolution, ...withAttachments(command.data.attachments) }, occurredAt: ctx.occurredAt }];
}
