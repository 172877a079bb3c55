import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { runDemo } from '@banjie/demo';

/** `demo`: the circular's 2023 campaign, written through the command bus (docs/demo.md). */
export function registerDemo(program: Command, ctx: CliContext) {
  program
    .command('demo')
    .description('load the circular\u2019s 2023 "服务企业月" campaign through the command layer (idempotent; resumes a partial load)')
    .option('--batch <n>', 'steps dispatched at once', (v) => Number.parseInt(v, 10), 16)
    .action(async (opts: { batch: number }) => {
      let shown = 0;
      const result = await runDemo(ctx.config, {
        batchSize: opts.batch,
        onProgress: (done, total) => {
          const pct = Math.floor((done / total) * 10) * 10;
          if (pct > shown && process.stdout.isTTY) {
            shown = pct;
            process.stdout.write(`\r${pct}% (${done}/${total})`);
          }
        },
      });
      if (process.stdout.isTTY && result.written > 0) process.stdout.write('\n');
      if (result.outcome === 'present') console.log(`demo campaign ${result.campaignId} is already loaded; nothing to do`);
      else
        console.log(`demo campaign ${result.campaignId}: ${result.outcome}, ${result.written} steps in ${(result.ms / 1000).toFixed(1)} s`);
    });
}
