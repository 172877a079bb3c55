/**
 * The settings the supervision rules read, from a campaign's `CampaignLaunched` (sla, targets,
 * thresholds) with the domain's documented defaults for anything missing (DESIGN §4,
 * docs/supervision.md). Two settings are supervision's own and optional in the event
 * (`thresholds.thinCollectionMinEnterprises`, `thresholds.lowCompletionBasis`): the event may
 * carry them (add fields, never rename), and the defaults below apply when it does not.
 */
import {
  DEFAULT_CAMPAIGN_SLA,
  DEFAULT_CAMPAIGN_TARGETS,
  DEFAULT_CAMPAIGN_THRESHOLDS,
  type CampaignSla,
  type CampaignTargets,
  type CampaignThresholds,
} from '@banjie/domain';

export type LowCompletionBasis = 'threshold' | 'campaign_rate' | 'either';

export interface SupervisionSettings {
  sla: CampaignSla;
  targets: CampaignTargets;
  thresholds: CampaignThresholds & {
    /** thin_collection only once a unit has visited this many enterprises (default 20). */
    thinCollectionMinEnterprises: number;
    /** low_completion compares with the threshold, the campaign-wide rate, or either (default). */
    lowCompletionBasis: LowCompletionBasis;
  };
}

export const SUPERVISION_DEFAULTS = {
  thinCollectionMinEnterprises: 20,
  lowCompletionBasis: 'either' as LowCompletionBasis,
};

export interface CampaignLike {
  sla?: Partial<CampaignSla> | null;
  targets?: Partial<CampaignTargets> | null;
  thresholds?: (Partial<CampaignThresholds> & Record<string, unknown>) | null;
}

function pick<T extends object>(defaults: T, given: Partial<T> | null | undefined): T {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as Array<keyof T>) {
    const v = given?.[key];
    if (typeof v === typeof defaults[key] && v !== undefined && v !== null) out[key] = v as T[keyof T];
  }
  return out;
}

export function supervisionSettings(campaign: CampaignLike | null | undefined): SupervisionSettings {
  const t = campaign?.thresholds ?? {};
  const basis = t.lowCompletionBasis;
  return {
    sla: pick(DEFAULT_CAMPAIGN_SLA, campaign?.sla),
    targets: pick(DEFAULT_CAMPAIGN_TARGETS, campaign?.targets),
    thresholds: {
      ...pick(DEFAULT_CAMPAIGN_THRESHOLDS, campaign?.thresholds),
      thinCollectionMinEnterprises:
        typeof t.thinCollectionMinEnterprises === 'number'
          ? t.thinCollectionMinEnterprises
          : SUPERVISION_DEFAULTS.thinCollectionMinEnterprises,
      lowCompletionBasis:
        basis === 'threshold' || basis === 'campaign_rate' || basis === 'either' ? basis : SUPERVISION_DEFAULTS.lowCompletionBasis,
    },
  };
}

const MS_PER_DAY = 86_400_000;

/** The gap between business time and record time, and whether it is long enough to flag. */
export function recordingLag(
  occurredAt: Date,
  recordedAt: Date,
  lateRecordingDays: number,
): { lagMs: number; lagDays: number; lateRecording: boolean } {
  const lagMs = recordedAt.getTime() - occurredAt.getTime();
  const lagDays = Math.floor(lagMs / MS_PER_DAY);
  return { lagMs, lagDays, lateRecording: lagMs > lateRecordingDays * MS_PER_DAY };
}
