import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { answerSupervisionNotice } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { SupervisionNoticeAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { AnswerSupervisionNoticeCommand } from './answer-supervision-notice.command';

@CommandHandler(AnswerSupervisionNoticeCommand)
export class AnswerSupervisionNoticeHandler implements ICommandHandler<AnswerSupervisionNoticeCommand> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ data, meta }: AnswerSupervisionNoticeCommand): Promise<CommandResult> {
    return this.repository.run(SupervisionNoticeAggregate, data.noticeId, meta, (state, ctx) =>
      answerSupervisionNotice(state, { type: 'AnswerSupervisionNotice', data }, ctx),
    );
  }
}
