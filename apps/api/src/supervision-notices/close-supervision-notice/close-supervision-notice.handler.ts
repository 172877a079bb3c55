import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { closeSupervisionNotice } from '@banjie/domain';
import { AggregateRepository } from '../../commands/aggregate-repository';
import { SupervisionNoticeAggregate } from '../../commands/aggregates';
import type { CommandResult } from '../../commands/command-meta';
import { CloseSupervisionNoticeCommand } from './close-supervision-notice.command';

@CommandHandler(CloseSupervisionNoticeCommand)
export class CloseSupervisionNoticeHandler implements ICommandHandler<CloseSupervisionNoticeCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: CloseSupervisionNoticeCommand): Promise<CommandResult> {
    return this.repository.run(SupervisionNoticeAggregate, data.noticeId, meta, (state, ctx) =>
      closeSupervisionNotice(state, { type: 'CloseSupervisionNotice', data }, ctx),
    );
  }
}
