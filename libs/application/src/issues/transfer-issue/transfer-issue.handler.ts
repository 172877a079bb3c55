import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { transferIssue } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate, UnitAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { TransferIssueCommand } from './transfer-issue.command';

@CommandHandler(TransferIssueCommand)
export class TransferIssueHandler implements ICommandHandler<TransferIssueCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: TransferIssueCommand): Promise<CommandResult> {
    const toUnit = await this.repository.find(UnitAggregate, data.toUnitId);
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      transferIssue(state, { type: 'TransferIssue', data }, ctx, { toUnit }),
    );
  }
}
