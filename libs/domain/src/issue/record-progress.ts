import type { CommandContext } from '../shared/actor';
import { TEXT_MAX_LENGTH, requireText } from '../shared/text';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireResponsibleUnit, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type RecordProgress = { type: 'RecordProgress'; data: { issueId: string; note: string } };

/** A progress note on accepted work (it also keeps the issue from counting as stalled). */
export function recordProgress(state: IssueState, command: RecordProgress, ctx: CommandContext): IssueEvent[] {
  requireLiveIssue(state, ctx, 'record progress');
  requireStatus(state, ['in_progress'], 'ISSUE.NOT_IN_PROGRESS', 'progress is recorded on an accepted (in_progress) issue');
  requireResponsibleUnit(state, ctx, 'record progress');
  const note = requireText(command.data.note, 'note', TEXT_MAX_LENGTH);
  return [{ type: 'IssueProgressRecorded', data: { note }, occurredAt: ctx.occurredAt }];
}
