import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { reviewResolution } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { IssueAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { ReviewResolutionCommand } from './review-resolution.command';

@CommandHandler(ReviewResolutionCommand)
export class ReviewResolutionHandler implements ICommandHandler<ReviewResolutionCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: ReviewResolutionCommand): Promise<CommandResult> {
    return this.repository.run(IssueAggregate, data.issueId, meta, (state, ctx) =>
      reviewResolution(state, { type: 'ReviewResolution', data }, ctx),
    );
  }
}
