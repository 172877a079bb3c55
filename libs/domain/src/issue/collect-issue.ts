import type { ActivityState } from '../activity/activity.state';
import { catalogueOf, requireCategoryInCatalogue } from '../campaign/campaign.categories';
import { requireCampaign, requireOpenCampaignOn } from '../campaign/campaign.rules';
import type { CampaignState } from '../campaign/campaign.state';
import { enterpriseNotFound, requireCreditCode } from '../enterprise/enterprise.rules';
import type { CommandContext } from '../shared/actor';
import { businessDate } from '../shared/dates';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt } from '../shared/guards';
import { NAME_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, requireId, requireOneOf, requireText } from '../shared/text';
import { requireActiveUnit } from '../unit/unit.rules';
import type { UnitState } from '../unit/unit.state';
import { ISSUE_KINDS, type IssueEvent, type IssueKind } from './issue.events';
import { requireResponsibleUnit } from './issue.rules';
import type { IssueState } from './issue.state';

export type CollectIssue = {
  type: 'CollectIssue';
  data: {
    issueId: string;
    campaignId: string;
    unitId: string;
    enterpriseCode: string;
    activityId?: string | null;
    kind: IssueKind;
    category: string;
    title: string;
    description: string;
  };
};

export interface CollectIssueRefs {
  campaign: CampaignState | null;
  /** The collecting unit. */
  unit: UnitState | null;
  /** Whether the (normalized) enterpriseCode is a registered enterprise. */
  enterpriseRegistered: boolean;
  /** The activity, when `activityId` is given. */
  activity?: ActivityState | null;
}

/** An activity the issue came from must be the same unit's, in the same campaign, and have reached the enterprise. */
function checkActivity(activityId: string, activity: ActivityState | null | undefined, data: CollectIssue['data'], enterpriseCode: string) {
  if (!activity || activity.status === 'none') {
    throw new DomainError('ACTIVITY.NOT_FOUND', `activity ${activityId} is not recorded`, 'not_found', 'none', {
      activityId: 'unknown activity',
    });
  }
  if (activity.unitId !== data.unitId || activity.campaignId !== data.campaignId) {
    throw new DomainError('ACTIVITY.MISMATCH', `activity ${activityId} belongs to another unit or campaign`, 'rule', activity.status, {
      activityId: 'another unit or campaign',
    });
  }
  if (!activity.enterpriseCodes.includes(enterpriseCode)) {
    throw new DomainError(
      'ACTIVITY.ENTERPRISE_NOT_REACHED',
      `activity ${activityId} did not reach enterprise ${enterpriseCode}`,
      'rule',
      activity.status,
      {
        enterpriseCode: 'not reached by the activity',
      },
    );
  }
}

/** A handling unit records a problem or suggestion an enterprise raised: the issue starts pending with that unit. */
export function collectIssue(state: IssueState, command: CollectIssue, ctx: CommandContext, refs: CollectIssueRefs): IssueEvent[] {
  const { data } = command;
  if (state.status === 'withdrawn')
    throw new DomainError('ISSUE.WITHDRAWN', 'issue is withdrawn; its id cannot be collected again', 'rule', 'withdrawn');
  if (state.status !== 'none') {
    throw new DomainError('ISSUE.ALREADY_EXISTS', `issue is ${state.status}; it was collected already`, 'rule', state.status);
  }
  const campaign = requireCampaign(refs.campaign, data.campaignId);
  checkOccurredAt(ctx, { campaign, state: 'none' });
  requireOpenCampaignOn(campaign, businessDate(ctx.occurredAt), 'an issue collected');
  const unit = requireActiveUnit(refs.unit, 'unitId', data.unitId);
  requireResponsibleUnit({ ...state, responsibleUnitId: unit.unitId }, ctx, 'collect issues for it');
  const enterpriseCode = requireCreditCode(data.enterpriseCode, 'enterpriseCode');
  if (!refs.enterpriseRegistered) throw enterpriseNotFound([enterpriseCode], 'enterpriseCode');
  const activityId = data.activityId ? requireId(data.activityId, 'activityId') : null;
  if (activityId) checkActivity(activityId, refs.activity, data, enterpriseCode);
  const collected = {
    issueId: requireId(data.issueId, 'issueId'),
    campaignId: campaign.campaignId,
    unitId: unit.unitId!,
    enterpriseCode,
    activityId,
    kind: requireOneOf(data.kind, ISSUE_KINDS, 'kind'),
    category: requireCategoryInCatalogue(requireText(data.category, 'category', NAME_MAX_LENGTH), catalogueOf(campaign.categories)),
    title: requireText(data.title, 'title', TITLE_MAX_LENGTH),
    description: requireText(data.description, 'description', TEXT_MAX_LENGTH),
  };
  return [{ type: 'IssueCollected', data: collected, occurredAt: ctx.occurredAt }];
}
