import type { CommandContext } from '../shared/actor';
import { parseDate } from '../shared/dates';
import { DomainError } from '../shared/domain-error';
import { checkOccurredAt, forbidden, hasRole } from '../shared/guards';
import { TITLE_MAX_LENGTH, requireId, requireText } from '../shared/text';
import { DEFAULT_ISSUE_CATEGORIES, checkCatalogue } from './campaign.categories';
import {
  DEFAULT_CAMPAIGN_SLA,
  DEFAULT_CAMPAIGN_TARGETS,
  DEFAULT_CAMPAIGN_THRESHOLDS,
  DEFAULT_CAMPAIGN_WORKFLOW,
} from './campaign.defaults';
import {
  LOW_COMPLETION_BASES,
  type CampaignEvent,
  type CampaignSla,
  type CampaignTargets,
  type CampaignThresholds,
  type CampaignWorkflow,
} from './campaign.events';
import type { CampaignState } from './campaign.state';

export type LaunchCampaign = {
  type: 'LaunchCampaign';
  data: {
    campaignId: string;
    title: string;
    startsOn: string;
    endsOn: string;
    targets?: Partial<CampaignTargets>;
    sla?: Partial<CampaignSla>;
    thresholds?: Partial<CampaignThresholds>;
    /** The category catalogue; default DEFAULT_ISSUE_CATEGORIES. */
    categories?: string[] | null;
    workflow?: Partial<CampaignWorkflow>;
  };
};

type Check = 'rate' | 'days' | 'ratio' | 'count' | 'basis' | 'flag';
const SETTING_CHECKS: Record<string, Check> = {
  completionRate: 'rate',
  satisfactionRate: 'rate',
  lowCompletionRate: 'rate',
  lowSatisfactionRate: 'rate',
  thinCollectionIssuesPerEnterprise: 'ratio',
  symposiumMaxIssuesPerEnterprise: 'ratio',
  symposiumMinEnterprises: 'count',
  thinCollectionMinEnterprises: 'count',
  lowCompletionBasis: 'basis',
  withdrawalNeedsApproval: 'flag',
  resolutionNeedsReview: 'flag',
};

const SETTING_RULES: Record<Check, string> = {
  rate: 'must be a fraction in [0, 1]',
  ratio: 'must be a non-negative number',
  days: 'must be whole working days (0..365)',
  count: 'must be a whole number (0..100000)',
  basis: `must be one of ${LOW_COMPLETION_BASES.join(', ')}`,
  flag: 'must be true or false',
};

function settingOk(name: string, value: unknown): boolean {
  const check = SETTING_CHECKS[name] ?? 'days';
  if (check === 'basis') return (LOW_COMPLETION_BASES as readonly unknown[]).includes(value);
  if (check === 'flag') return typeof value === 'boolean';
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (check === 'rate') return value >= 0 && value <= 1;
  if (check === 'ratio') return value >= 0;
  if (check === 'count') return Number.isInteger(value) && value >= 0 && value <= 100_000;
  return Number.isInteger(value) && value >= 0 && value <= 365;
}

/**
 * Defaults filled in for what is omitted; every known setting checked (rates in [0, 1], days
 * whole). Settings the campaign does not know are dropped (the HTTP edge refuses them first).
 */
function withDefaults<T extends object>(defaults: T, given: Partial<T> | undefined, group: string): T {
  const merged = { ...defaults } as T;
  for (const key of Object.keys(defaults) as Array<keyof T & string>) {
    if (given && given[key] !== undefined) merged[key] = given[key] as T[keyof T & string];
  }
  for (const key of Object.keys(defaults) as Array<keyof T & string>) {
    if (!settingOk(key, merged[key])) {
      throw new DomainError('CAMPAIGN.SETTING_INVALID', `${group}.${key} is out of range`, 'invalid', 'none', {
        [`${group}.${key}`]: SETTING_RULES[SETTING_CHECKS[key] ?? 'days'],
      });
    }
  }
  return merged;
}

export function launchCampaign(state: CampaignState, command: LaunchCampaign, ctx: CommandContext): CampaignEvent[] {
  checkOccurredAt(ctx, { state: state.status });
  if (!hasRole(ctx.actor, 'admin')) throw forbidden('CAMPAIGN.ADMIN_ONLY', 'only an administrator launches campaigns');
  if (state.status !== 'none') {
    throw new DomainError(
      'CAMPAIGN.ALREADY_EXISTS',
      `campaign ${state.campaignId} is already launched (${state.status})`,
      'rule',
      state.status,
    );
  }
  const { data } = command;
  const startsOn = parseDate(data.startsOn, 'startsOn');
  const endsOn = parseDate(data.endsOn, 'endsOn');
  if (endsOn < startsOn) {
    throw new DomainError('CAMPAIGN.PERIOD_INVALID', `campaign ends (${endsOn}) before it starts (${startsOn})`, 'invalid', 'none', {
      endsOn: 'before startsOn',
    });
  }
  const launched = {
    campaignId: requireId(data.campaignId, 'campaignId'),
    title: requireText(data.title, 'title', TITLE_MAX_LENGTH),
    startsOn,
    endsOn,
    targets: withDefaults(DEFAULT_CAMPAIGN_TARGETS, data.targets, 'targets'),
    sla: withDefaults(DEFAULT_CAMPAIGN_SLA, data.sla, 'sla'),
    thresholds: withDefaults(DEFAULT_CAMPAIGN_THRESHOLDS, data.thresholds, 'thresholds'),
    // recorded in the event either way, so the catalogue a campaign began with is in its history
    categories: data.categories === undefined || data.categories === null ? [...DEFAULT_ISSUE_CATEGORIES] : checkCatalogue(data.categories),
    workflow: withDefaults(DEFAULT_CAMPAIGN_WORKFLOW, data.workflow, 'workflow'),
  };
  return [{ type: 'CampaignLaunched', data: launched, occurredAt: ctx.occurredAt }];
}
