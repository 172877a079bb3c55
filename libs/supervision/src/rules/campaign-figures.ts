/**
 * A campaign's figures over time, per unit and in total, from its events (pure): the counts the
 * unit alerts read, as they stood after each business date. Definitions follow DESIGN §2 and the
 * report: an issue counts for the unit that collected it; withdrawn issues leave every
 * denominator; the satisfaction rate uses the rating of the current resolution (a reopen clears
 * it); enterprises visited are distinct per unit across its activities.
 */
import type { IssueHistoryEvent } from './issue-alerts';

export interface FigureEvent extends IssueHistoryEvent {
  streamId: string;
}

export interface Figures {
  enterprisesVisited: number;
  activities: number;
  issuesCollected: number;
  issuesResolved: number;
  rated: number;
  /** Satisfied + basically satisfied. */
  content: number;
  /** Resolved on or before the due date in force (of those resolved with a due date). */
  onTimeResolved: number;
  resolvedWithDue: number;
}

export interface FigurePoint {
  /** The figures as they stood at the end of this business date. */
  on: string;
  figures: Figures;
}

export interface ActivityFigures {
  activityId: string;
  unitId: string;
  form: string;
  heldOn: string;
  enterprises: number;
  /** Issues collected at this activity (IssueCollected.activityId), over time. */
  issues: Array<{ on: string; count: number }>;
}

export interface CampaignFigures {
  units: Map<string, FigurePoint[]>;
  total: FigurePoint[];
  activities: Map<string, ActivityFigures>;
  /** Each issue's state after the last event. */
  issues: Map<string, IssueLite>;
}

const ZERO: Figures = {
  enterprisesVisited: 0,
  activities: 0,
  issuesCollected: 0,
  issuesResolved: 0,
  rated: 0,
  content: 0,
  onTimeResolved: 0,
  resolvedWithDue: 0,
};

export interface IssueLite {
  /** The collecting unit (the one the issue counts for). */
  unitId: string;
  activityId: string | null;
  status: 'pending' | 'in_progress' | 'resolved' | 'withdrawn';
  rating: string | null;
  dueOn: string | null;
  resolvedOn: string | null;
  /** The due date in force when it was resolved. */
  resolvedDueOn: string | null;
}

function contribution(i: IssueLite): Omit<Figures, 'enterprisesVisited' | 'activities'> {
  const counted = i.status !== 'withdrawn';
  const resolved = i.status === 'resolved';
  const rated = resolved && i.rating !== null;
  return {
    issuesCollected: counted ? 1 : 0,
    issuesResolved: resolved ? 1 : 0,
    rated: rated ? 1 : 0,
    content: rated && (i.rating === 'satisfied' || i.rating === 'basically_satisfied') ? 1 : 0,
    onTimeResolved: resolved && i.resolvedDueOn !== null && i.resolvedOn !== null && i.resolvedOn <= i.resolvedDueOn ? 1 : 0,
    resolvedWithDue: resolved && i.resolvedDueOn !== null ? 1 : 0,
  };
}

/** `events` in business-time order (ties in store order). */
export function campaignFigures(events: readonly FigureEvent[]): CampaignFigures {
  const issues = new Map<string, IssueLite>();
  const unitNow = new Map<string, Figures>();
  const visited = new Map<string, Set<string>>();
  const activities = new Map<string, ActivityFigures>();
  const units = new Map<string, FigurePoint[]>();
  const total: FigurePoint[] = [];
  let totalNow: Figures = { ...ZERO };

  const record = (series: FigurePoint[], on: string, figures: Figures) => {
    const last = series[series.length - 1];
    if (last && last.on === on) last.figures = figures;
    else series.push({ on, figures });
  };
  const change = (unitId: string, on: string, delta: Partial<Figures>) => {
    const now = { ...(unitNow.get(unitId) ?? ZERO) };
    const t = { ...totalNow };
    for (const [k, v] of Object.entries(delta) as Array<[keyof Figures, number]>) {
      now[k] += v;
      t[k] += v;
    }
    unitNow.set(unitId, now);
    totalNow = t;
    if (!units.has(unitId)) units.set(unitId, []);
    record(units.get(unitId)!, on, now);
    record(total, on, t);
  };
  const bumpActivityIssues = (activityId: string | null, on: string, delta: number) => {
    const a = activityId ? activities.get(activityId) : undefined;
    if (!a || delta === 0) return;
    const last = a.issues[a.issues.length - 1];
    const count = (last?.count ?? 0) + delta;
    if (last && last.on === on) last.count = count;
    else a.issues.push({ on, count });
  };

  for (const e of events) {
    if (e.type === 'ActivityHeld') {
      const d = e.data;
      const unitId = String(d.unitId);
      const seen = visited.get(unitId) ?? new Set<string>();
      const before = seen.size;
      for (const code of d.enterpriseCodes ?? []) seen.add(String(code));
      visited.set(unitId, seen);
      activities.set(String(d.activityId), {
        activityId: String(d.activityId),
        unitId,
        form: String(d.form),
        heldOn: String(d.heldOn ?? e.on),
        enterprises: new Set((d.enterpriseCodes ?? []).map(String)).size,
        issues: [],
      });
      change(unitId, e.on, { activities: 1, enterprisesVisited: seen.size - before });
      continue;
    }
    const issueId = e.streamId.startsWith('issue-') ? e.streamId.slice('issue-'.length) : null;
    if (!issueId) continue;
    const prev = issues.get(issueId);
    if (e.type === 'IssueCollected') {
      if (prev) continue;
      const lite: IssueLite = {
        unitId: String(e.data.unitId),
        activityId: e.data.activityId ?? null,
        status: 'pending',
        rating: null,
        dueOn: null,
        resolvedOn: null,
        resolvedDueOn: null,
      };
      issues.set(issueId, lite);
      change(lite.unitId, e.on, contribution(lite));
      bumpActivityIssues(lite.activityId, e.on, 1);
      continue;
    }
    if (!prev) continue;
    const next: IssueLite = { ...prev };
    switch (e.type) {
      case 'IssueAccepted':
        Object.assign(next, { status: 'in_progress', dueOn: e.data.dueOn ?? null });
        break;
      case 'IssueTransferred':
        Object.assign(next, { status: 'pending', dueOn: null });
        break;
      case 'IssueDeadlineExtended':
        next.dueOn = e.data.dueOn ?? null;
        break;
      case 'IssueResolved':
        Object.assign(next, { status: 'resolved', rating: null, resolvedOn: e.on, resolvedDueOn: prev.dueOn });
        break;
      case 'FeedbackGiven':
        next.rating = String(e.data.rating);
        break;
      case 'IssueReopened':
        Object.assign(next, { status: 'in_progress', rating: null, resolvedOn: null, resolvedDueOn: null });
        break;
      case 'IssueWithdrawn':
        next.status = 'withdrawn';
        break;
      default:
        continue;
    }
    issues.set(issueId, next);
    const a = contribution(prev);
    const b = contribution(next);
    const delta = Object.fromEntries(Object.keys(b).map((k) => [k, b[k as keyof typeof b] - a[k as keyof typeof a]])) as Partial<Figures>;
    if (Object.values(delta).some((v) => v !== 0)) change(prev.unitId, e.on, delta);
    bumpActivityIssues(prev.activityId, e.on, b.issuesCollected - a.issuesCollected);
  }
  return { units, total, activities, issues };
}

/** The figures of a series as they stood at the end of `on` (zeros before the first point). */
export function figuresOn(series: readonly FigurePoint[], on: string): Figures {
  let found: Figures = ZERO;
  for (const p of series) {
    if (p.on > on) break;
    found = p.figures;
  }
  return found;
}

export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
