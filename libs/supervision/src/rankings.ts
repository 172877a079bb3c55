/**
 * Units ranked as of a business date (DESIGN §7 GET /campaigns/:id/rankings): by completion
 * rate, satisfaction rate and on-time rate (higher first) and by open overdue issues (fewer
 * first). Ties are broken by volume — more issues collected first (a unit that resolved 37 of 37
 * outranks one that resolved 1 of 1) — then by unit id, so the order is total and stable.
 * Units with no denominator (rate null) rank last in that list.
 */
import { completionRate, onTimeRate, satisfactionRate, type RateCounts } from '@banjie/domain';

export interface RankedUnit {
  rank: number;
  unitId: string;
  unitName: string | null;
  level: string | null;
  issuesCollected: number;
  issuesResolved: number;
  completionRate: number | null;
  rated: number;
  satisfactionRate: number | null;
  resolvedWithDue: number;
  onTimeResolved: number;
  onTimeRate: number | null;
  openOverdue: number;
  enterprisesVisited: number;
}

export interface Rankings {
  asOf: string;
  completionRate: RankedUnit[];
  satisfactionRate: RankedUnit[];
  onTimeRate: RankedUnit[];
  openOverdue: RankedUnit[];
}

export type UnitNames = ReadonlyMap<string, { name: string; level: string }>;

/** What a unit is ranked by: the report's counts of it (as of the date asked). */
export interface RankingCounts extends RateCounts {
  openOverdue: number;
  enterprisesVisited: number;
}

/**
 * `counts`: every unit's counts of the campaign as of `asOf` — the report's own (ReportService.counts),
 * so a unit's figures in the rankings are its figures in the report.
 */
export function rankUnits(counts: ReadonlyMap<string, RankingCounts>, asOf: string, units: UnitNames = new Map()): Rankings {
  const rows = [...counts.entries()].map(([unitId, f]): Omit<RankedUnit, 'rank'> => ({
    unitId,
    unitName: units.get(unitId)?.name ?? null,
    level: units.get(unitId)?.level ?? null,
    issuesCollected: f.issuesCollected,
    issuesResolved: f.issuesResolved,
    completionRate: completionRate(f),
    rated: f.rated,
    satisfactionRate: satisfactionRate(f),
    resolvedWithDue: f.resolvedWithDue,
    onTimeResolved: f.onTimeResolved,
    onTimeRate: onTimeRate(f),
    openOverdue: f.openOverdue,
    enterprisesVisited: f.enterprisesVisited,
  }));
  const byRate = (key: 'completionRate' | 'satisfactionRate' | 'onTimeRate', volume: 'issuesCollected' | 'rated' | 'resolvedWithDue') =>
    rank(rows, (a, b) => nullsLast(a[key], b[key]) || b[volume] - a[volume] || b.issuesCollected - a.issuesCollected, key);
  return {
    asOf,
    completionRate: byRate('completionRate', 'issuesCollected'),
    satisfactionRate: byRate('satisfactionRate', 'rated'),
    onTimeRate: byRate('onTimeRate', 'resolvedWithDue'),
    openOverdue: rank(rows, (a, b) => a.openOverdue - b.openOverdue || b.issuesCollected - a.issuesCollected, 'openOverdue'),
  };
}

/** Higher first; null last. */
function nullsLast(a: number | null, b: number | null): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/** Sorted, with competition ranks (1, 2, 2, 4) for rows equal on the key and the volume. */
function rank(
  rows: Omit<RankedUnit, 'rank'>[],
  compare: (a: Omit<RankedUnit, 'rank'>, b: Omit<RankedUnit, 'rank'>) => number,
  _key: string,
): RankedUnit[] {
  const sorted = [...rows].sort((a, b) => compare(a, b) || a.unitId.localeCompare(b.unitId));
  const out: RankedUnit[] = [];
  sorted.forEach((row, i) => {
    const prev = out[i - 1];
    const tied = prev && compare(sorted[i - 1], row) === 0;
    out.push({ ...row, rank: tied ? prev.rank : i + 1 });
  });
  return out;
}
