import { Module } from '@nestjs/common';
import { AuditHttpController } from './audit.http-controller';
import { AuditQueries } from './audit.queries';

/** The audit trail for the supervision office: GET /issues/:id/history and GET /audit. */
@Module({ controllers: [AuditHttpController], providers: [AuditQueries], exports: [AuditQueries] })
export class AuditModule {}
