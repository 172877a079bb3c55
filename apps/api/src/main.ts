import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, exitGracefully, loadConfig } from '@banjie/platform';
import { AppModule } from './app.module';
import { createHttpApp } from './http-app';

async function main() {
  const config = loadConfig();
  const app = await createHttpApp(AppModule.forRoot({ config, worker: config.role !== 'api' }));
  exitGracefully(app);
  await app.listen({ port: config.port, host: config.host });
  new Logger('banjie').log(
    `listening on http://localhost:${config.port} (${config.databaseUrl ? 'postgres' : `pglite in ${config.dataDir}`}, role ${config.role})`,
  );
}

main().catch((error) => {
  // One clear line, no stack, for the errors a person can fix (configuration, a locked folder).
  if (error instanceof ConfigError || error?.name === 'DataDirLockedError') console.error(`banjie: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
