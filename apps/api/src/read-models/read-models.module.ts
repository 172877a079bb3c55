import { Module } from '@nestjs/common';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { CLOCK, noteReadModelsBehind, type Clock } from '@banjie/platform';
import { DirectoryReader, IssuesReader, Projector, ReadModelFreshness, ReportService } from '@banjie/projections';

/**
 * The API's readers of the read models (libs/projections): lists, the issue queue, the report, and
 * the wait for the read models to have applied what was committed before a request (answering the
 * pool to read them on: a read replica that has replayed it, else the primary). The
 * projector itself runs where ProjectorModule is imported (the worker; the default all-in-one process).
 */
@Module({
  providers: [
    { provide: DirectoryReader, useFactory: (db: Database) => new DirectoryReader(db.pool), inject: [Database] },
    { provide: IssuesReader, useFactory: (db: Database) => new IssuesReader(db.pool), inject: [Database] },
    {
      // bounded staleness: on a read replica when READ_DATABASE_URL is set (the report says its lag)
      provide: ReportService,
      useFactory: (db: Database, clock: Clock) => new ReportService(db.readPool, () => clock.now()),
      inject: [Database, CLOCK],
    },
    {
      // lists read their own writes: on a replica only once it has replayed what the primary has;
      // past the wait's bound they answer what they have, with `Read-Models-Behind: <names>`
      provide: ReadModelFreshness,
      useFactory: (db: Database, store: EventStore, projector?: Projector) =>
        new ReadModelFreshness(db.pool, store, projector ?? null, { freshPool: () => db.freshReadPool(), onBehind: noteReadModelsBehind }),
      inject: [Database, EVENT_STORE, { token: Projector, optional: true }],
    },
  ],
  exports: [DirectoryReader, IssuesReader, ReportService, ReadModelFreshness],
})
export class ReadModelsModule {}
