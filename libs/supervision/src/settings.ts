/**
 * The settings the supervision rules read, from a campaign's `CampaignLaunched` (sla, targets,
 * thresholds) with the domain's documented defaults for anything missing or out of shape
 * (DESIGN §4, docs/supervision.md): campaigns launched before a setting existed get its default.
 */
import {
  businessDate,
  DEFAULT_CAMPAIGN_SLA,
  DEFAULT_CAMPAIGN_TARGETS,
  DEFAULT_CAMPAIGN_THRESHOLDS,
  isDerivedFromTime,
  LOW_COMPLETION_BASES,
  type CampaignSla,
  type CampaignTargets,
  type CampaignThresholds,
  type LowCompletionBasis,
  type WorkingCalendar,
} from '@banjie/domain';

export type { LowCompletionBasis };

export interface SupervisionSettings {
  sla: CampaignSla;
  targets: CampaignTargets;
  thresholds: CampaignThresholds;
}

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
  const thresholds: CampaignThresholds = pick(DEFAULT_CAMPAIGN_THRESHOLDS, campaign?.thresholds);
  if (!LOW_COMPLETION_BASES.includes(thresholds.lowCompletionBasis))
    thresholds.lowCompletionBasis = DEFAULT_CAMPAIGN_THRESHOLDS.lowCompletionBasis;
  return {
    sla: pick(DEFAULT_CAMPAIGN_SLA, campaign?.sla),
    targets: pick(DEFAULT_CAMPAIGN_TARGETS, campaign?.targets),
    thresholds,
  };
}

const MS_PER_DAY = 86_400_000;

export interface RecordingLag {
  /** Command clock at recording − occurredAt, ms. */
  lagMs: number;
  lagDays: number;
  /** Working days after the business date up to the recording date (0: recorded the same working day). */
  lagWorkingDays: number;
  /** Written by the demo loader: history replayed on first start, never "late". */
  demoHistory: boolean;
  /** A person's record more than `lateRecordingWorkingDays` working days after it happened. */
  lateRecording: boolean;
}

export interface RecordedEvent {
  type: string;
  occurredAt: Date;
  recordedAt: Date;
  metadata?: { source?: string; decidedAt?: unknown } | null;
}

/**
 * When the event was recorded, on the clock the commands use: `metadata.decidedAt` (the command
 * clock's now, written with every command) when present, else the store's recordedAt. The two
 * differ only under CLOCK_START, where a 2023 replay records "now" as 2023 while the database's
 * clock says today.
 */
export function recordedByClock(e: Pick<RecordedEvent, 'recordedAt' | 'metadata'>): Date {
  const decided = e.metadata?.decidedAt;
  const at = typeof decided === 'string' ? new Date(decided) : null;
  return at && !Number.isNaN(at.getTime()) ? at : e.recordedAt;
}

/**
 * The gap between business time and recording, and whether it is long enough to flag as late
 * recording: more than `lateRecordingWorkingDays` working days between the business date and
 * the recording date (Beijing time, the working calendar). Not flagged: the demo loader's
 * history, and events the system derives from the passage of time (their business time is
 * the rule's, not a person's claim).
 */
export function recordingLag(e: RecordedEvent, lateRecordingWorkingDays: number, calendar: WorkingCalendar): RecordingLag {
  const recorded = recordedByClock(e);
  const lagMs = recorded.getTime() - e.occurredAt.getTime();
  const lagDays = Math.floor(lagMs / MS_PER_DAY);
  const lagWorkingDays = Math.max(0, calendar.workingDaysBetween(businessDate(e.occurredAt), businessDate(recorded)));
  const demoHistory = e.metadata?.source === 'demo';
  const lateRecording = !demoHistory && !isDerivedFromTime(e.type) && lagWorkingDays > lateRecordingWorkingDays;
  return { lagMs, lagDays, lagWorkingDays, demoHistory, lateRecording };
}
