import { Global, Inject, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Database, EVENT_STORE, OWNERSHIP, Supervisor, type EventStore, type Ownership } from '@banjie/event-store';
import { CLOCK, type Clock } from '@banjie/platform';
import { PROJECTIONS, Projector } from '@banjie/projections';

/**
 * Runs every read model (libs/projections' PROJECTIONS, through the one runtime, the Projector) in
 * this process: started once the application has bootstrapped (migrations applied), stopped before
 * the database closes. Each projection catches up from its checkpoint, then follows the store
 * live; one whose code version changed rebuilds itself blue/green while its old tables keep serving.
 * With several workers on one database each projection runs in the one process holding its
 * advisory lock (OWNERSHIP); the others stand by and take over within seconds.
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
      useFactory: (store: EventStore, db: Database, clock: Clock, supervisor: Supervisor, ownership: Ownership) => {
        const logger = new Logger('Projector');
        return new Projector(store, db.pool, PROJECTIONS, {
          batchSize: 500,
          rebuildBatchSize: 2000,
          clock: () => clock.now(),
          supervisor,
          ownership,
          logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
        });
      },
      inject: [EVENT_STORE, Database, CLOCK, Supervisor, OWNERSHIP],
    },
    ProjectorLifecycle,
  ],
  exports: [Projector],
})
export class ProjectorModule {}
