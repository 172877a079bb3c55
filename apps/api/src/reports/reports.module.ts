import { Module } from '@nestjs/common';
import { AccessModule } from '@banjie/access';
import { Database } from '@banjie/event-store';
import { CLOCK, type Clock } from '@banjie/platform';
import { IssueQueueReader, ReportService } from '@banjie/projections';
import { ProjectionsHttpController } from './projections.http-controller';
import { ReportHttpController } from './report.http-controller';

/** Read side of the projections over HTTP: the campaign report and the projector's status. */
@Module({
  imports: [AccessModule],
  controllers: [ReportHttpController, ProjectionsHttpController],
  providers: [
    {
      provide: ReportService,
      useFactory: (db: Database, clock: Clock) => new ReportService(db.pool, () => clock.now()),
      inject: [Database, CLOCK],
    },
    { provide: IssueQueueReader, useFactory: (db: Database) => new IssueQueueReader(db.pool), inject: [Database] },
  ],
  exports: [ReportService, IssueQueueReader],
})
export class ReportsModule {}
