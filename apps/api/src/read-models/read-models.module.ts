import { Module } from '@nestjs/common';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { CLOCK, type Clock } from '@banjie/platform';
import { DirectoryReader, IssuesReader, Projector, ReadModelFreshness, ReportService } from '@banjie/projections';

/**
 * The API's readers of the read models (libs/projections): lists, the issue queue, the report, and
 * the wait for the read models to have applied what was committed before a request. The
 * projector itself runs where ProjectorModule is imported (the worker; the default all-in-one process).
 */
@Module({
  providers: [
    { provide: DirectoryReader, useFactory: (db: Database) => new DirectoryReader(db.pool), inject: [Database] },
    { provide: IssuesReader, useFactory: (db: Database) => new IssuesReader(db.pool), inject: [Database] },
    {
      provide: ReportService,
      useFactory: (db: Database, clock: Clock) => new ReportService(db.pool, () => clock.now()),
      inject: [Database, CLOCK],
    },
    {
      provide: ReadModelFreshness,
      useFactory: (db: Database, store: EventStore, projector?: Projector) => new ReadModelFreshness(db.pool, store, projector ?? null),
      inject: [Database, EVENT_STORE, { token: Projector, optional: true }],
    },
  ],
  exports: [DirectoryReader, IssuesReader, ReportService, ReadModelFreshness],
})
export class ReadModelsModule {}
