import 'reflect-metadata';
// Only the configuration schema is loaded before the check (see apps/api/src/main.ts).
import { ConfigError, loadConfig } from '@banjie/platform/config';

let fatal: ((error: unknown) => void) | undefined;

async function main() {
  const config = loadConfig({ ...process.env, BANJIE_ROLE: 'worker' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required only once the configuration passed its check
  const { startWorker } = require('./start-worker') as typeof import('./start-worker');
  await startWorker(config, (f) => (fatal = f));
}

main().catch((error) => {
  if (error instanceof ConfigError || error?.name === 'DataDirLockedError' || error?.name === 'StandbyDatabaseError')
    console.error(`banjie: ${error.message}`);
  else if (fatal) fatal(error);
  else console.error(error);
  process.exit(1);
});
