import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, exitGracefully, PinoNestLogger, type AppConfig, OperationsModule, createHttpApp, drainHttp } from '@banjie/platform';
import { CoreModule } from '@banjie/core';
import { WorkerModule } from '@banjie/worker';

/**
 * The worker alone (BANJIE_ROLE=worker): projector and deadline watcher. It serves no API, only
 * /health/live, /health/ready and /metrics on WORKER_PORT (0: no HTTP at all), so an orchestrator
 * can probe it and Prometheus can read its counters (deadline-watcher runs).
 */
export async function startWorker(config: AppConfig, onLogger: (fatal: (error: unknown) => void) => void): Promise<void> {
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, service: 'worker' });
  onLogger((error) => logger.fatal({ err: error }, `could not start: ${(error as Error)?.message ?? error}`));
  const operations = config.workerPort > 0 ? [OperationsModule] : [];
  @Module({ imports: [CoreModule.forRoot({ config }), WorkerModule, ...operations] })
  class WorkerProcess {}
  if (config.workerPort > 0) {
    const app = await createHttpApp(WorkerProcess, { logger });
    exitGracefully(app, { timeoutMs: config.shutdownTimeoutMs, drain: () => drainHttp(app) });
    await app.listen({ port: config.workerPort, host: config.host });
    new Logger('banjie').log(`worker started; /health and /metrics on http://localhost:${config.workerPort}`);
  } else {
    const app = await NestFactory.createApplicationContext(WorkerProcess, { logger: new PinoNestLogger(logger) });
    exitGracefully(app, { timeoutMs: config.shutdownTimeoutMs });
    new Logger('banjie').log('worker started (no HTTP: WORKER_PORT=0)');
  }
}
