import { Module } from '@nestjs/common';
import { AccessModule } from '@banjie/access';
import { Database } from '@banjie/event-store';
import { CLOCK, type Clock } from '@banjie/platform';
import { IssueQueueReader, ReportService } from '@banjie/projections';
import { ProjectionsHttpController } from './projections.http-controller';
import { ReportHttpController } from './report.http-controller';

/** Read side of the projections over HTTP: the campaign report and the projector's status (reads on a replica when READ_DATABASE_URL is set). */
@Module({
  imports: [AccessModule],
  controllers: [ReportHttpController, ProjectionsHttpController],
  providers: [
    {
      provide: ReportService,
      useFactory: (db: Database, clock: Clock) => new ReportService(db.readPool, () => clock.now()),
      inject: [Database, CLOCK],
    },
    { provide: IssueQueueReader, useFactory: (db: Database) => new IssueQueueReader(db.readPool), inject: [Database] },
  ],
  exports: [ReportService, IssueQueueReader],
})
export class ReportsModule {}
