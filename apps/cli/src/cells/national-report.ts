/**
 * The national roll-up of province cells (docs/deploy.md, "Cells"): each province runs its own
 * banjie with its own PostgreSQL cluster, hash chains and as-of reports; a national office reads
 * each cell's campaign report for the same campaign id, as of the same business date (and as known
 * at the same time), and sums the counts — per level and in total — before taking any rate, exactly
 * as one database holding every province would. Rows stay per unit, cell by cell.
 */
import { describeTarget } from '@banjie/event-store';
import {
  countsOfRow,
  rowOf,
  sumCategoryRows,
  sumCounts,
  GROUP_NAMES,
  TOTAL_NAME,
  type CampaignReport,
  type ReportRow,
} from '@banjie/projections';

export interface Cell {
  /** A short name for the cell (`hubei=postgres://…`), else the database name of its URL. */
  name: string;
  url: string;
}

export interface CellReport {
  cell: Cell;
  report: CampaignReport;
  /** How fresh the cell's read models were when read (its worker keeps them current). */
  headPosition?: number;
  projectorLag?: number;
}

export interface NationalReport extends CampaignReport {
  rows: (ReportRow & { cell: string })[];
  cells: { name: string; target: string; units: number; headPosition: number | null; projectorLag: number | null; total: ReportRow }[];
}

/** `--cells hubei=postgres://…,hunan=postgres://…` or plain URLs (named by their database). */
export function parseCells(value: string): Cell[] {
  const cells = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const eq = entry.indexOf('=');
      const named = eq > 0 && !entry.slice(0, eq).includes('://');
      const url = named ? entry.slice(eq + 1).trim() : entry;
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new Error(`--cells entry ${i + 1} is not a URL (name=postgres://user@host:port/database)`);
      }
      if (!['postgres:', 'postgresql:'].includes(parsed.protocol))
        throw new Error(`--cells entry ${i + 1}: protocol ${parsed.protocol} is not postgres:`);
      const name = named ? entry.slice(0, eq).trim() : decodeURIComponent(parsed.pathname.replace(/^\//, '')) || parsed.hostname;
      return { name, url };
    });
  if (cells.length === 0) throw new Error('--cells needs at least one cell URL');
  const names = cells.map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`--cells: two cells are named "${dup}" (name them: name=url)`);
  return cells;
}

/** The cells' reports (same campaign, asOf and knownAt) summed into one: counts first, then rates. */
export function nationalRollUp(parts: readonly CellReport[]): NationalReport {
  if (parts.length === 0) throw new Error('no cells to roll up');
  const [first] = parts;
  for (const p of parts) {
    if (p.report.campaignId !== first.report.campaignId || p.report.asOf !== first.report.asOf || p.report.knownAt !== first.report.knownAt)
      throw new Error(`cell ${p.cell.name} reported ${p.report.campaignId} as of ${p.report.asOf}, not as the others`);
  }
  const groups = (['department', 'prefecture'] as const).map((level) =>
    rowOf(
      { unitId: null, unitName: GROUP_NAMES[level], level, parentUnitId: null },
      sumCounts(parts.map((p) => countsOfRow(p.report.groups.find((g) => g.level === level)!))),
    ),
  );
  const total = rowOf(
    { unitId: null, unitName: TOTAL_NAME, level: null, parentUnitId: null },
    sumCounts(parts.map((p) => countsOfRow(p.report.total))),
  );
  return {
    campaignId: first.report.campaignId,
    asOf: first.report.asOf,
    knownAt: first.report.knownAt,
    rows: parts.flatMap((p) => p.report.rows.map((r) => withCell(r, p.cell.name))),
    groups,
    total,
    // cells of one campaign id share its catalogue; a category summed like any count
    categories: sumCategoryRows(parts.map((p) => p.report.categories ?? [])),
    cells: parts.map((p) => ({
      name: p.cell.name,
      target: describeTarget(p.cell.url),
      units: p.report.rows.length,
      headPosition: p.headPosition ?? null,
      projectorLag: p.projectorLag ?? null,
      total: p.report.total,
    })),
  };
}

/** Unit ids that appear in more than one cell (they should be unique nationally, e.g. prefixed by province). */
export function sharedUnitIds(parts: readonly CellReport[]): string[] {
  const seen = new Map<string, string>();
  const shared = new Set<string>();
  for (const p of parts)
    for (const r of p.report.rows) {
      if (!r.unitId) continue;
      const other = seen.get(r.unitId);
      if (other !== undefined && other !== p.cell.name) shared.add(r.unitId);
      seen.set(r.unitId, p.cell.name);
    }
  return [...shared];
}

/** A row with its cell's name, keeping the hidden on-time denominator the roll-up sums. */
function withCell(row: ReportRow, cell: string): ReportRow & { cell: string } {
  return Object.assign(rowOf(row, countsOfRow(row)), { cell });
}
