import { Module } from '@nestjs/common';
import { AccessModule } from '@banjie/access';
import { ReadModelsModule } from '../read-models/read-models.module';
import { SupervisionHttpController } from './supervision.http-controller';
import { SupervisionQueries } from './supervision.queries';

/** GET /alerts and GET /campaigns/:id/rankings (the notice list is the directory's). */
@Module({ imports: [AccessModule, ReadModelsModule], controllers: [SupervisionHttpController], providers: [SupervisionQueries] })
export class SupervisionApiModule {}
