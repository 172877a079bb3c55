import { Module } from '@nestjs/common';
import { AccessModule } from '@banjie/access';
import { ReadModelsModule } from '../read-models/read-models.module';
import { AuditHttpController } from './audit.http-controller';
import { AuditQueries } from './audit.queries';

/** The audit trail for the supervision office: GET /issues/:id/history and GET /audit. */
@Module({
  imports: [AccessModule, ReadModelsModule],
  controllers: [AuditHttpController],
  providers: [AuditQueries],
  exports: [AuditQueries],
})
export class AuditModule {}
