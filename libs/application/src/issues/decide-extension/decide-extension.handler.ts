import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideExtension } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { DecideExtensionCommand } from './decide-extension.command';

@CommandHandler(DecideExtensionCommand)
export class DecideExtensionHandler implements ICommandHandler<DecideExtensionCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: DecideExtensionCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      decideExtension(state, { type: 'DecideExtension', data }, ctx),
    );
  }
}
