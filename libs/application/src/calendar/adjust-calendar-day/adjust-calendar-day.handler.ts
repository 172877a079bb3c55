import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CALENDAR_STREAM, adjustCalendarDay } from '@banjie/domain';
import { AggregateRepository } from '../../aggregate-repository';
import { CalendarAggregate } from '../../aggregates';
import type { CommandResult } from '../../command-meta';
import { WorkingCalendarProvider } from '../../working-calendar.provider';
import { AdjustCalendarDayCommand } from './adjust-calendar-day.command';

@CommandHandler(AdjustCalendarDayCommand)
export class AdjustCalendarDayHandler implements ICommandHandler<AdjustCalendarDayCommand> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly calendars: WorkingCalendarProvider,
  ) {}

  async execute({ data, meta }: AdjustCalendarDayCommand): Promise<CommandResult> {
    const result = await this.repository.run(CalendarAggregate, CALENDAR_STREAM, meta, (state, ctx) =>
      adjustCalendarDay(state, { type: 'AdjustCalendarDay', data }, ctx),
    );
    this.calendars.invalidate();
    return result;
  }
}
