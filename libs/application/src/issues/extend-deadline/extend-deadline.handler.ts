import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { extendDeadline } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { ExtendDeadlineCommand } from './extend-deadline.command';

@CommandHandler(ExtendDeadlineCommand)
export class ExtendDeadlineHandler implements ICommandHandler<ExtendDeadlineCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: ExtendDeadlineCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      extendDeadline(state, { type: 'ExtendDeadline', data }, ctx),
    );
  }
}
