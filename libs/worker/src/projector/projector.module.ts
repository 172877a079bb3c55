import { Global, Inject, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Database, EVENT_STORE, Supervisor, type EventStore } from '@banjie/event-store';
import { CLOCK, type Clock } from '@banjie/platform';
import { PROJECTIONS, Projector } from '@banjie/projections';

/**
 * Runs every read model (libs/projections' PROJECTIONS, through the one runtime, the Projector) in
 * this process: started once the application has bootstrapped (migrations applied), stopped before
 * the database closes. Each projection catches up from its checkpoint, then follows the store
 * live; one whose code version changed rebuilds itself blue/green while its old tables keep serving.
 * Global: readers in the same process wait for it (ReadModelFreshness) and jobs follow it.
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

@Global()
@Module({
  providers: [
    {
      provide: Projector,
      useFactory: (store: EventStore, db: Database, clock: Clock, supervisor: Supervisor) => {
        const logger = new Logger('Projector');
        return new Projector(store, db.pool, PROJECTIONS, {
          batchSize: 500,
          rebuildBatchSize: 2000,
          clock: () => clock.now(),
          supervisor,
          logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
        });
      },
      inject: [EVENT_STORE, Database, CLOCK, Supervisor],
    },
    ProjectorLifecycle,
  ],
  exports: [Projector],
})
export class ProjectorModule {}
