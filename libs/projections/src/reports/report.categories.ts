/**
 * The report's by-category breakdown: the issue counts of the same snapshots in force as the unit
 * rows (report.queries.ts `categoryCounts`, the same counting rules), per catalogue entry of the
 * campaign. An issue counts under its recorded category when the catalogue has it, under the entry
 * a legacy word means (工程款 → 工程款结算), else under its recorded words as a row outside the
 * catalogue (`inCatalogue: false`) — so the rows always sum to the report's total (docs/categories.md).
 */
import { catalogueEntryOf, completionRate } from '@banjie/domain';
import { addCounts, zeroCounts, type IssueCounts, type UnitCounts } from './counts';
import type { CategoryRow } from './report.types';

/** One collecting unit's counts of one recorded category. */
export interface UnitCategoryCounts {
  unitId: string;
  category: string;
  counts: IssueCounts;
}

export interface CategoryInput {
  /** The campaign's catalogue in force, in its order. */
  catalogue: readonly string[];
  counts: readonly UnitCategoryCounts[];
}

const collator = new Intl.Collator('zh-Hans-CN');

export function categoryRowOf(
  category: string,
  inCatalogue: boolean,
  c: Pick<IssueCounts, 'issuesCollected' | 'issuesResolved' | 'openOverdue'>,
): CategoryRow {
  return {
    category,
    inCatalogue,
    issuesCollected: c.issuesCollected,
    issuesResolved: c.issuesResolved,
    completionRate: completionRate(c),
    openOverdue: c.openOverdue,
  };
}

/**
 * The rows of the units counted (`units`: the report's visible units): one per catalogue entry in
 * its order (zero rows too), then the categories outside it that have an issue, most issues first.
 */
export function categoryBreakdown(input: CategoryInput, units: ReadonlySet<string>): CategoryRow[] {
  const inside = new Map<string, UnitCounts>(input.catalogue.map((c) => [c, zeroCounts()]));
  const outside = new Map<string, UnitCounts>();
  for (const { unitId, category, counts } of input.counts) {
    if (!units.has(unitId)) continue;
    const entry = catalogueEntryOf(category, input.catalogue);
    const into = entry.inCatalogue ? inside : outside;
    if (!into.has(entry.category)) into.set(entry.category, zeroCounts());
    addCounts(into.get(entry.category)!, counts);
  }
  const extra = [...outside.entries()]
    .filter(([, c]) => c.issuesCollected > 0 || c.issuesResolved > 0 || c.openOverdue > 0)
    .sort(([a, x], [b, y]) => y.issuesCollected - x.issuesCollected || collator.compare(a, b));
  return [...[...inside.entries()].map(([c, n]) => categoryRowOf(c, true, n)), ...extra.map(([c, n]) => categoryRowOf(c, false, n))];
}

/** Several reports' breakdowns (cells of a national roll-up) as one: counts summed by category, then divided. */
export function sumCategoryRows(lists: readonly (readonly CategoryRow[])[]): CategoryRow[] {
  const out = new Map<string, { inCatalogue: boolean; issuesCollected: number; issuesResolved: number; openOverdue: number }>();
  for (const list of lists)
    for (const r of list) {
      const s = out.get(r.category) ?? { inCatalogue: r.inCatalogue, issuesCollected: 0, issuesResolved: 0, openOverdue: 0 };
      s.inCatalogue = s.inCatalogue || r.inCatalogue;
      s.issuesCollected += r.issuesCollected;
      s.issuesResolved += r.issuesResolved;
      s.openOverdue += r.openOverdue;
      out.set(r.category, s);
    }
  // catalogue entries first (a stable sort keeps each one's order)
  return [...out.entries()]
    .map(([category, s]) => categoryRowOf(category, s.inCatalogue, s))
    .sort((a, b) => Number(b.inCatalogue) - Number(a.inCatalogue));
}
