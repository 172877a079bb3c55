import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { launchCampaign } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { CampaignAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { LaunchCampaignCommand } from './launch-campaign.command';

@CommandHandler(LaunchCampaignCommand)
export class LaunchCampaignHandler implements ICommandHandler<LaunchCampaignCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: LaunchCampaignCommand): Promise<CommandResult> {
    return this.repository.run(
      CampaignAggregate,
      data.campaignId,
      meta,
      (state, ctx) => launchCampaign(state, { type: 'LaunchCampaign', data }, ctx),
      { creation: true },
    );
  }
}
