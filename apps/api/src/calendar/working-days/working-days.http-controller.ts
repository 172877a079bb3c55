import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import officialData from 'chinese-days/dist/chinese-days.json';
import { CALENDAR_STREAM, addDays, businessDate, daysBetween, isWeekend } from '@banjie/domain';
import { CLOCK, ProblemError, type Clock } from '@banjie/platform';
import { AggregateRepository, CalendarAggregate, WorkingCalendarProvider } from '@banjie/application';
import { ApiQuery } from '../../http/api-docs';
import { WorkingDaysQueryDto } from './working-days.request.dto';

const official = officialData as unknown as { holidays: Record<string, string>; workdays: Record<string, string> };
const MAX_DAYS = 366;

export interface CalendarDay {
  date: string;
  isWorkday: boolean;
  /** Why the day differs from Monday–Friday: the official holiday or 调休, or a recorded adjustment. */
  name: string | null;
}

/**
 * The working-day calendar the commands count with (packaged official calendar + CalendarAdjusted
 * overrides), read-only: `today` by the server's clock, the due date N working days after a date
 * (what AcceptIssue would default to), and the days in between. The workbench proposes an
 * acceptance's due date with it, so the page and the command can never disagree.
 */
@ApiTags('calendar')
@Controller('calendar')
export class WorkingDaysHttpController {
  constructor(
    private readonly calendars: WorkingCalendarProvider,
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiQuery('working days: today, the due date N working days after a date, and the days in between with their holiday names')
  async workingDays(@Query() q: WorkingDaysQueryDto) {
    const today = businessDate(this.clock.now());
    const from = q.from ?? today;
    const calendar = await this.calendars.get();
    const workingDays = q.workingDays === undefined ? null : Number(q.workingDays);
    const dueOn = workingDays === null ? null : calendar.addWorkingDays(from, workingDays);
    const to = q.to ?? dueOn;
    if (to && daysBetween(from, to) > MAX_DAYS) {
      throw new ProblemError(400, 'REQUEST.INVALID', `at most ${MAX_DAYS} days can be listed`, {
        errors: [{ field: q.to ? 'to' : 'workingDays', message: `at most ${MAX_DAYS} days after from` }],
      });
    }
    const { state } = await this.repository.load(CalendarAggregate, CALENDAR_STREAM);
    const days: CalendarDay[] = [];
    for (let d = addDays(from, 1); to && d <= to; d = addDays(d, 1)) {
      const isWorkday = calendar.isWorkday(d);
      // Named: a worked weekend (调休), a weekday off, a weekend inside an official holiday, an adjustment.
      const special = state.adjustments.has(d) || (isWorkday ? isWeekend(d) : !isWeekend(d) || d in official.holidays);
      days.push({ date: d, isWorkday, name: special ? nameOf(d, state.adjustments) : null });
    }
    const year = Number(from.slice(0, 4));
    return { today, from, workingDays, dueOn, officialCalendarCovers: calendar.covers(year), days };
  }
}

function nameOf(date: string, adjustments: ReadonlyMap<string, { name: string }>): string | null {
  const adjusted = adjustments.get(date);
  if (adjusted) return adjusted.name;
  const entry = official.holidays[date] ?? official.workdays[date];
  if (!entry) return null;
  const [, zh] = entry.split(',');
  return official.workdays[date] ? `${zh ?? entry} 调休上班` : (zh ?? entry);
}
