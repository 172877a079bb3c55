import 'reflect-metadata';
// Only the configuration schema is loaded before the check: a bad value must stop the process
// within a second, before Nest, TypeORM and PGlite are even required.
import { ConfigError, loadConfig } from '@banjie/platform/config';

let fatal: ((error: unknown) => void) | undefined;

async function main() {
  const config = loadConfig();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required only once the configuration passed its check
  const { startApi } = require('./start-api') as typeof import('./start-api');
  await startApi(config, (f) => (fatal = f));
}

main().catch((error) => {
  // One clear line, no stack, for the errors a person can fix (configuration, a locked folder).
  if (error instanceof ConfigError || error?.name === 'DataDirLockedError' || error?.name === 'StandbyDatabaseError')
    console.error(`banjie: ${error.message}`);
  else if (fatal) fatal(error);
  else console.error(error);
  process.exit(1);
});
