import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { requestExtension } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { RequestExtensionCommand } from './request-extension.command';

@CommandHandler(RequestExtensionCommand)
export class RequestExtensionHandler implements ICommandHandler<RequestExtensionCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: RequestExtensionCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      requestExtension(state, { type: 'RequestExtension', data }, ctx),
    );
  }
}
