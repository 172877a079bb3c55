import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from '@banjie/event-store';
import {
  APP_CONFIG,
  appConfigModule,
  CLOCK,
  DemoGate,
  loadConfig,
  ManualClock,
  ObservabilityModule,
  SystemClock,
  type AppConfig,
  type Clock,
} from '@banjie/platform';
import { ALL_MIGRATIONS } from './migrations';

export interface CoreOptions {
  config?: AppConfig;
  clock?: Clock;
  /** The first start's demo load (start-api holds one); default: an open gate (no demo load). */
  demoGate?: DemoGate;
}

/**
 * What every banjie process shares: configuration (@nestjs/config's ConfigService and
 * APP_CONFIG), the clock, the database, the buses, metrics, the health registry and the first
 * start's demo gate.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: CoreOptions = {}): DynamicModule {
    const config = options.config ?? loadConfig();
    const clock = options.clock ?? (config.clockStart ? new ManualClock(new Date(config.clockStart), true) : new SystemClock());
    return {
      module: CoreModule,
      imports: [
        appConfigModule(config),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          poolSize: config.dbPoolSize,
          directUrl: config.directDatabaseUrl,
          readUrls: config.readDatabaseUrls,
          readReplicas: {
            maxLagSeconds: config.readMaxLagSeconds,
            checkIntervalMs: config.readCheckIntervalMs,
            poolSize: config.dbPoolSize,
          },
          migrations: ALL_MIGRATIONS,
          migrateOnStart: true,
          auditSigningKey: config.auditSigningKey,
        }),
        ObservabilityModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: DemoGate, useValue: options.demoGate ?? new DemoGate(false) },
      ],
      exports: [APP_CONFIG, CLOCK, DemoGate, CqrsModule],
    };
  }
}
