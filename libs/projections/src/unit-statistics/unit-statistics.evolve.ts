/**
 * The unit-statistics projection as pure functions: a batch of stored events, applied to the
 * rows it touches, gives new rows and the changes to write. The SQL adapter
 * (unit-statistics.projection.ts) loads the touched rows, calls `applyStatisticsBatch`, and
 * writes what it returns; the unit tests call the same function on maps.
 */
import type { ActivityForm, ActivityHeld, CampaignLaunched, UnitLevel, UnitRegistered } from '@banjie/domain';
import type { StoredEvent } from '@banjie/event-store';
import { streamEntityId } from '../shared';
import { countsOf, evolveIssueFact, IssueFactError, snapshotOf, type IssueCounts, type IssueFact, type IssueSnapshot } from './issue-fact';

export const UNIT_STATISTICS_EVENTS = [
  'UnitRegistered',
  'UnitRenamed',
  'UnitRetired',
  'CampaignLaunched',
  'CampaignClosed',
  'ActivityHeld',
  'IssueCollected',
  'IssueAccepted',
  'IssueTransferred',
  'IssueProgressRecorded',
  'IssueDeadlineExtended',
  'IssueResolved',
  'FeedbackGiven',
  'IssueReopened',
  'IssueWithdrawn',
  'IssueBecameOverdue',
] as const;

export const FORMS: readonly ActivityForm[] = ['door_to_door', 'symposium', 'online', 'phone'];

/** One campaign × unit row of the circular's table (openOverdue is asked per day: see queries). */
export interface UnitStatsCounts extends IssueCounts {
  enterprisesVisited: number;
  activities: number;
  activitiesByForm: Record<ActivityForm, number>;
}

export interface UnitStatsRow extends UnitStatsCounts {
  campaignId: string;
  unitId: string;
}

export interface UnitRow {
  unitId: string;
  name: string;
  level: UnitLevel;
  parentUnitId: string | null;
  region: string | null;
  retired: boolean;
}

export interface CampaignRow {
  campaignId: string;
  title: string;
  startsOn: string;
  endsOn: string;
  closed: boolean;
}

/** A snapshot that has ended: valid from `since` until the next snapshot's times (bitemporal). */
export interface ClosedVersion {
  issueId: string;
  seq: number;
  campaignId: string;
  unitId: string;
  snapshot: IssueSnapshot;
  occurredAt: Date;
  recordedAt: Date;
  nextOccurredAt: Date;
  nextRecordedAt: Date;
}

export interface ActivityRow {
  activityId: string;
  campaignId: string;
  unitId: string;
  form: ActivityForm;
  occurredAt: Date;
  recordedAt: Date;
  enterpriseCodes: string[];
}

export function zeroCounts(): UnitStatsCounts {
  return {
    enterprisesVisited: 0,
    activities: 0,
    activitiesByForm: { door_to_door: 0, symposium: 0, online: 0, phone: 0 },
    issuesCollected: 0,
    issuesResolved: 0,
    rated: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    dissatisfied: 0,
    onTimeResolved: 0,
    resolvedWithDue: 0,
  };
}

/** evolve(row | null, delta) → row: counts only ever add up (a changed issue adds new − old). */
export function addCounts<T extends UnitStatsCounts>(row: T, delta: UnitStatsCounts): T {
  const out = { ...row, activitiesByForm: { ...row.activitiesByForm } };
  for (const k of COUNT_KEYS) out[k] += delta[k];
  for (const f of FORMS) out.activitiesByForm[f] += delta.activitiesByForm[f];
  return out;
}

export const COUNT_KEYS = [
  'enterprisesVisited',
  'activities',
  'issuesCollected',
  'issuesResolved',
  'rated',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'onTimeResolved',
  'resolvedWithDue',
] as const;

export function statsKey(campaignId: string, unitId: string): string {
  return `${campaignId}\u0000${unitId}`;
}
export function visitKey(campaignId: string, unitId: string, enterpriseCode: string): string {
  return `${campaignId}\u0000${unitId}\u0000${enterpriseCode}`;
}

/** The rows a batch reads before it can evolve them. */
export interface StatisticsTouched {
  issueIds: Set<string>;
  /** campaign × unit × enterprise keys of the batch's activities. */
  visits: Array<{ campaignId: string; unitId: string; enterpriseCode: string }>;
  unitIds: Set<string>;
  campaignIds: Set<string>;
}

export function touchedBy(events: readonly StoredEvent[]): StatisticsTouched {
  const t: StatisticsTouched = { issueIds: new Set(), visits: [], unitIds: new Set(), campaignIds: new Set() };
  for (const e of events) {
    if (e.type.startsWith('Issue') || e.type === 'FeedbackGiven') t.issueIds.add(issueIdOf(e));
    else if (e.type === 'ActivityHeld') {
      const d = (e as unknown as ActivityHeld).data;
      for (const code of d.enterpriseCodes) t.visits.push({ campaignId: d.campaignId, unitId: d.unitId, enterpriseCode: code });
    } else if (e.type.startsWith('Unit')) t.unitIds.add(String(e.data.unitId ?? streamEntityId(e.streamId)));
    else if (e.type.startsWith('Campaign')) t.campaignIds.add(String(e.data.campaignId ?? streamEntityId(e.streamId)));
  }
  return t;
}

export function issueIdOf(e: Pick<StoredEvent, 'type' | 'data' | 'streamId'>): string {
  return e.type === 'IssueCollected' ? String(e.data.issueId) : streamEntityId(e.streamId);
}

/** Rows as loaded for a batch (mutated in place by the batch: they are the batch's working set). */
export interface StatisticsState {
  issues: Map<string, IssueFact>;
  /** Visit keys already counted. */
  visits: Set<string>;
  units: Map<string, UnitRow>;
  campaigns: Map<string, CampaignRow>;
}

export interface StatisticsChanges {
  issues: Map<string, IssueFact>;
  closedVersions: ClosedVersion[];
  /** statsKey → counts to add. */
  deltas: Map<string, UnitStatsRow>;
  newVisits: Array<{ campaignId: string; unitId: string; enterpriseCode: string; occurredAt: Date }>;
  activities: ActivityRow[];
  units: Map<string, UnitRow>;
  campaigns: Map<string, CampaignRow>;
}

/** Called for an event the projection cannot take; the batch goes on without it unless it throws. */
export type OnEventError = (event: StoredEvent, error: unknown) => void;

/**
 * Applies a batch to the state and returns what changed. An event that cannot be applied
 * (IssueFactError and friends) goes to `onError` and leaves the state as it was; without
 * `onError` it throws (a rebuild fails fast).
 */
export function applyStatisticsBatch(state: StatisticsState, events: readonly StoredEvent[], onError?: OnEventError): StatisticsChanges {
  const ch: StatisticsChanges = {
    issues: new Map(),
    closedVersions: [],
    deltas: new Map(),
    newVisits: [],
    activities: [],
    units: new Map(),
    campaigns: new Map(),
  };
  const delta = (campaignId: string, unitId: string): UnitStatsRow => {
    const k = statsKey(campaignId, unitId);
    let d = ch.deltas.get(k);
    if (!d) ch.deltas.set(k, (d = { campaignId, unitId, ...zeroCounts() }));
    return d;
  };
  for (const e of events) {
    try {
      applyOne(state, ch, e, delta);
    } catch (error) {
      if (!onError) throw error;
      onError(e, error);
    }
  }
  return ch;
}

function applyOne(
  state: StatisticsState,
  ch: StatisticsChanges,
  e: StoredEvent,
  delta: (campaignId: string, unitId: string) => UnitStatsRow,
): void {
  switch (e.type) {
    case 'UnitRegistered': {
      const d = (e as unknown as UnitRegistered).data;
      const row: UnitRow = {
        unitId: d.unitId,
        name: d.name,
        level: d.level,
        parentUnitId: d.parentUnitId ?? null,
        region: d.region ?? null,
        retired: false,
      };
      state.units.set(row.unitId, row);
      ch.units.set(row.unitId, row);
      return;
    }
    case 'UnitRenamed':
    case 'UnitRetired': {
      const unitId = String(e.data.unitId ?? streamEntityId(e.streamId));
      const old = state.units.get(unitId);
      if (!old) throw new IssueFactError(`${e.type} for unit ${unitId} that was never registered`);
      const row = e.type === 'UnitRenamed' ? { ...old, name: String(e.data.name) } : { ...old, retired: true };
      state.units.set(unitId, row);
      ch.units.set(unitId, row);
      return;
    }
    case 'CampaignLaunched': {
      const d = (e as unknown as CampaignLaunched).data;
      const row: CampaignRow = { campaignId: d.campaignId, title: d.title, startsOn: d.startsOn, endsOn: d.endsOn, closed: false };
      state.campaigns.set(row.campaignId, row);
      ch.campaigns.set(row.campaignId, row);
      return;
    }
    case 'CampaignClosed': {
      const id = String(e.data.campaignId ?? streamEntityId(e.streamId));
      const old = state.campaigns.get(id);
      if (!old) throw new IssueFactError(`CampaignClosed for campaign ${id} that was never launched`);
      const row = { ...old, closed: true };
      state.campaigns.set(id, row);
      ch.campaigns.set(id, row);
      return;
    }
    case 'ActivityHeld': {
      const d = (e as unknown as ActivityHeld).data;
      if (!FORMS.includes(d.form)) throw new IssueFactError(`activity ${d.activityId} has an unknown form ${d.form}`);
      const codes = [...new Set(d.enterpriseCodes)];
      const row = delta(d.campaignId, d.unitId);
      row.activities += 1;
      row.activitiesByForm[d.form] += 1;
      for (const code of codes) {
        const k = visitKey(d.campaignId, d.unitId, code);
        if (state.visits.has(k)) continue;
        state.visits.add(k);
        row.enterprisesVisited += 1;
        ch.newVisits.push({ campaignId: d.campaignId, unitId: d.unitId, enterpriseCode: code, occurredAt: e.occurredAt });
      }
      ch.activities.push({
        activityId: d.activityId,
        campaignId: d.campaignId,
        unitId: d.unitId,
        form: d.form,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        enterpriseCodes: codes,
      });
      return;
    }
    default: {
      if (!(e.type.startsWith('Issue') || e.type === 'FeedbackGiven')) return; // not ours
      const id = issueIdOf(e);
      const old = state.issues.get(id) ?? null;
      const next = evolveIssueFact(old, e);
      state.issues.set(id, next);
      ch.issues.set(id, next);
      if (old && next.seq !== old.seq) {
        ch.closedVersions.push({
          issueId: id,
          seq: old.seq,
          campaignId: old.campaignId,
          unitId: old.unitId,
          snapshot: snapshotOf(old),
          occurredAt: old.since.occurredAt,
          recordedAt: old.since.recordedAt,
          nextOccurredAt: next.since.occurredAt,
          nextRecordedAt: next.since.recordedAt,
        });
      }
      if (!old || next.seq !== old.seq) {
        const before = countsOf(snapshotOf(old));
        const after = countsOf(snapshotOf(next));
        const row = delta(next.campaignId, next.unitId);
        for (const k of Object.keys(after) as (keyof IssueCounts)[]) row[k] += after[k] - before[k];
      }
    }
  }
}

/** Whole-history fold in memory (unit tests, and the reference a rebuild is compared with). */
export class StatisticsModel {
  readonly state: StatisticsState = { issues: new Map(), visits: new Set(), units: new Map(), campaigns: new Map() };
  readonly stats = new Map<string, UnitStatsRow>();
  readonly versions: ClosedVersion[] = [];
  readonly activities: ActivityRow[] = [];

  apply(events: readonly StoredEvent[], onError?: OnEventError): this {
    const ch = applyStatisticsBatch(this.state, events, onError);
    for (const [k, d] of ch.deltas)
      this.stats.set(k, addCounts(this.stats.get(k) ?? { campaignId: d.campaignId, unitId: d.unitId, ...zeroCounts() }, d));
    this.versions.push(...ch.closedVersions);
    this.activities.push(...ch.activities);
    return this;
  }

  row(campaignId: string, unitId: string): UnitStatsRow {
    return this.stats.get(statsKey(campaignId, unitId)) ?? { campaignId, unitId, ...zeroCounts() };
  }

  /** openOverdue of a unit on `day`: open issues collected by it with a due date before `day`. */
  openOverdue(campaignId: string, unitId: string, day: string): number {
    let n = 0;
    for (const f of this.state.issues.values()) {
      const s = snapshotOf(f);
      if (f.campaignId === campaignId && f.unitId === unitId && s.open && s.openDueOn !== null && s.openDueOn < day) n++;
    }
    return n;
  }
}
