import { Inject, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { PROJECTIONS, Projector } from '@banjie/projections';

/**
 * Runs the projections (libs/projections) in this process: started once the application has
 * bootstrapped (migrations applied), stopped before the database closes. Each projection catches
 * up from its checkpoint, then follows the store live; one whose code version changed rebuilds
 * itself blue/green while its old tables keep serving.
 */
class ProjectorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  constructor(@Inject(Projector) private readonly projector: Projector) {}

  async onApplicationBootstrap() {
    await this.projector.start();
    this.logger.log(`started ${this.projector.definitions.map((d) => `${d.name} v${d.version}`).join(', ')}`);
  }

  async beforeApplicationShutdown() {
    await this.projector.stop();
  }
}

@Module({
  providers: [
    {
      provide: Projector,
      useFactory: (store: EventStore, db: Database) => {
        const logger = new Logger('Projector');
        return new Projector(store, db.pool, PROJECTIONS, {
          batchSize: 500,
          rebuildBatchSize: 2000,
          logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
        });
      },
      inject: [EVENT_STORE, Database],
    },
    ProjectorLifecycle,
  ],
  exports: [Projector],
})
export class ProjectorModule {}
