import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { giveFeedback } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { GiveFeedbackCommand } from './give-feedback.command';

@CommandHandler(GiveFeedbackCommand)
export class GiveFeedbackHandler implements ICommandHandler<GiveFeedbackCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: GiveFeedbackCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      giveFeedback(state, { type: 'GiveFeedback', data }, ctx),
    );
  }
}
