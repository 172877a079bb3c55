import type { WorkingCalendar } from '../calendar/working-calendar';
import { requireCampaign } from '../campaign/campaign.rules';
import type { CampaignState } from '../campaign/campaign.state';
import type { IssueState } from '../issue/issue.state';
import type { CommandContext } from '../shared/actor';
import { businessDate, parseDate } from '../shared/dates';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt, forbidden, hasRole } from '../shared/guards';
import { TEXT_MAX_LENGTH, requireId, requireOneOf, requireText } from '../shared/text';
import { requireActiveUnit } from '../unit/unit.rules';
import type { UnitState } from '../unit/unit.state';
import { NOTICE_LEVELS, type NoticeLevel, type SupervisionNoticeEvent } from './supervision-notice.events';
import type { SupervisionNoticeState } from './supervision-notice.state';

export type IssueSupervisionNotice = {
  type: 'IssueSupervisionNotice';
  data: {
    noticeId: string;
    campaignId: string;
    unitId: string;
    /** May be empty: a notice about the unit's figures rather than particular issues. */
    issueIds: string[];
    reason: string;
    level: NoticeLevel;
    /** Omitted: sla.noticeRespondWithinWorkingDays working days after the notice. */
    respondBy?: string | null;
  };
};

export interface IssueSupervisionNoticeRefs {
  campaign: CampaignState | null;
  unit: UnitState | null;
  /** The state of each issue named in `issueIds` (missing entries count as not found). */
  issues: ReadonlyMap<string, IssueState>;
  calendar: WorkingCalendar;
}

/** Each named issue must be this campaign's and currently with the addressed unit. */
function checkIssues(issueIds: unknown, unitId: string, campaignId: string, issues: ReadonlyMap<string, IssueState>): string[] {
  const ids = [...new Set((Array.isArray(issueIds) ? issueIds : []).map((id, i) => requireId(id, `issueIds[${i}]`)))];
  for (const id of ids) {
    const issue = issues.get(id);
    if (!issue || issue.status === 'none') {
      throw new DomainError('ISSUE.NOT_FOUND', `issue ${id} does not exist`, 'not_found', 'none', { issueIds: `unknown issue ${id}` });
    }
    if (issue.campaignId !== campaignId || issue.responsibleUnitId !== unitId) {
      throw new DomainError('NOTICE.ISSUE_NOT_OF_UNIT', `issue ${id} is not with unit ${unitId} in this campaign`, 'rule', 'none', {
        issueIds: `issue ${id} belongs elsewhere`,
      });
    }
  }
  return ids;
}

/** 督办: the supervision office formally asks a unit to act and answer by a date. */
export function issueSupervisionNotice(
  state: SupervisionNoticeState,
  command: IssueSupervisionNotice,
  ctx: CommandContext,
  refs: IssueSupervisionNoticeRefs,
): SupervisionNoticeEvent[] {
  const { data } = command;
  const campaign = requireCampaign(refs.campaign, data.campaignId);
  checkOccurredAt(ctx, { campaign, state: state.status });
  if (!hasRole(ctx.actor, 'supervisor'))
    throw forbidden('NOTICE.SUPERVISOR_ONLY', 'only the supervision office issues supervision notices', state.status);
  if (state.status !== 'none')
    throw new DomainError('NOTICE.ALREADY_EXISTS', `notice is ${state.status}; it was issued already`, 'rule', state.status);
  const unit = requireActiveUnit(refs.unit, 'unitId', data.unitId);
  const today = businessDate(ctx.occurredAt);
  const respondBy = data.respondBy
    ? parseDate(data.respondBy, 'respondBy')
    : refs.calendar.addWorkingDays(today, campaign.sla.noticeRespondWithinWorkingDays);
  if (respondBy < today) {
    throw new DomainError('NOTICE.RESPOND_BY_INVALID', `respondBy ${respondBy} is before the notice date ${today}`, 'invalid', 'none', {
      respondBy: 'before the notice date',
    });
  }
  const issued = {
    noticeId: requireId(data.noticeId, 'noticeId'),
    campaignId: campaign.campaignId,
    unitId: unit.unitId!,
    issueIds: checkIssues(data.issueIds, unit.unitId!, campaign.campaignId, refs.issues),
    reason: requireText(data.reason, 'reason', TEXT_MAX_LENGTH),
    level: requireOneOf(data.level, NOTICE_LEVELS, 'level'),
    respondBy,
  };
  return [{ type: 'SupervisionNoticeIssued', data: issued, occurredAt: ctx.occurredAt }];
}
