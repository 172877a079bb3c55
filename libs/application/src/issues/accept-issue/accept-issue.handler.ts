import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { acceptIssue } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { CampaignAggregate, IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { WorkingCalendarProvider } from '../../working-calendar.provider';
import { AcceptIssueCommand } from './accept-issue.command';

@CommandHandler(AcceptIssueCommand)
export class AcceptIssueHandler implements ICommandHandler<AcceptIssueCommand> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly calendars: WorkingCalendarProvider,
  ) {}

  async execute({ data, meta }: AcceptIssueCommand): Promise<CommandResult> {
    const issue = await this.repository.load(IssueAggregate, data.issueId);
    const [campaign, calendar] = await Promise.all([this.repository.find(CampaignAggregate, issue.state.campaignId), this.calendars.get()]);
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      acceptIssue(state, { type: 'AcceptIssue', data }, ctx, { campaign, calendar }),
    );
  }
}
