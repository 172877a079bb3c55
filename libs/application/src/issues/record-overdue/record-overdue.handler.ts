import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { recordOverdue } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { RecordOverdueCommand } from './record-overdue.command';

@CommandHandler(RecordOverdueCommand)
export class RecordOverdueHandler implements ICommandHandler<RecordOverdueCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: RecordOverdueCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      recordOverdue(state, { type: 'RecordOverdue', data }, ctx),
    );
  }
}
