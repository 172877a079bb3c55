import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { ManualClock, loadConfig, createHttpApp } from '@banjie/platform';
import { AppModule } from '../../apps/api/src/app.module';
import { freshAppDatabase, type Backend } from './databases';

export interface WorkflowApp {
  app: NestFastifyApplication;
  clock: ManualClock;
  db: Database;
  /** Close the app and start it again on the same database (a process restart). */
  restart(): Promise<void>;
  /** Rows in `events` (all streams). */
  eventCount(): Promise<number>;
  /** Where the database is (a CLI run on it needs the app stopped first on PGlite: stopApp). */
  location: { databaseUrl?: string; dataDir?: string };
  /** Stops the app, keeping the database (close() then only throws it away). */
  stopApp(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real API (AppModule, Fastify, the global pipes and filter) on a fresh database of the
 * backend, with a frozen clock, no worker (unless `modules` adds a part of it), and the trusted
 * actor headers (workflow tests test the workflow, not access control).
 */
export async function startWorkflowApp(
  backend: Backend,
  now = '2023-06-21T10:00:00+08:00',
  options: { modules?: unknown[] } = {},
): Promise<WorkflowApp> {
  const { location, dispose } = await freshAppDatabase(backend, 'banjie-e2e-');
  process.env.AUTH_MODE = 'trust-headers';
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: location.databaseUrl ?? '',
    DATA_DIR: location.dataDir ?? './data',
    DEMO: '0',
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '10',
    AUTH_MODE: 'trust-headers',
  });
  const clock = new ManualClock(new Date(now));
  const boot = async () => {
    const previous = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = process.env.E2E_LOG ? 'info' : 'silent';
    try {
      @Module({ imports: [AppModule.forRoot({ config, clock, worker: false }), ...((options.modules ?? []) as never[])] })
      class WorkflowProcess {}
      return await createHttpApp(WorkflowProcess);
    } finally {
      process.env.LOG_LEVEL = previous;
    }
  };
  let running = true;
  const w: WorkflowApp = {
    location,
    app: await boot(),
    clock,
    get db() {
      return w.app.get(Database);
    },
    async restart() {
      if (running) await w.app.close();
      w.app = await boot();
      running = true;
    },
    async eventCount() {
      return w.app.get<EventStore>(EVENT_STORE).countEvents();
    },
    async stopApp() {
      if (running) await w.app.close();
      running = false;
    },
    async close() {
      await w.stopApp();
      await dispose();
    },
  };
  return w;
}
