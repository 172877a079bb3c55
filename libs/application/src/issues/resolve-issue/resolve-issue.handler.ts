import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { resolveIssue } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { ResolveIssueCommand } from './resolve-issue.command';

@CommandHandler(ResolveIssueCommand)
export class ResolveIssueHandler implements ICommandHandler<ResolveIssueCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: ResolveIssueCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      resolveIssue(state, { type: 'ResolveIssue', data }, ctx),
    );
  }
}
