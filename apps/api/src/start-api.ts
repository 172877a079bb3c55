import { Logger } from '@nestjs/common';
import { createLogger, createHttpApp, DemoGate, drainHttp, exitGracefully, mayLoadDemo, type AppConfig } from '@banjie/platform';
import { AppModule } from './app.module';
import { loadDemoOnFirstStart } from '@banjie/demo';

/** Starts the API (and, unless BANJIE_ROLE=api, the worker) with a checked configuration. */
export async function startApi(config: AppConfig, onLogger: (fatal: (error: unknown) => void) => void): Promise<void> {
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, service: config.role === 'api' ? 'api' : 'banjie' });
  onLogger((error) => logger.fatal({ err: error }, `could not start: ${(error as Error)?.message ?? error}`));
  // Held until the first start's demo load is over: the deadline watcher and the alert evaluator
  // wait for it (docs/demo.md), however slowly the machine loads.
  const demoGate = new DemoGate(mayLoadDemo(config));
  const app = await createHttpApp(
    AppModule.forRoot({ config, worker: config.role !== 'api', readModels: config.role !== 'api', demoGate }),
    { logger, edge: config.edge },
  );
  exitGracefully(app, { timeoutMs: config.shutdownTimeoutMs, drain: () => drainHttp(app) });
  await app.listen({ port: config.port, host: config.host });
  new Logger('banjie').log(
    `listening on http://localhost:${config.port} (${config.databaseUrl ? 'postgres' : `pglite in ${config.dataDir}`}, role ${config.role})`,
  );
  // First start on an empty embedded store: load the circular's campaign through the command bus
  // (docs/demo.md; DEMO=0 turns it off). In the background, so /health answers at once and shows
  // the progress (`demo: { loaded, total }`); the dashboard shows a progress line meanwhile. It
  // resumes where an interrupted load stopped, and opens the gate when it is over.
  const demoLog = new Logger('demo');
  loadDemoOnFirstStart(app, config, (m) => demoLog.log(m)).catch((error) => demoLog.error(`demo load stopped: ${error?.message ?? error}`));
}
