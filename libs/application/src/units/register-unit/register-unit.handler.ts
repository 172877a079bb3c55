import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { registerUnit } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { UnitAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { RegisterUnitCommand } from './register-unit.command';

@CommandHandler(RegisterUnitCommand)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnitCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: RegisterUnitCommand): Promise<CommandResult> {
    const parent = await this.repository.find(UnitAggregate, data.parentUnitId);
    return this.repository.run(
      UnitAggregate,
      data.unitId,
      meta,
      (state, ctx) => registerUnit(state, { type: 'RegisterUnit', data }, ctx, { parent }),
      { creation: true },
    );
  }
}
