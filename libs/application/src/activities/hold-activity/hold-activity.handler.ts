import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { holdActivity } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { ActivityAggregate, CampaignAggregate, UnitAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { References } from '../../references';
import { HoldActivityCommand } from './hold-activity.command';

@CommandHandler(HoldActivityCommand)
export class HoldActivityHandler implements ICommandHandler<HoldActivityCommand> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly references: References,
  ) {}

  async execute({ data, meta }: HoldActivityCommand): Promise<CommandResult> {
    const [campaign, unit, registeredEnterprises] = await Promise.all([
      this.repository.find(CampaignAggregate, data.campaignId),
      this.repository.find(UnitAggregate, data.unitId),
      this.references.registeredEnterprises(data.enterpriseCodes),
    ]);
    return this.repository.run(
      ActivityAggregate,
      data.activityId,
      meta,
      (state, ctx) => holdActivity(state, { type: 'HoldActivity', data }, ctx, { campaign, unit, registeredEnterprises }),
      { creation: true },
    );
  }
}
