import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { closeSupervisionNotice } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { SupervisionNoticeAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
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
