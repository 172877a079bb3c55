import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { withdrawIssue } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { WithdrawIssueCommand } from './withdraw-issue.command';

@CommandHandler(WithdrawIssueCommand)
export class WithdrawIssueHandler implements ICommandHandler<WithdrawIssueCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: WithdrawIssueCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      withdrawIssue(state, { type: 'WithdrawIssue', data }, ctx),
    );
  }
}
