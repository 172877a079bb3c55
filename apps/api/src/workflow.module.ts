import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HoldActivityHttpController } from './activities/hold-activity/hold-activity.http-controller';
import { AdjustCalendarDayHttpController } from './calendar/adjust-calendar-day/adjust-calendar-day.http-controller';
import { WorkingDaysHttpController } from './calendar/working-days/working-days.http-controller';
import { ChangeCampaignCategoriesHttpController } from './campaigns/change-campaign-categories/change-campaign-categories.http-controller';
import { CloseCampaignHttpController } from './campaigns/close-campaign/close-campaign.http-controller';
import { LaunchCampaignHttpController } from './campaigns/launch-campaign/launch-campaign.http-controller';
import { RegisterEnterpriseHttpController } from './enterprises/register-enterprise/register-enterprise.http-controller';
import { AcceptIssueHttpController } from './issues/accept-issue/accept-issue.http-controller';
import { CollectIssueHttpController } from './issues/collect-issue/collect-issue.http-controller';
import { ExtendDeadlineHttpController } from './issues/extend-deadline/extend-deadline.http-controller';
import { GiveFeedbackHttpController } from './issues/give-feedback/give-feedback.http-controller';
import { RecordProgressHttpController } from './issues/record-progress/record-progress.http-controller';
import { ReopenIssueHttpController } from './issues/reopen-issue/reopen-issue.http-controller';
import { ResolveIssueHttpController } from './issues/resolve-issue/resolve-issue.http-controller';
import { TransferIssueHttpController } from './issues/transfer-issue/transfer-issue.http-controller';
import { WithdrawIssueHttpController } from './issues/withdraw-issue/withdraw-issue.http-controller';
import { RequestExtensionHttpController } from './issues/request-extension/request-extension.http-controller';
import { DecideExtensionHttpController } from './issues/decide-extension/decide-extension.http-controller';
import { DecideWithdrawalHttpController } from './issues/decide-withdrawal/decide-withdrawal.http-controller';
import { ReviewResolutionHttpController } from './issues/review-resolution/review-resolution.http-controller';
import { AnswerSupervisionNoticeHttpController } from './supervision-notices/answer-supervision-notice/answer-supervision-notice.http-controller';
import { CloseSupervisionNoticeHttpController } from './supervision-notices/close-supervision-notice/close-supervision-notice.http-controller';
import { IssueSupervisionNoticeHttpController } from './supervision-notices/issue-supervision-notice/issue-supervision-notice.http-controller';
import { RegisterUnitHttpController } from './units/register-unit/register-unit.http-controller';
import { RenameUnitHttpController } from './units/rename-unit/rename-unit.http-controller';
import { RetireUnitHttpController } from './units/retire-unit/retire-unit.http-controller';
import { CommandsModule } from '@banjie/application';
import { AttachmentsModule } from './attachments/attachments.module';
import { QUERY_CONTROLLERS } from './directory/directory.http-controllers';
import { DeskQueryHttpController } from './desk/desk.http-controller';
import { CommandHttpInterceptor } from './http/command-http.interceptor';
import { IdempotencyStore } from './http/idempotency.store';
import { ReadModelsModule } from './read-models/read-models.module';

/**
 * The issue workflow over HTTP (DESIGN §7): a controller per command (dispatching through the
 * CommandBus to the handlers of CommandsModule), the GET routes, ETag / If-Match /
 * Idempotency-Key handling; the lists read the read models (ReadModelsModule).
 */
@Module({
  imports: [CommandsModule, ReadModelsModule, AttachmentsModule],
  controllers: [
    HoldActivityHttpController,
    AdjustCalendarDayHttpController,
    WorkingDaysHttpController,
    CloseCampaignHttpController,
    ChangeCampaignCategoriesHttpController,
    LaunchCampaignHttpController,
    RegisterEnterpriseHttpController,
    AcceptIssueHttpController,
    CollectIssueHttpController,
    ExtendDeadlineHttpController,
    GiveFeedbackHttpController,
    RecordProgressHttpController,
    ReopenIssueHttpController,
    ResolveIssueHttpController,
    TransferIssueHttpController,
    WithdrawIssueHttpController,
    RequestExtensionHttpController,
    DecideExtensionHttpController,
    DecideWithdrawalHttpController,
    ReviewResolutionHttpController,
    AnswerSupervisionNoticeHttpController,
    CloseSupervisionNoticeHttpController,
    IssueSupervisionNoticeHttpController,
    RegisterUnitHttpController,
    RenameUnitHttpController,
    RetireUnitHttpController,
    ...QUERY_CONTROLLERS,
    DeskQueryHttpController,
  ],
  providers: [IdempotencyStore, { provide: APP_INTERCEPTOR, useClass: CommandHttpInterceptor }],
})
export class WorkflowModule {}
