import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideWithdrawal } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { DecideWithdrawalCommand } from './decide-withdrawal.command';

@CommandHandler(DecideWithdrawalCommand)
export class DecideWithdrawalHandler implements ICommandHandler<DecideWithdrawalCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: DecideWithdrawalCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      decideWithdrawal(state, { type: 'DecideWithdrawal', data }, ctx),
    );
  }
}
