import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { closeCampaign } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { CampaignAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { CloseCampaignCommand } from './close-campaign.command';

@CommandHandler(CloseCampaignCommand)
export class CloseCampaignHandler implements ICommandHandler<CloseCampaignCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: CloseCampaignCommand): Promise<CommandResult> {
    return this.repository.run(CampaignAggregate, data.campaignId, meta, (state, ctx) =>
      closeCampaign(state, { type: 'CloseCampaign', data }, ctx),
    );
  }
}
