import { Module } from '@nestjs/common';
import { AccessModule } from '@banjie/access';
import { AuditModule } from './audit/audit.module';
import { SupervisionApiModule } from './supervision/supervision-api.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { FeedbackLinkModule } from './feedback-link/feedback-link.module';
import { OperationsModule } from '@banjie/platform';
import { ReportsModule } from './reports/reports.module';
import { WorkflowModule } from './workflow.module';

/** The HTTP API: commands in, queries out. */
@Module({
  imports: [
    AccessModule,
    FeedbackLinkModule,
    WorkflowModule,
    AuditModule,
    SupervisionApiModule,
    DashboardModule,
    OperationsModule,
    ReportsModule,
  ],
})
export class ApiModule {}
