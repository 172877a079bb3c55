import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, CoreModule, exitGracefully, loadConfig } from '@banjie/platform';
import { WorkerModule } from './worker.module';

/** The worker alone (BANJIE_ROLE=worker): projector and deadline watcher, no HTTP. */
async function main() {
  const config = loadConfig({ ...process.env, BANJIE_ROLE: 'worker' });
  @Module({ imports: [CoreModule.forRoot({ config }), WorkerModule] })
  class WorkerProcess {}
  const app = await NestFactory.createApplicationContext(WorkerProcess);
  exitGracefully(app);
  new Logger('banjie').log('worker started');
}

main().catch((error) => {
  if (error instanceof ConfigError || error?.name === 'DataDirLockedError') console.error(`banjie: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
