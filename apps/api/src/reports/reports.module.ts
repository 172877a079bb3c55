import { Module } from '@nestjs/common';
import { AccessModule } from '@banjie/access';
import { ReadModelsModule } from '../read-models/read-models.module';
import { ProjectionsHttpController } from './projections.http-controller';
import { ReportHttpController } from './report.http-controller';

/** Read side of the projections over HTTP: the campaign report and the projector's status (reads on a replica when READ_DATABASE_URL is set). */
@Module({
  imports: [AccessModule, ReadModelsModule],
  controllers: [ReportHttpController, ProjectionsHttpController],
})
export class ReportsModule {}
