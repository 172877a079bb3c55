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
  close(): Promise<void>;
}

/**
 * The real API (AppModule, Fastify, the global pipes and filter) on a fresh database of the
 * backend, with a frozen clock, no worker, and the trusted actor headers (workflow tests test
 * the workflow, not access control).
 */
export async function startWorkflowApp(backend: Backend, now = '2023-06-21T10:00:00+08:00'): Promise<WorkflowApp> {
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
      return await createHttpApp(AppModule.forRoot({ config, clock, worker: false }));
    } finally {
      process.env.LOG_LEVEL = previous;
    }
  };
  const w: WorkflowApp = {
    app: await boot(),
    clock,
    get db() {
      return w.app.get(Database);
    },
    async restart() {
      await w.app.close();
      w.app = await boot();
    },
    async eventCount() {
      return w.app.get<EventStore>(EVENT_STORE).countEvents();
    },
    async close() {
      await w.app.close();
      await dispose();
    },
  };
  return w;
}
