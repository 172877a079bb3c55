/**
 * Working days: China's official holidays and make-up working days (调休) from the
 * `chinese-days` package, with the `calendar` stream's adjustments on top. Deadlines, alerts
 * and on-time rates all count in these days.
 */
import { getHolidaysInRange, isWorkday as packageIsWorkday } from 'chinese-days';
import { fromDayNumber, isWeekend, toDayNumber } from '../shared/dates';

export interface WorkingCalendar {
  isWorkday(date: string): boolean;
  /** The Nth working day after `start` (start itself not counted; n = 0 gives `start`). */
  addWorkingDays(start: string, n: number): string;
  /** Working days after `from` up to and including `to`; negative when `to` < `from`. */
  workingDaysBetween(from: string, to: string): number;
  /** Whether the official calendar knows the year (otherwise: Monday–Friday plus overrides). */
  covers(year: number): boolean;
}

export interface ChineseWorkingCalendarOptions {
  /** Called once per year the package does not cover, the first time a date in it is asked. */
  onUncoveredYear?: (year: number) => void;
}

const coveredYears = new Map<number, boolean>();

/** The package covers a year when it lists official holidays for it (2004–2026 in 1.5.7). */
function packageCovers(year: number): boolean {
  let covered = coveredYears.get(year);
  if (covered === undefined) {
    covered = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    coveredYears.set(year, covered);
  }
  return covered;
}

export class ChineseWorkingCalendar implements WorkingCalendar {
  private readonly byDay = new Map<number, boolean>();
  private readonly warnedYears = new Set<number>();

  /** `overrides`: date → isWorkday, from CalendarAdjusted events (see evolveCalendar). */
  constructor(
    private readonly overrides: ReadonlyMap<string, boolean> = new Map(),
    private readonly options: ChineseWorkingCalendarOptions = {},
  ) {}

  isWorkday(date: string): boolean {
    return this.isWorkdayNumber(toDayNumber(date));
  }

  covers(year: number): boolean {
    return packageCovers(year);
  }

  addWorkingDays(start: string, n: number): string {
    const step = n >= 0 ? 1 : -1;
    let day = toDayNumber(start);
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (this.isWorkdayNumber(day)) left--;
    }
    return fromDayNumber(day);
  }

  workingDaysBetween(from: string, to: string): number {
    const a = toDayNumber(from);
    const b = toDayNumber(to);
    if (b < a) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let day = a + 1; day <= b; day++) if (this.isWorkdayNumber(day)) count++;
    return count;
  }

  private isWorkdayNumber(day: number): boolean {
    let known = this.byDay.get(day);
    if (known === undefined) {
      known = this.compute(fromDayNumber(day));
      this.byDay.set(day, known);
    }
    return known;
  }

  private compute(date: string): boolean {
    const override = this.overrides.get(date);
    if (override !== undefined) return override;
    const year = Number(date.slice(0, 4));
    if (packageCovers(year)) return packageIsWorkday(date);
    if (!this.warnedYears.has(year)) {
      this.warnedYears.add(year);
      this.options.onUncoveredYear?.(year);
    }
    return !isWeekend(date);
  }
}
