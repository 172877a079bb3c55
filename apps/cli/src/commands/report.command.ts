import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PROJECTIONS, Projector, reportCsv, ReportRequestError, ReportService, reportXlsx, type CampaignReport } from '@banjie/projections';
import { nationalReportOfCells } from '../cells/report-cells';
import type { CliContext } from '../cli-context';

/** `report --campaign ID --as-of DATE [--known-at TIME] --format json|csv|xlsx --out FILE [--cells a=url,b=url]`. */
export function registerReport(program: Command, ctx: CliContext) {
  program
    .command('report')
    .description("the campaign's statistics table (the circular's), live or as of a business date and as known at a time")
    .requiredOption('--campaign <id>', 'campaign id')
    .option('--as-of <date>', 'business date YYYY-MM-DD (end of that day, Asia/Shanghai); default: today, live')
    .option('--known-at <time>', 'ISO date-time: only what the store had recorded by then')
    .option('--format <format>', 'json, csv or xlsx', 'json')
    .option('--out <file>', 'write here (stdout for json/csv when absent)')
    .option('--no-catch-up', 'do not bring the projections up to date first')
    .option(
      '--cells <urls>',
      'national roll-up: province cells as name=postgres://…,… (their primaries or read replicas; read only, nothing migrated or caught up)',
    )
    .action(async (opts: ReportOptions) => {
      if (!['json', 'csv', 'xlsx'].includes(opts.format)) {
        console.error(`--format must be json, csv or xlsx, not ${opts.format}`);
        process.exitCode = 2;
        return;
      }
      if (opts.format === 'xlsx' && !opts.out) {
        console.error('--format xlsx needs --out FILE');
        process.exitCode = 2;
        return;
      }
      if (opts.cells) {
        const national = await nationalReportOfCells(ctx.config, opts.cells, opts);
        if (national) await writeReport(national, opts);
        return;
      }
      await ctx.withDatabase(async (db, store) => {
        if (opts.catchUp) {
          // The read models may be behind (no worker running, e.g. embedded PGlite): catch up first.
          // Safe beside a running worker: a checkpoint moves only from where its batch began.
          const projector = new Projector(store, db.pool, PROJECTIONS, { pollMs: 200 });
          await projector.start();
          try {
            await projector.caughtUp();
          } finally {
            await projector.stop();
          }
        }
        const now = ctx.config.clockStart ? new Date(ctx.config.clockStart) : new Date();
        try {
          const report = await new ReportService(db.pool, () => now).report(opts.campaign, { asOf: opts.asOf, knownAt: opts.knownAt });
          await writeReport(report, opts);
        } catch (error) {
          if (!(error instanceof ReportRequestError)) throw error;
          console.error(`banjie: ${error.message}`);
          process.exitCode = 2;
        }
      });
    });
}

interface ReportOptions {
  campaign: string;
  asOf?: string;
  knownAt?: string;
  format: string;
  out?: string;
  catchUp: boolean;
  cells?: string;
}

async function writeReport(report: CampaignReport, opts: ReportOptions): Promise<void> {
  const body =
    opts.format === 'json'
      ? Buffer.from(JSON.stringify(report, null, 2) + '\n')
      : opts.format === 'csv'
        ? reportCsv(report)
        : await reportXlsx(report);
  if (opts.out) {
    writeFileSync(opts.out, body);
    console.error(
      `wrote ${opts.out} (${report.rows.length} units, as of ${report.asOf}${report.knownAt ? `, known at ${report.knownAt}` : ''})`,
    );
  } else process.stdout.write(body);
}
