import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { collectIssue } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { ActivityAggregate, CampaignAggregate, IssueAggregate, UnitAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { References } from '../../references';
import { CollectIssueCommand } from './collect-issue.command';

@CommandHandler(CollectIssueCommand)
export class CollectIssueHandler implements ICommandHandler<CollectIssueCommand> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly references: References,
  ) {}

  async execute({ data, meta }: CollectIssueCommand): Promise<CommandResult> {
    const [campaign, unit, registered, activity] = await Promise.all([
      this.repository.find(CampaignAggregate, data.campaignId),
      this.repository.find(UnitAggregate, data.unitId),
      this.references.registeredEnterprises([data.enterpriseCode]),
      this.repository.find(ActivityAggregate, data.activityId),
    ]);
    const refs = { campaign, unit, activity, enterpriseRegistered: registered.size === 1 };
    return this.repository.run(
      IssueAggregate,
      data.issueId,
      meta,
      (state, ctx) => collectIssue(state, { type: 'CollectIssue', data }, ctx, refs),
      { creation: true },
    );
  }
}
