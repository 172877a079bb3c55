/**
 * A campaign's figures over time, per unit and in total — what the unit alerts read: the counts as
 * they stood at the end of each business date on which they changed. They are counted by the read
 * side from the issue fold's snapshots and the activities, with the report's own counting rules
 * (libs/projections: alerts/campaign-figures.ts), so an alert's figures are the report's figures.
 */
import type { RateCounts } from '@banjie/domain';

/** One unit's (or the campaign's) counts: the rates' counts plus the activities'. */
export interface Figures extends RateCounts {
  enterprisesVisited: number;
  activities: number;
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
  /** Issues collected at this activity (IssueCollected.activityId, withdrawn ones leave), over time. */
  issues: Array<{ on: string; count: number }>;
}

export interface CampaignFigures {
  units: Map<string, FigurePoint[]>;
  total: FigurePoint[];
  activities: Map<string, ActivityFigures>;
}

const ZERO: Figures = {
  enterprisesVisited: 0,
  activities: 0,
  issuesCollected: 0,
  issuesResolved: 0,
  rated: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  onTimeResolved: 0,
  resolvedWithDue: 0,
};

/** The figures of a series as they stood at the end of `on` (zeros before the first point). */
export function figuresOn(series: readonly FigurePoint[], on: string): Figures {
  let found: Figures = ZERO;
  for (const p of series) {
    if (p.on > on) break;
    found = p.figures;
  }
  return found;
}
