import type { CampaignState } from '../campaign/campaign.state';
import { requireCampaign, requireOpenCampaignOn } from '../campaign/campaign.rules';
import { enterpriseNotFound, requireCreditCode } from '../enterprise/enterprise.rules';
import type { CommandContext } from '../shared/actor';
import { businessDate, parseDate, startOfBusinessDay } from '../shared/dates';
import { DomainError } from '../shared/domain-error';
import { actsForUnit, checkOccurredAt, forbidden } from '../shared/guards';
import { TEXT_MAX_LENGTH, requireId, requireOneOf, requireText } from '../shared/text';
import type { UnitState } from '../unit/unit.state';
import { requireActiveUnit } from '../unit/unit.rules';
import { ACTIVITY_FORMS, type ActivityEvent, type ActivityForm } from './activity.events';
import type { ActivityState } from './activity.state';

export type HoldActivity = {
  type: 'HoldActivity';
  data: {
    activityId: string;
    campaignId: string;
    unitId: string;
    form: ActivityForm;
    heldOn: string;
    enterpriseCodes: string[];
    summary: string;
  };
};

export interface HoldActivityRefs {
  campaign: CampaignState | null;
  unit: UnitState | null;
  /** Which of the command's (normalized) credit codes are registered enterprises. */
  registeredEnterprises: ReadonlySet<string>;
}

function enterpriseCodes(codes: unknown, registered: ReadonlySet<string>): string[] {
  if (!Array.isArray(codes) || codes.length === 0) {
    throw new DomainError('ACTIVITY.NO_ENTERPRISES', 'an activity reaches at least one enterprise', 'invalid', 'none', {
      enterpriseCodes: 'at least one credit code',
    });
  }
  const unique = [...new Set(codes.map((c, i) => requireCreditCode(c, `enterpriseCodes[${i}]`)))];
  const missing = unique.filter((c) => !registered.has(c));
  if (missing.length > 0) throw enterpriseNotFound(missing, 'enterpriseCodes');
  return unique;
}

/**
 * One business date per activity: `heldOn` is the day it happened, and its business time must lie
 * on that day (Beijing time), so as-of reports and the symposium rule count it on the same day.
 * With no business time claimed, it is the start of `heldOn` (00:00 Beijing time).
 */
function activityTime(heldOn: string, ctx: CommandContext, state: string): CommandContext {
  if (ctx.occurredAtDefaulted) return { ...ctx, occurredAt: startOfBusinessDay(heldOn), occurredAtDefaulted: false };
  if (ctx.occurredAt instanceof Date && !Number.isNaN(ctx.occurredAt.getTime()) && businessDate(ctx.occurredAt) !== heldOn) {
    throw new DomainError(
      'ACTIVITY.OCCURRED_AT_MISMATCH',
      `occurredAt ${ctx.occurredAt.toISOString()} is on ${businessDate(ctx.occurredAt)} (Beijing time) but heldOn is ${heldOn}; an activity has one business date — omit occurredAt or give a time on ${heldOn}`,
      'invalid',
      state,
      { occurredAt: `not on heldOn (${heldOn})` },
    );
  }
  return ctx;
}

/** An officer records an assistance activity of their unit and the enterprises it reached. */
export function holdActivity(state: ActivityState, command: HoldActivity, given: CommandContext, refs: HoldActivityRefs): ActivityEvent[] {
  const { data } = command;
  const campaign = requireCampaign(refs.campaign, data.campaignId);
  const heldOn = parseDate(data.heldOn, 'heldOn');
  if (heldOn > businessDate(given.now)) {
    throw new DomainError('ACTIVITY.HELD_IN_FUTURE', `heldOn ${heldOn} is in the future`, 'invalid', state.status, {
      heldOn: 'in the future',
    });
  }
  requireOpenCampaignOn(campaign, heldOn, 'an activity held');
  const ctx = activityTime(heldOn, given, state.status);
  checkOccurredAt(ctx, { campaign, state: state.status });
  if (state.status !== 'none') {
    throw new DomainError('ACTIVITY.ALREADY_EXISTS', `activity ${state.activityId} is already recorded`, 'rule', state.status);
  }
  const unit = requireActiveUnit(refs.unit, 'unitId', data.unitId);
  if (!actsForUnit(ctx.actor, unit.unitId)) {
    throw forbidden('ACTIVITY.NOT_OWN_UNIT', `only an officer of unit ${unit.unitId} records its activities`, state.status);
  }
  const held = {
    activityId: requireId(data.activityId, 'activityId'),
    campaignId: campaign.campaignId,
    unitId: unit.unitId!,
    form: requireOneOf(data.form, ACTIVITY_FORMS, 'form'),
    heldOn,
    enterpriseCodes: enterpriseCodes(data.enterpriseCodes, refs.registeredEnterprises),
    summary: requireText(data.summary, 'summary', TEXT_MAX_LENGTH),
  };
  return [{ type: 'ActivityHeld', data: held, occurredAt: ctx.occurredAt }];
}
