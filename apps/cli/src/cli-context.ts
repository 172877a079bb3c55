import { Logger, Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Database, EVENT_STORE, SqlEventStore } from '@banjie/event-store';
import { loadConfig, type AppConfig } from '@banjie/platform';
import { ALL_MIGRATIONS, CoreModule } from '@banjie/core';

/**
 * What a CLI command gets: the configuration, and a way to run with the database or with the
 * whole application context (so writes go through the same command bus the API uses).
 */
export class CliContext {
  readonly config: AppConfig = loadConfig(process.env, 'cli');

  /** Opens the database without Nest (fast; for migrate, verify, export). */
  async withDatabase<T>(fn: (db: Database, store: SqlEventStore) => Promise<T>, migrate = true): Promise<T> {
    const db = await Database.open({
      databaseUrl: this.config.databaseUrl,
      dataDir: this.config.dataDir,
      migrations: ALL_MIGRATIONS,
    });
    try {
      if (migrate) await db.migrate();
      const store = new SqlEventStore(db.kind, db.pool, null, { auditSigningKey: this.config.auditSigningKey });
      return await fn(db, store);
    } finally {
      await db.close();
    }
  }

  /** Starts an application context with the given feature modules (no HTTP listener). */
  async withApp<T>(modules: Type<unknown>[], fn: (app: INestApplicationContext) => Promise<T>): Promise<T> {
    @Module({ imports: [CoreModule.forRoot({ config: this.config }), ...modules] })
    class CliProcess {}
    Logger.overrideLogger(['error', 'warn']);
    const app = await NestFactory.createApplicationContext(CliProcess, { logger: ['error', 'warn'] });
    try {
      return await fn(app);
    } finally {
      await app.close();
    }
  }

  store(app: INestApplicationContext): SqlEventStore {
    return app.get(EVENT_STORE);
  }
}
