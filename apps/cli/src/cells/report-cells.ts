import { Database, SqlEventStore } from '@banjie/event-store';
import { readStoreGauges, type AppConfig } from '@banjie/platform';
import { ReportRequestError, ReportService } from '@banjie/projections';
import { nationalRollUp, parseCells, sharedUnitIds, type Cell, type CellReport, type NationalReport } from './national-report';

/**
 * `report --cells a=url,b=url`: each province cell's report for the campaign, as of one business
 * date and known-at time (fixed here, not per cell), summed into the national one (counts, then
 * rates). Cells are opened read-only — a cell may be a province's read replica — and their read
 * models are taken as their own workers keep them (each cell's head and lag are in the output).
 * Problems a person can fix are printed as one line (exit code 2) and give null.
 */
export async function nationalReportOfCells(
  config: AppConfig,
  list: string,
  query: { campaign: string; asOf?: string; knownAt?: string },
): Promise<NationalReport | null> {
  let cells: Cell[];
  try {
    cells = parseCells(list);
  } catch (error) {
    console.error(`banjie: ${(error as Error).message}`);
    process.exitCode = 2;
    return null;
  }
  const now = config.clockStart ? new Date(config.clockStart) : new Date();
  const parts: CellReport[] = [];
  for (const cell of cells) {
    const db = await Database.open({ databaseUrl: cell.url, readOnly: true, poolSize: 2 });
    try {
      const report = await new ReportService(db.pool, () => now).report(query.campaign, { asOf: query.asOf, knownAt: query.knownAt });
      const gauges = await readStoreGauges(db.pool, new SqlEventStore(db.kind, db.pool)).catch(() => null);
      parts.push({
        cell,
        report,
        headPosition: gauges?.headPosition,
        projectorLag: gauges ? Math.max(0, ...gauges.projections.map((p) => p.lagEvents)) : undefined,
      });
    } catch (error) {
      if (!(error instanceof ReportRequestError)) throw error;
      console.error(`banjie: cell ${cell.name}: ${error.message}`);
      process.exitCode = 2;
      return null;
    } finally {
      await db.close();
    }
  }
  const shared = sharedUnitIds(parts);
  if (shared.length)
    console.error(`banjie: warning: unit ids in more than one cell (give units nationally unique ids): ${shared.slice(0, 10).join(', ')}`);
  const national = nationalRollUp(parts);
  for (const c of national.cells)
    if (c.projectorLag) console.error(`banjie: cell ${c.name}: read models ${c.projectorLag} events behind its head`);
  return national;
}
