import type { CommandMeta } from './command-meta';
import { HoldActivityCommand } from './activities/hold-activity/hold-activity.command';
import { AdjustCalendarDayCommand } from './calendar/adjust-calendar-day/adjust-calendar-day.command';
import { ChangeCampaignCategoriesCommand } from './campaigns/change-campaign-categories/change-campaign-categories.command';
import { CloseCampaignCommand } from './campaigns/close-campaign/close-campaign.command';
import { LaunchCampaignCommand } from './campaigns/launch-campaign/launch-campaign.command';
import { RegisterEnterpriseCommand } from './enterprises/register-enterprise/register-enterprise.command';
import { AcceptIssueCommand } from './issues/accept-issue/accept-issue.command';
import { CollectIssueCommand } from './issues/collect-issue/collect-issue.command';
import { ExtendDeadlineCommand } from './issues/extend-deadline/extend-deadline.command';
import { GiveFeedbackCommand } from './issues/give-feedback/give-feedback.command';
import { RecordOverdueCommand } from './issues/record-overdue/record-overdue.command';
import { RecordProgressCommand } from './issues/record-progress/record-progress.command';
import { ReopenIssueCommand } from './issues/reopen-issue/reopen-issue.command';
import { ResolveIssueCommand } from './issues/resolve-issue/resolve-issue.command';
import { TransferIssueCommand } from './issues/transfer-issue/transfer-issue.command';
import { WithdrawIssueCommand } from './issues/withdraw-issue/withdraw-issue.command';
import { RequestExtensionCommand } from './issues/request-extension/request-extension.command';
import { DecideExtensionCommand } from './issues/decide-extension/decide-extension.command';
import { DecideWithdrawalCommand } from './issues/decide-withdrawal/decide-withdrawal.command';
import { ReviewResolutionCommand } from './issues/review-resolution/review-resolution.command';
import { AnswerSupervisionNoticeCommand } from './supervision-notices/answer-supervision-notice/answer-supervision-notice.command';
import { CloseSupervisionNoticeCommand } from './supervision-notices/close-supervision-notice/close-supervision-notice.command';
import { IssueSupervisionNoticeCommand } from './supervision-notices/issue-supervision-notice/issue-supervision-notice.command';
import { RegisterUnitCommand } from './units/register-unit/register-unit.command';
import { RenameUnitCommand } from './units/rename-unit/rename-unit.command';
import { RetireUnitCommand } from './units/retire-unit/retire-unit.command';

/** Domain command type name → bus command class, for callers that hold `{ type, data }` (the demo, imports). */
export const COMMAND_CLASSES = {
  HoldActivity: HoldActivityCommand,
  AdjustCalendarDay: AdjustCalendarDayCommand,
  ChangeCampaignCategories: ChangeCampaignCategoriesCommand,
  CloseCampaign: CloseCampaignCommand,
  LaunchCampaign: LaunchCampaignCommand,
  RegisterEnterprise: RegisterEnterpriseCommand,
  AcceptIssue: AcceptIssueCommand,
  CollectIssue: CollectIssueCommand,
  ExtendDeadline: ExtendDeadlineCommand,
  GiveFeedback: GiveFeedbackCommand,
  RecordOverdue: RecordOverdueCommand,
  RecordProgress: RecordProgressCommand,
  ReopenIssue: ReopenIssueCommand,
  ResolveIssue: ResolveIssueCommand,
  TransferIssue: TransferIssueCommand,
  WithdrawIssue: WithdrawIssueCommand,
  RequestExtension: RequestExtensionCommand,
  DecideExtension: DecideExtensionCommand,
  DecideWithdrawal: DecideWithdrawalCommand,
  ReviewResolution: ReviewResolutionCommand,
  AnswerSupervisionNotice: AnswerSupervisionNoticeCommand,
  CloseSupervisionNotice: CloseSupervisionNoticeCommand,
  IssueSupervisionNotice: IssueSupervisionNoticeCommand,
  RegisterUnit: RegisterUnitCommand,
  RenameUnit: RenameUnitCommand,
  RetireUnit: RetireUnitCommand,
} as const;

export type BusCommandName = keyof typeof COMMAND_CLASSES;

/** `toBusCommand({ type: 'ResolveIssue', data }, { actor, occurredAt, source: 'demo' })` → a ResolveIssueCommand. */
export function toBusCommand<K extends BusCommandName>(
  command: { type: K; data: InstanceType<(typeof COMMAND_CLASSES)[K]>['data'] },
  meta: Partial<CommandMeta> = {},
): InstanceType<(typeof COMMAND_CLASSES)[K]> {
  const Class = COMMAND_CLASSES[command.type] as unknown as new (
    data: unknown,
    meta: Partial<CommandMeta>,
  ) => InstanceType<(typeof COMMAND_CLASSES)[K]>;
  if (!Class) throw new Error(`unknown command type ${String(command.type)}`);
  return new Class(command.data, meta);
}
