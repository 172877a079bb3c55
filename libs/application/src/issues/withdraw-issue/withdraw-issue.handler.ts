import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { withdrawIssue } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { CampaignAggregate, IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { WithdrawIssueCommand } from './withdraw-issue.command';

@CommandHandler(WithdrawIssueCommand)
export class WithdrawIssueHandler implements ICommandHandler<WithdrawIssueCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  /** The campaign's workflow settings decide whether this is final or a request to the office. */
  async execute({ data, meta }: WithdrawIssueCommand): Promise<CommandResult> {
    const issue = await this.repository.load(IssueAggregate, data.issueId);
    const campaign = await this.repository.find(CampaignAggregate, issue.state.campaignId);
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      withdrawIssue(state, { type: 'WithdrawIssue', data }, ctx, { campaign }),
    );
  }
}
