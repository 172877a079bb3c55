import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { renameUnit } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { UnitAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { RenameUnitCommand } from './rename-unit.command';

@CommandHandler(RenameUnitCommand)
export class RenameUnitHandler implements ICommandHandler<RenameUnitCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: RenameUnitCommand): Promise<CommandResult> {
    return this.repository.run(UnitAggregate, data.unitId, meta, (state, ctx) => renameUnit(state, { type: 'RenameUnit', data }, ctx));
  }
}
