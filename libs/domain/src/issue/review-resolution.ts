import type { CommandContext } from '../shared/actor';
import { withAttachments } from '../shared/attachments';
import { DomainError } from '../shared/domain-error';
import { TEXT_MAX_LENGTH, requireBoolean, requireText } from '../shared/text';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireSupervisor } from './issue.rules';
import type { IssueState } from './issue.state';

export type ReviewResolution = { type: 'ReviewResolution'; data: { issueId: string; accept: boolean; reason?: string | null } };

/**
 * 办结审核: the supervision office accepts the submitted resolution — it becomes the issue's
 * IssueResolved, with the unit's text and evidence — or sends it back with a reason; the unit
 * then works on and submits again.
 */
export function reviewResolution(state: IssueState, command: ReviewResolution, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'review a resolution');
  requireSupervisor(state, ctx, 'review a resolution');
  const submitted = state.submittedResolution;
  if (!submitted) {
    throw new DomainError(
      'ISSUE.NO_RESOLUTION_SUBMITTED',
      `issue is ${state.status} with no submitted resolution to review`,
      'rule',
      state.status,
    );
  }
  if (!requireBoolean(command.data.accept, 'accept')) {
    const reason = requireText(command.data.reason, 'reason', TEXT_MAX_LENGTH);
    return [{ type: 'IssueResolutionReturned', data: { reason }, occurredAt: ctx.occurredAt }];
  }
  return [
    {
      type: 'IssueResolved',
      data: { resolution: submitted.resolution, ...withAttachments(submitted.attachments) },
      occurredAt: ctx.occurredAt,
    },
  ];
}
