import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { changeCampaignCategories } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { CampaignAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { ChangeCampaignCategoriesCommand } from './change-campaign-categories.command';

@CommandHandler(ChangeCampaignCategoriesCommand)
export class ChangeCampaignCategoriesHandler implements ICommandHandler<ChangeCampaignCategoriesCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: ChangeCampaignCategoriesCommand): Promise<CommandResult> {
    return this.repository.run(CampaignAggregate, data.campaignId, meta, (state, ctx) =>
      changeCampaignCategories(state, { type: 'ChangeCampaignCategories', data }, ctx),
    );
  }
}
