import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { resolveIssue } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { CampaignAggregate, IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { ResolveIssueCommand } from './resolve-issue.command';

@CommandHandler(ResolveIssueCommand)
export class ResolveIssueHandler implements ICommandHandler<ResolveIssueCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  /** The campaign's workflow settings decide whether this is final or a request to the office. */
  async execute({ data, meta }: ResolveIssueCommand): Promise<CommandResult> {
    const issue = await this.repository.load(IssueAggregate, data.issueId);
    const campaign = await this.repository.find(CampaignAggregate, issue.state.campaignId);
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      resolveIssue(state, { type: 'ResolveIssue', data }, ctx, { campaign }),
    );
  }
}
