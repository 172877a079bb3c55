import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

/** The deletion-evident audit by hand (docs/event-store.md): record a checkpoint now; print the anchors for an off-site copy. */
export function registerAudit(program: Command, ctx: CliContext) {
  const audit = program.command('audit').description('signed checkpoints of the stream heads (the deletion-evident audit)');
  audit
    .command('checkpoint')
    .description('record a signed checkpoint of every stream head changed since the last one (the worker does this every minute)')
    .action(async () => {
      const result = await ctx.withDatabase((_db, store) => store.recordCheckpoint());
      if (!result) console.log('nothing new to anchor: every stream head is covered by the last checkpoint');
      else
        console.log(
          `checkpoint #${result.sequences[result.sequences.length - 1]}: ${result.streams} stream head(s) anchored, hash ${result.hash}`,
        );
    });
  audit
    .command('anchors')
    .description(
      'print every checkpoint anchor as NDJSON ({ sequence, hash, heads, recordedAt }): keep a copy off-site, check it with verify --anchors',
    )
    .action(async () => {
      await ctx.withDatabase(async (db) => {
        const { rows } = await db.pool.query(`SELECT sequence, hash, heads, recorded_at FROM event_anchors ORDER BY sequence`);
        for (const r of rows)
          console.log(
            JSON.stringify({ sequence: r.sequence, hash: r.hash, heads: r.heads, recordedAt: new Date(r.recorded_at).toISOString() }),
          );
      });
    });
}
