/**
 * The alert rules' inputs, taken from the one issue fold and the directory — never from the events:
 * an issue's timeline is its snapshots (issue.fold.ts) cut at their business dates, a campaign's
 * figures over time are the report's counting rules (reports/counts.ts) applied to the same
 * snapshots and activities, so a unit alert's figures on a day are the report's as of that day.
 */
import { ACTIVITY_FORMS, businessDate, type ActivityForm } from '@banjie/domain';
import type { CampaignFigures, FigurePoint, IssueTimeline } from '@banjie/supervision';
import type { IssueIdentity, IssueSnapshot } from '../issues/issue.fold';
import { addCounts, countActivity, countIssue, zeroCounts, type UnitCounts } from '../reports/counts';

/** One snapshot of an issue with the business times it began and (if it did) ended: known now. */
export interface IssueSpan extends IssueIdentity, IssueSnapshot {
  seq: number;
  occurredAt: Date;
  nextOccurredAt: Date | null;
}

/** What the figures read of an activity. */
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
    })),
  };
}

type Delta = { unitId: string; counts: Partial<UnitCounts> };

/**
 * The campaign's figures per unit and in total at the end of every business date they changed:
 * each snapshot counts (the report's rules) from the day it began until the day the next began,
 * each activity from its day, each enterprise from the first day the unit reached it.
 */
export function campaignFigures(spans: readonly IssueSpan[], activities: readonly ActivityFact[]): CampaignFigures {
  const byDay = new Map<string, Delta[]>();
  const at = (day: string, delta: Delta) => {
    const list = byDay.get(day);
    if (list) list.push(delta);
    else byDay.set(day, [delta]);
  };
  const activityIssues = new Map<string, Map<string, number>>();
  const bumpActivity = (activityId: string | null, day: string, by: number) => {
    if (!activityId || by === 0) return;
    const days = activityIssues.get(activityId) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + by);
    activityIssues.set(activityId, days);
  };
  for (const s of spans) {
    const from = businessDate(s.occurredAt);
    const to = s.nextOccurredAt ? businessDate(s.nextOccurredAt) : null;
    if (to !== null && to <= from) continue; // never in force at the end of a day
    const counts = countIssue(s, ''); // open overdue is asked per day: not a figure of the alerts
    at(from, { unitId: s.collectingUnitId, counts });
    if (to !== null) at(to, { unitId: s.collectingUnitId, counts: negate(counts) });
    bumpActivity(s.activityId, from, counts.issuesCollected);
    if (to !== null) bumpActivity(s.activityId, to, -counts.issuesCollected);
  }
  const firstVisit = new Map<string, string>();
  const out: CampaignFigures = { units: new Map(), total: [], activities: new Map() };
  for (const a of activities) {
    const day = businessDate(a.occurredAt);
    at(day, { unitId: a.unitId, counts: countActivity(a) });
    for (const code of new Set(a.enterpriseCodes)) {
      const key = `${a.unitId}\u0000${code}`;
      const seen = firstVisit.get(key);
      if (!seen || day < seen) firstVisit.set(key, day);
    }
    out.activities.set(a.activityId, {
      activityId: a.activityId,
      unitId: a.unitId,
      form: a.form,
      heldOn: a.heldOn,
      enterprises: new Set(a.enterpriseCodes).size,
      issues: [],
    });
  }
  for (const [key, day] of firstVisit) at(day, { unitId: key.slice(0, key.indexOf('\u0000')), counts: { enterprisesVisited: 1 } });

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
  for (const [activityId, days] of activityIssues) {
    const figures = out.activities.get(activityId);
    if (!figures) continue; // an issue naming an activity of another campaign
    let count = 0;
    for (const day of [...days.keys()].sort()) {
      count += days.get(day)!;
      figures.issues.push({ on: day, count });
    }
  }
  return out;
}

function negate(c: Partial<UnitCounts>): Partial<UnitCounts> {
  const out: Partial<UnitCounts> = {};
  for (const [k, v] of Object.entries(c)) if (typeof v === 'number') (out as Record<string, number>)[k] = -v;
  if (c.activitiesByForm)
    out.activitiesByForm = Object.fromEntries(ACTIVITY_FORMS.map((f) => [f, -c.activitiesByForm![f]])) as Record<ActivityForm, number>;
  return out;
}

function point(on: string, c: UnitCounts): FigurePoint {
  return { on, figures: { ...c, activitiesByForm: { ...c.activitiesByForm } } as FigurePoint['figures'] };
}
