/**
 * The alert rules' inputs, taken from the one issue fold and the directory — never from the events:
 * an issue's timeline is its snapshots (issue.fold.ts) cut at their business dates, a campaign's
 * figures over time are the report's counting rules (reports/counts.ts) applied to the same
 * snapshots and activities, so a unit alert's figures on a day are the report's as of that day.
 */
import { businessDate, type ActivityForm } from '@banjie/domain';
import type { CampaignFigures, FigurePoint, IssueTimeline } from '@banjie/supervision';
import type { IssueIdentity, IssueSnapshot } from '../issues/issue.fold';
import {
  addCounts,
  countActivity,
  countIssue,
  zeroCounts,
  type ActivityCounts,
  type IssueCounts,
  type UnitCounts,
} from '../reports/counts';

/** One snapshot of an issue with the business times it began and (if it did) ended: known now. */
export interface IssueSpan extends IssueIdentity, IssueSnapshot {
  seq: number;
  occurredAt: Date;
  nextOccurredAt: Date | null;
  /** How it ended (null: the current snapshot). */
  endedBy: string | null;
  endedRecordedOn: string | null;
  overdueRecorded: boolean;
}

/** What the figures read of an activity (the specs' path). */
export interface ActivityFact {
  activityId: string;
  unitId: string;
  form: ActivityForm;
  heldOn: string;
  occurredAt: Date;
  enterpriseCodes: readonly string[];
}

/** An issue's life as the ladder and the stall read it: one segment per snapshot, between business dates. */
export function issueTimeline(spans: readonly IssueSpan[]): IssueTimeline | null {
  const ordered = [...spans].sort((a, b) => a.seq - b.seq);
  if (ordered.length === 0) return null;
  return {
    issueId: ordered[0].issueId,
    campaignId: ordered[0].campaignId,
    segments: ordered.map((s) => ({
      from: businessDate(s.occurredAt),
      to: s.nextOccurredAt ? businessDate(s.nextOccurredAt) : null,
      status: s.state,
      unitId: s.responsibleUnitId,
      dueOn: s.dueOn,
      dueSince: s.dueSince,
      progressSince: s.progressSince,
      endedBy: s.endedBy && s.endedRecordedOn ? { type: s.endedBy, recordedOn: s.endedRecordedOn } : null,
      overdueRecorded: s.overdueRecorded,
    })),
  };
}

type Delta = { unitId: string; counts: Partial<UnitCounts> };

/**
 * What a campaign's figures are made of, already counted: the issue counts (the report's rules)
 * of the snapshots of each unit in force from one business date until another, the activity counts
 * and first visits of each unit per day, and the issues collected at each symposium over time.
 * The evaluator has them counted by SQL generated from the rules (alerts.evaluator.ts: bounded
 * memory whatever the campaign's size); the specs by the same rules in TypeScript (`figureInputsOf`).
 */
export interface FigureInputs {
  /** The unit's snapshots in force from `from` until `to` (exclusive; null: still), counted. */
  issues: ReadonlyArray<{ unitId: string; from: string; to: string | null; counts: IssueCounts }>;
  /** Activities of a unit held on a day, counted (enterprises aside). */
  activities: ReadonlyArray<{ unitId: string; on: string; counts: Omit<ActivityCounts, 'enterprisesVisited'> }>;
  /** Enterprises a unit reached for the first time on a day. */
  firstVisits: ReadonlyArray<{ unitId: string; on: string; enterprises: number }>;
  /** The symposiums (the one per-activity rule), with the issues collected at them in force from/until. */
  symposiums: ReadonlyArray<{ activityId: string; unitId: string; heldOn: string; enterprises: number }>;
  symposiumIssues: ReadonlyArray<{ activityId: string; from: string; to: string | null; count: number }>;
}

/** The figure inputs counted in memory, by the rules' TypeScript: the specs' path (and the reference for the SQL one). */
export function figureInputsOf(spans: readonly IssueSpan[], activities: readonly ActivityFact[]): FigureInputs {
  const inForce = spans
    .map((s) => ({ s, from: businessDate(s.occurredAt), to: s.nextOccurredAt ? businessDate(s.nextOccurredAt) : null }))
    .filter(({ from, to }) => to === null || to > from);
  const symposiums = activities.filter((a) => a.form === 'symposium');
  const firstVisit = new Map<string, { unitId: string; on: string }>();
  for (const a of activities)
    for (const code of new Set(a.enterpriseCodes)) {
      const key = `${a.unitId}\u0000${code}`;
      const on = businessDate(a.occurredAt);
      const seen = firstVisit.get(key);
      if (!seen || on < seen.on) firstVisit.set(key, { unitId: a.unitId, on });
    }
  return {
    issues: inForce.map(({ s, from, to }) => ({ unitId: s.collectingUnitId, from, to, counts: countIssue(s, '') })),
    activities: activities.map((a) => ({ unitId: a.unitId, on: businessDate(a.occurredAt), counts: countActivity(a) })),
    firstVisits: [...firstVisit.values()].map((v) => ({ ...v, enterprises: 1 })),
    symposiums: symposiums.map((a) => ({
      activityId: a.activityId,
      unitId: a.unitId,
      heldOn: a.heldOn,
      enterprises: new Set(a.enterpriseCodes).size,
    })),
    symposiumIssues: inForce
      .filter(({ s }) => s.activityId !== null && symposiums.some((a) => a.activityId === s.activityId))
      .map(({ s, from, to }) => ({ activityId: s.activityId!, from, to, count: countIssue(s, '').issuesCollected })),
  };
}

/**
 * The campaign's figures per unit and in total at the end of every business date they changed:
 * each snapshot counts from the day it began until the day the next began, each activity from its
 * day, each enterprise from the first day the unit reached it — so the figures on a day are the
 * report's as of that day.
 */
export function campaignFigures(input: FigureInputs): CampaignFigures {
  const byDay = new Map<string, Delta[]>();
  const at = (day: string, delta: Delta) => {
    const list = byDay.get(day);
    if (list) list.push(delta);
    else byDay.set(day, [delta]);
  };
  for (const g of input.issues) {
    at(g.from, { unitId: g.unitId, counts: g.counts });
    if (g.to !== null) at(g.to, { unitId: g.unitId, counts: negate(g.counts) });
  }
  for (const a of input.activities) at(a.on, { unitId: a.unitId, counts: a.counts });
  for (const v of input.firstVisits) at(v.on, { unitId: v.unitId, counts: { enterprisesVisited: v.enterprises } });

  const out: CampaignFigures = { units: new Map(), total: [], activities: new Map() };
  const now = new Map<string, UnitCounts>();
  const total = zeroCounts();
  for (const day of [...byDay.keys()].sort()) {
    const touched = new Set<string>();
    for (const d of byDay.get(day)!) {
      const c = now.get(d.unitId) ?? zeroCounts();
      addCounts(c, d.counts);
      now.set(d.unitId, c);
      addCounts(total, d.counts);
      touched.add(d.unitId);
    }
    for (const unitId of touched) {
      const series = out.units.get(unitId) ?? [];
      series.push(point(day, now.get(unitId)!));
      out.units.set(unitId, series);
    }
    out.total.push(point(day, total));
  }

  const changes = new Map<string, Map<string, number>>();
  const bump = (activityId: string, day: string, by: number) => {
    const days = changes.get(activityId) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + by);
    changes.set(activityId, days);
  };
  for (const g of input.symposiumIssues) {
    bump(g.activityId, g.from, g.count);
    if (g.to !== null) bump(g.activityId, g.to, -g.count);
  }
  for (const a of input.symposiums) {
    const issues: Array<{ on: string; count: number }> = [];
    let count = 0;
    const days = changes.get(a.activityId) ?? new Map<string, number>();
    for (const day of [...days.keys()].sort()) {
      count += days.get(day)!;
      issues.push({ on: day, count });
    }
    out.activities.set(a.activityId, { ...a, form: 'symposium', issues });
  }
  return out;
}

function negate(c: IssueCounts): Partial<UnitCounts> {
  const out: Partial<UnitCounts> = {};
  for (const [k, v] of Object.entries(c)) (out as Record<string, number>)[k] = -v;
  return out;
}

function point(on: string, c: UnitCounts): FigurePoint {
  return { on, figures: { ...c, activitiesByForm: { ...c.activitiesByForm } } as FigurePoint['figures'] };
}
