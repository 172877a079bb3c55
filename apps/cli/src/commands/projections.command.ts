import type { Command } from 'commander';
import { ManualClock, SystemClock } from '@banjie/platform';
import { listProjections, PROJECTIONS, Projector, tuneHeapForRebuild, type RebuildProgress } from '@banjie/projections';
import type { CliContext } from '../cli-context';

/** `projections list` and `projections rebuild [NAME|--all]` (blue/green; see docs/projections.md). */
export function registerProjections(program: Command, ctx: CliContext) {
  const projections = program.command('projections').description('the read models: status and rebuilds');

  projections
    .command('list')
    .description('name, version, generation, status, checkpoint, lag and parked events of every projection')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await ctx.withDatabase((db, store) => listProjections(db.pool, store, PROJECTIONS));
      if (opts.json) return console.log(JSON.stringify(list, null, 2));
      const rows = list.map((p) => [
        p.name,
        p.version === null
          ? `- (code ${p.codeVersion})`
          : p.version === p.codeVersion
            ? String(p.version)
            : `${p.version} → ${p.codeVersion}`,
        p.generation === null ? '-' : String(p.generation),
        p.status,
        p.checkpoint ? String(p.checkpoint.position) : '0',
        String(p.lag),
        String(p.parked),
        p.rebuild ? `g${p.rebuild.generation} ${p.rebuild.done}/${p.rebuild.total}` : '',
        p.lastError ?? '',
      ]);
      printTable(['name', 'version', 'gen', 'status', 'checkpoint', 'lag', 'parked', 'rebuilding', 'last error'], rows);
    });

  projections
    .command('rebuild [name]')
    .description('rebuild a projection (or --all) beside the live one, then switch to it atomically')
    .option('--all', 'every projection')
    .option('--force', 'take over a rebuild another process seems to be running')
    .action(async (name: string | undefined, opts: { all?: boolean; force?: boolean }) => {
      const names = opts.all ? PROJECTIONS.map((p) => p.name) : name ? [name] : [];
      if (names.length === 0) {
        console.error(`name a projection (${PROJECTIONS.map((p) => p.name).join(', ')}) or use --all`);
        process.exitCode = 2;
        return;
      }
      tuneHeapForRebuild(); // this process's job is the rebuild: a tighter heap (runtime/rebuild.ts)
      await ctx.withDatabase(async (db, store) => {
        // The alerts are evaluated for "today" before their switch: the configured clock's (CLOCK_START replays 2023).
        const clock = ctx.config.clockStart ? new ManualClock(new Date(ctx.config.clockStart), true) : new SystemClock();
        const projector = new Projector(store, db.pool, PROJECTIONS, { pollMs: 200, rebuildBatchSize: 2000, clock: () => clock.now() });
        // One pass over the history for all of them (Projector.rebuildAll); a bar on a terminal for one, lines for several.
        const bars = new Map(names.map((n) => [n, progressPrinter(process.stdout.isTTY === true && names.length === 1)]));
        const results = await projector.rebuildAll(names, {
          force: opts.force,
          onProgress: (p) => bars.get(p.name)?.update(p),
          progressEveryMs: process.stdout.isTTY && names.length === 1 ? 200 : 5000,
        });
        for (const result of results) {
          bars.get(result.name)?.done();
          console.log(
            `${result.name}: generation ${result.generation} active (was ${result.previousGeneration ?? '-'}), ${result.events} events in ${result.seconds.toFixed(1)} s` +
              ` (${Math.round(result.events / Math.max(result.seconds, 0.001))} events/s)`,
          );
        }
      });
    });
}

/** A progress bar on a terminal; a line every few seconds otherwise (logs, CI). */
export function progressPrinter(tty: boolean) {
  let shown = false;
  return {
    update(p: RebuildProgress) {
      const pct = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
      const rate = `${Math.round(p.eventsPerSecond).toLocaleString('en')} events/s`;
      const eta = p.etaSeconds === null ? 'ETA -' : `ETA ${formatSeconds(p.etaSeconds)}`;
      if (tty) {
        const width = 30;
        const filled = Math.round(pct * width);
        process.stdout.write(
          `\r${p.name} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(pct * 100).toFixed(1).padStart(5)}% ` +
            `${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} ${rate} ${eta}   `,
        );
        shown = true;
      } else {
        console.log(`${p.name}: ${p.done}/${p.total} events (${(pct * 100).toFixed(1)}%), ${rate}, ${eta}`);
      }
    },
    done() {
      if (tty && shown) process.stdout.write('\n');
    },
  };
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.ceil(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function printTable(head: string[], rows: string[][]) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}
