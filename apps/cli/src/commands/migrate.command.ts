import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

export function registerMigrate(program: Command, ctx: CliContext) {
  program
    .command('migrate')
    .description('apply pending schema migrations')
    .action(async () => {
      await ctx.withDatabase(async (db) => {
        const applied = await db.migrate();
        const { version } = await db.schemaVersion();
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'nothing to apply');
        console.log(`schema version ${version} (${db.kind})`);
      }, false);
    });
}
