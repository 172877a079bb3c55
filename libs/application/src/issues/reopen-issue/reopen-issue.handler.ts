import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { reopenIssue } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { ReopenIssueCommand } from './reopen-issue.command';

@CommandHandler(ReopenIssueCommand)
export class ReopenIssueHandler implements ICommandHandler<ReopenIssueCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: ReopenIssueCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) => reopenIssue(state, { type: 'ReopenIssue', data }, ctx));
  }
}
