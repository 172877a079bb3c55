import 'reflect-metadata';
import { Command } from 'commander';
import { ConfigError } from '@banjie/platform';
import { CliContext } from './cli-context';
import { registerMigrate } from './commands/migrate.command';
import { registerVerify } from './commands/verify.command';
import { registerAudit } from './commands/audit.command';
import { registerProjections } from './commands/projections.command';
import { registerReport } from './commands/report.command';
import { registerDemo } from './commands/demo.command';
import { registerExportImport } from './commands/export-import.command';
import { registerTokens } from './commands/tokens.command';
import { registerUsers } from './commands/users.command';

/** `npm run cli -- <command>`: operations that need no HTTP (DESIGN §7). */
async function main(argv: string[]) {
  const ctx = new CliContext();
  const program = new Command('banjie').description('banjie (办结) command line').showHelpAfterError();
  registerMigrate(program, ctx);
  registerVerify(program, ctx);
  registerAudit(program, ctx);
  registerProjections(program, ctx);
  registerReport(program, ctx);
  registerDemo(program, ctx);
  registerExportImport(program, ctx);
  registerUsers(program, ctx);
  registerTokens(program, ctx);
  await program.parseAsync(argv);
}

main(process.argv).catch((error) => {
  if (error instanceof ConfigError || error?.name === 'DataDirLockedError' || error?.name === 'StandbyDatabaseError')
    console.error(`banjie: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
