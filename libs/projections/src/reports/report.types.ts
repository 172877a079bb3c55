import type { ActivityForm, UnitLevel } from '@banjie/domain';

export { rate } from '@banjie/domain';
export type { UnitCounts } from './counts';

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

/**
 * One row of the by-category breakdown: the issues of one category of the campaign's catalogue
 * (or, `inCatalogue: false`, recorded outside it) — counted like the unit rows, as of the same date.
 */
export interface CategoryRow {
  category: string;
  inCatalogue: boolean;
  issuesCollected: number;
  issuesResolved: number;
  completionRate: number | null;
  openOverdue: number;
}

/** DESIGN §7: `{ campaignId, asOf, knownAt, rows, groups, total }`, and the by-category breakdown (issue #19). */
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
  /** Per category of the campaign's catalogue, in its order, then categories outside it: they sum to `total`. */
  categories: CategoryRow[];
}
