import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { recordProgress } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { RecordProgressCommand } from './record-progress.command';

@CommandHandler(RecordProgressCommand)
export class RecordProgressHandler implements ICommandHandler<RecordProgressCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: RecordProgressCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      recordProgress(state, { type: 'RecordProgress', data }, ctx),
    );
  }
}
