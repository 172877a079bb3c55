import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { retireUnit } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { UnitAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { References } from '../../references';
import { RetireUnitCommand } from './retire-unit.command';

@CommandHandler(RetireUnitCommand)
export class RetireUnitHandler implements ICommandHandler<RetireUnitCommand> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly references: References,
  ) {}

  async execute({ data, meta }: RetireUnitCommand): Promise<CommandResult> {
    const openIssueIds = await this.references.openIssuesOf(data.unitId);
    return this.repository.run(UnitAggregate, data.unitId, meta, (state, ctx) =>
      retireUnit(state, { type: 'RetireUnit', data }, ctx, { openIssueIds }),
    );
  }
}
