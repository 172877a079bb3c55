import { Module } from '@nestjs/common';
import { HoldActivityHandler } from './activities/hold-activity/hold-activity.handler';
import { AdjustCalendarDayHandler } from './calendar/adjust-calendar-day/adjust-calendar-day.handler';
import { ChangeCampaignCategoriesHandler } from './campaigns/change-campaign-categories/change-campaign-categories.handler';
import { CloseCampaignHandler } from './campaigns/close-campaign/close-campaign.handler';
import { LaunchCampaignHandler } from './campaigns/launch-campaign/launch-campaign.handler';
import { RegisterEnterpriseHandler } from './enterprises/register-enterprise/register-enterprise.handler';
import { AcceptIssueHandler } from './issues/accept-issue/accept-issue.handler';
import { CollectIssueHandler } from './issues/collect-issue/collect-issue.handler';
import { ExtendDeadlineHandler } from './issues/extend-deadline/extend-deadline.handler';
import { GiveFeedbackHandler } from './issues/give-feedback/give-feedback.handler';
import { RecordOverdueHandler } from './issues/record-overdue/record-overdue.handler';
import { RecordProgressHandler } from './issues/record-progress/record-progress.handler';
import { ReopenIssueHandler } from './issues/reopen-issue/reopen-issue.handler';
import { ResolveIssueHandler } from './issues/resolve-issue/resolve-issue.handler';
import { TransferIssueHandler } from './issues/transfer-issue/transfer-issue.handler';
import { WithdrawIssueHandler } from './issues/withdraw-issue/withdraw-issue.handler';
import { RequestExtensionHandler } from './issues/request-extension/request-extension.handler';
import { DecideExtensionHandler } from './issues/decide-extension/decide-extension.handler';
import { DecideWithdrawalHandler } from './issues/decide-withdrawal/decide-withdrawal.handler';
import { ReviewResolutionHandler } from './issues/review-resolution/review-resolution.handler';
import { AnswerSupervisionNoticeHandler } from './supervision-notices/answer-supervision-notice/answer-supervision-notice.handler';
import { CloseSupervisionNoticeHandler } from './supervision-notices/close-supervision-notice/close-supervision-notice.handler';
import { IssueSupervisionNoticeHandler } from './supervision-notices/issue-supervision-notice/issue-supervision-notice.handler';
import { RegisterUnitHandler } from './units/register-unit/register-unit.handler';
import { RenameUnitHandler } from './units/rename-unit/rename-unit.handler';
import { RetireUnitHandler } from './units/retire-unit/retire-unit.handler';
import { AggregateRepository } from './aggregate-repository';
import { References } from './references';
import { WorkingCalendarProvider } from './working-calendar.provider';

export const COMMAND_HANDLERS = [
  HoldActivityHandler,
  AdjustCalendarDayHandler,
  ChangeCampaignCategoriesHandler,
  CloseCampaignHandler,
  LaunchCampaignHandler,
  RegisterEnterpriseHandler,
  AcceptIssueHandler,
  CollectIssueHandler,
  ExtendDeadlineHandler,
  GiveFeedbackHandler,
  RecordOverdueHandler,
  RecordProgressHandler,
  ReopenIssueHandler,
  ResolveIssueHandler,
  TransferIssueHandler,
  WithdrawIssueHandler,
  RequestExtensionHandler,
  DecideExtensionHandler,
  DecideWithdrawalHandler,
  ReviewResolutionHandler,
  AnswerSupervisionNoticeHandler,
  CloseSupervisionNoticeHandler,
  IssueSupervisionNoticeHandler,
  RegisterUnitHandler,
  RenameUnitHandler,
  RetireUnitHandler,
];

/**
 * Every command handler, and nothing HTTP: the API, the CLI and the demo import this module and
 * dispatch the same command classes through the CommandBus (CqrsModule.forRoot() is in CoreModule).
 */
@Module({
  providers: [AggregateRepository, References, WorkingCalendarProvider, ...COMMAND_HANDLERS],
  exports: [AggregateRepository, References, WorkingCalendarProvider],
})
export class CommandsModule {}
