import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

export function registerVerify(program: Command, ctx: CliContext) {
  program
    .command('verify')
    .description("re-compute every event's hash and report broken links of the per-stream chain")
    .option('--stream <id>', 'only this stream')
    .action(async (opts: { stream?: string }) => {
      const report = await ctx.withDatabase((_db, store) => store.verify(opts.stream));
      if (report.ok) {
        console.log(`OK: ${report.events} events in ${report.streams} streams, every hash chain intact`);
        return;
      }
      console.log(`BROKEN: ${report.broken.length} of ${report.streams} streams fail (${report.events} events checked)`);
      for (const b of report.broken)
        console.log(`  stream ${b.streamId} version ${b.streamVersion} (position ${b.position}): ${b.reason.replace(/_/g, ' ')}`);
      process.exitCode = 2;
    });
}
