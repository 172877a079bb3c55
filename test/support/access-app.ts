import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { AccessStore } from '@banjie/access';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { ManualClock, loadConfig, createHttpApp } from '@banjie/platform';
import { AppModule } from '../../apps/api/src/app.module';
import { freshAppDatabase, type Backend } from './databases';

export interface AccessApp {
  app: NestFastifyApplication;
  clock: ManualClock;
  db: Database;
  store: AccessStore;
  commandBus: CommandBus;
  location: { databaseUrl?: string; dataDir?: string };
  /** supertest with an optional bearer token. */
  get(url: string, token?: string): request.Test;
  post(url: string, body?: object, token?: string): request.Test;
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The real API as `npm start` builds it, in the default AUTH_MODE=token (no trusted headers), on
 * a fresh database of the backend, with a clock frozen in the 2023 campaign.
 */
export async function startAccessApp(backend: Backend, options: { now?: string; env?: Record<string, string> } = {}): Promise<AccessApp> {
  const { location, dispose } = await freshAppDatabase(backend, 'banjie-access-');
  // The access module reads its settings from the environment when the app is built.
  const saved = {
    AUTH_MODE: process.env.AUTH_MODE,
    LOG_LEVEL: process.env.LOG_LEVEL,
    ...Object.fromEntries(Object.keys(options.env ?? {}).map((k) => [k, process.env[k]])),
  };
  process.env.AUTH_MODE = 'token';
  process.env.LOG_LEVEL = process.env.E2E_LOG ? 'info' : 'silent';
  Object.assign(process.env, options.env ?? {});
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: location.databaseUrl ?? '',
    DATA_DIR: location.dataDir ?? './data',
    DEMO: '0',
    DB_POOL_SIZE: '10',
  });
  const clock = new ManualClock(new Date(options.now ?? '2023-06-21T10:00:00+08:00'));
  let app: NestFastifyApplication;
  try {
    app = await createHttpApp(AppModule.forRoot({ config, clock, worker: false }));
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
  const db = app.get(Database);
  const server = () => app.getHttpServer();
  const auth = (t: request.Test, token?: string) => (token ? t.set('authorization', `Bearer ${token}`) : t);
  return {
    app,
    clock,
    db,
    location,
    store: app.get(AccessStore),
    commandBus: app.get(CommandBus),
    get: (url, token) => auth(request(server()).get(url), token),
    post: (url, body, token) => {
      const t = auth(request(server()).post(url), token);
      return body === undefined ? t : t.send(body);
    },
    async eventCount() {
      return app.get<EventStore>(EVENT_STORE).countEvents();
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
}
