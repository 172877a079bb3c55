import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Database, type DatabaseOptions } from './database';
import { SqlEventStore } from './sql-event-store';
import { Supervisor } from './supervisor';
import { AdvisoryLockOwnership, OWNERSHIP, SoleOwnership, type Ownership } from './ownership';

export const EVENT_STORE = Symbol('EVENT_STORE');

export interface EventStoreModuleOptions extends DatabaseOptions {
  /** Apply pending migrations when the module starts (the app does; `cli migrate` does it alone). */
  migrateOnStart?: boolean;
  /** AUDIT_SIGNING_KEY: signs the audit checkpoints (absent → generated once, kept in the database). */
  auditSigningKey?: string;
}

class DatabaseLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: SqlEventStore,
    @Inject(OWNERSHIP) private readonly ownership: Ownership,
  ) {}
  async onApplicationShutdown() {
    await this.ownership.close();
    await this.store.close();
    await this.db.close();
    this.logger.log(`closed the ${this.db.kind} database`);
  }
}

/** Opens the one database (PostgreSQL or embedded PGlite) and the event store on its pool. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: Database,
          useFactory: async () => {
            const db = await Database.open(options);
            if (options.migrateOnStart) {
              const applied = await db.migrate();
              if (applied.length) new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
            }
            return db;
          },
        },
        {
          // The process's one supervisor of background loops (supervisor.ts): /health reads it.
          provide: Supervisor,
          useFactory: () => {
            const logger = new Logger('Supervisor');
            return new Supervisor({ log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) });
          },
        },
        {
          provide: EVENT_STORE,
          useFactory: (db: Database, supervisor: Supervisor) =>
            new SqlEventStore(db.kind, db.pool, db.listenConfig, {
              auditSigningKey: options.auditSigningKey,
              readPool: db.readPool,
              supervisor,
            }),
          inject: [Database, Supervisor],
        },
        {
          // Who runs each subscription among the processes on this database (ownership.ts).
          provide: OWNERSHIP,
          useFactory: (db: Database, supervisor: Supervisor): Ownership =>
            db.listenConfig ? new AdvisoryLockOwnership(db.listenConfig, supervisor) : new SoleOwnership(),
          inject: [Database, Supervisor],
        },
        DatabaseLifecycle,
      ],
      exports: [Database, EVENT_STORE, Supervisor, OWNERSHIP],
    };
  }
}
