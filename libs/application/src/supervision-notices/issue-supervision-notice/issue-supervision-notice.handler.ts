import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { issueSupervisionNotice } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { CampaignAggregate, SupervisionNoticeAggregate, UnitAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { References } from '../../references';
import { WorkingCalendarProvider } from '../../working-calendar.provider';
import { IssueSupervisionNoticeCommand } from './issue-supervision-notice.command';

@CommandHandler(IssueSupervisionNoticeCommand)
export class IssueSupervisionNoticeHandler implements ICommandHandler<IssueSupervisionNoticeCommand> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly references: References,
    private readonly calendars: WorkingCalendarProvider,
  ) {}

  async execute({ data, meta }: IssueSupervisionNoticeCommand): Promise<CommandResult> {
    const [campaign, unit, issues, calendar] = await Promise.all([
      this.repository.find(CampaignAggregate, data.campaignId),
      this.repository.find(UnitAggregate, data.unitId),
      this.references.issues(data.issueIds),
      this.calendars.get(),
    ]);
    return this.repository.run(
      SupervisionNoticeAggregate,
      data.noticeId,
      meta,
      (state, ctx) => issueSupervisionNotice(state, { type: 'IssueSupervisionNotice', data }, ctx, { campaign, unit, issues, calendar }),
      { creation: true },
    );
  }
}
