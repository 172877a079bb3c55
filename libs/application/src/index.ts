/**
 * The command side: one folder per use case (`issues/resolve-issue/resolve-issue.command.ts` and
 * `.handler.ts`), the aggregate repository (load → decide → append with the expected version) and
 * CommandsModule. The API's controllers, the CLI, the demo and the deadline watcher all dispatch
 * these command classes through the CommandBus: `commandBus.execute(new XCommand(data, meta))`.
 */
export * from './command-meta';
export * from './command-registry';
export * from './commands.module';
export * from './aggregates';
export * from './aggregate-repository';
export * from './references';
export * from './working-calendar.provider';
export * from './activities/hold-activity/hold-activity.command';
export * from './calendar/adjust-calendar-day/adjust-calendar-day.command';
export * from './campaigns/change-campaign-categories/change-campaign-categories.command';
export * from './campaigns/close-campaign/close-campaign.command';
export * from './campaigns/launch-campaign/launch-campaign.command';
export * from './enterprises/register-enterprise/register-enterprise.command';
export * from './issues/accept-issue/accept-issue.command';
export * from './issues/collect-issue/collect-issue.command';
export * from './issues/extend-deadline/extend-deadline.command';
export * from './issues/give-feedback/give-feedback.command';
export * from './issues/record-overdue/record-overdue.command';
export * from './issues/record-progress/record-progress.command';
export * from './issues/reopen-issue/reopen-issue.command';
export * from './issues/resolve-issue/resolve-issue.command';
export * from './issues/transfer-issue/transfer-issue.command';
export * from './issues/withdraw-issue/withdraw-issue.command';
export * from './issues/request-extension/request-extension.command';
export * from './issues/decide-extension/decide-extension.command';
export * from './issues/decide-withdrawal/decide-withdrawal.command';
export * from './issues/review-resolution/review-resolution.command';
export * from './supervision-notices/answer-supervision-notice/answer-supervision-notice.command';
export * from './supervision-notices/close-supervision-notice/close-supervision-notice.command';
export * from './supervision-notices/issue-supervision-notice/issue-supervision-notice.command';
export * from './units/register-unit/register-unit.command';
export * from './units/rename-unit/rename-unit.command';
export * from './units/retire-unit/retire-unit.command';
