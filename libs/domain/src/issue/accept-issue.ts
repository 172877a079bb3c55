import type { WorkingCalendar } from '../calendar/working-calendar';
import { requireCampaign } from '../campaign/campaign.rules';
import type { CampaignState } from '../campaign/campaign.state';
import type { CommandContext } from '../shared/actor';
import { businessDate, parseDate } from '../shared/dates';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt } from '../shared/guards';
import { NAME_MAX_LENGTH, optionalText } from '../shared/text';
import type { IssueEvent } from './issue.events';
import { requireLiveIssue, requireNoDecisionPending, requireResponsibleUnit, requireStatus } from './issue.rules';
import type { IssueState } from './issue.state';

export type AcceptIssue = {
  type: 'AcceptIssue';
  /** `dueOn` omitted: the campaign's sla.resolveWithinWorkingDays after the acceptance date. */
  data: { issueId: string; dueOn?: string | null; handler?: string | null };
};

export interface AcceptIssueRefs {
  campaign: CampaignState | null;
  calendar: WorkingCalendar;
}

/** The responsible unit takes the issue on and commits to a due date (承诺办理时限). */
export function acceptIssue(state: IssueState, command: AcceptIssue, ctx: CommandContext, refs: AcceptIssueRefs): IssueEvent[] {
  requireLiveIssue(state, ctx, 'accept it');
  requireNoDecisionPending(state, 'accept it');
  const campaign = requireCampaign(refs.campaign, state.campaignId!);
  checkOccurredAt(ctx, { campaign, state: state.status });
  requireStatus(state, ['pending'], 'ISSUE.NOT_PENDING', 'only a pending issue can be accepted');
  requireResponsibleUnit(state, ctx, 'accept it');
  const acceptedOn = businessDate(ctx.occurredAt);
  const dueOn = command.data.dueOn
    ? parseDate(command.data.dueOn, 'dueOn')
    : refs.calendar.addWorkingDays(acceptedOn, campaign.sla.resolveWithinWorkingDays);
  if (dueOn < acceptedOn) {
    throw new DomainError(
      'ISSUE.DUE_DATE_INVALID',
      `issue is pending; the due date ${dueOn} is before the acceptance date ${acceptedOn}`,
      'rule',
      state.status,
      {
        dueOn: 'before the acceptance date',
      },
    );
  }
  const handler = optionalText(command.data.handler, 'handler', NAME_MAX_LENGTH);
  return [{ type: 'IssueAccepted', data: handler ? { dueOn, handler } : { dueOn }, occurredAt: ctx.occurredAt }];
}
