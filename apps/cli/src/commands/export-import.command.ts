import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { exportNdjson, importNdjson } from '@banjie/event-store';
import type { CliContext } from '../cli-context';

export function registerExportImport(program: Command, ctx: CliContext) {
  program
    .command('export')
    .description('write the whole event log as NDJSON (one envelope per line, position order)')
    .requiredOption('--out <file>', 'the NDJSON file to write')
    .action(async (opts: { out: string }) => {
      const out = createWriteStream(opts.out);
      const count = await ctx.withDatabase((db) => exportNdjson(db.pool, out));
      out.end();
      await once(out, 'finish');
      console.log(`exported ${count} events to ${opts.out}`);
    });

  program
    .command('import')
    .description('load an NDJSON export into an empty store, checking every hash on the way')
    .argument('<file>', 'the NDJSON file to read')
    .action(async (file: string) => {
      const started = Date.now();
      const count = await ctx.withDatabase((db) =>
        importNdjson(db.pool, createReadStream(file), {
          // PostgreSQL: one COPY fed as the lines are checked; PGlite: batched INSERTs as before.
          copy: db.kind === 'postgres',
          onProgress: (n) => process.stderr.isTTY && process.stderr.write(`\rimported ${n} events`),
        }),
      );
      if (process.stderr.isTTY) process.stderr.write('\n');
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `imported ${count} events in ${seconds.toFixed(1)} s (${Math.round(count / Math.max(seconds, 0.001))} events/s); projections catch up on the next start`,
      );
    });
}
