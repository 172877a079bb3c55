import type { ActivityForm, UnitLevel } from '@banjie/domain';
import type { UnitStatsCounts } from '../unit-statistics/unit-statistics.evolve';

/** One row of the circular's table (DESIGN §7 ROW). Rates are fractions in [0, 1] or null (0 denominator). */
export interface ReportRow {
  unitId: string | null;
  unitName: string;
  level: UnitLevel | null;
  parentUnitId: string | null;
  enterprisesVisited: number;
  activities: number;
  activitiesByForm: Record<ActivityForm, number>;
  issuesCollected: number;
  issuesResolved: number;
  completionRate: number | null;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  satisfactionRate: number | null;
  onTimeResolved: number;
  onTimeRate: number | null;
  openOverdue: number;
}

/** A row's rate: a fraction of summed counts, null when nothing is counted in the denominator. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** DESIGN §7: `{ campaignId, asOf, knownAt, rows, groups, total }`. */
export interface CampaignReport {
  campaignId: string;
  /** The business date counted up to (end of day, Asia/Shanghai). */
  asOf: string;
  /** The system time the store's knowledge is cut at (ISO), or null for everything recorded. */
  knownAt: string | null;
  rows: ReportRow[];
  /** One row per level: `department` (厅本级) and `prefecture` (市州, with their county units). */
  groups: ReportRow[];
  total: ReportRow;
}

/**
 * Counts of one unit, summed before any rate is taken (never average rates): the statistics
 * row's counts (`resolvedWithDue`, the on-time denominator, is resolved issues that had a due
 * date) plus the issues overdue on the day asked.
 */
export interface UnitCounts extends UnitStatsCounts {
  openOverdue: number;
}
