import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normalizeCreditCode, registerEnterprise } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { EnterpriseAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { RegisterEnterpriseCommand } from './register-enterprise.command';

@CommandHandler(RegisterEnterpriseCommand)
export class RegisterEnterpriseHandler implements ICommandHandler<RegisterEnterpriseCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: RegisterEnterpriseCommand): Promise<CommandResult> {
    // The stream is keyed by the normalized code, so 'abc…' and 'ABC…' are one enterprise.
    const creditCode = typeof data.creditCode === 'string' ? normalizeCreditCode(data.creditCode) : '';
    return this.repository.run(
      EnterpriseAggregate,
      creditCode,
      meta,
      (state, ctx) => registerEnterprise(state, { type: 'RegisterEnterprise', data }, ctx),
      { creation: true },
    );
  }
}
