/**
 * Working days: China's official holidays and make-up working days (调休) from the
 * `chinese-days` package, with the `calendar` stream's adjustments on top. Deadlines, alerts
 * and on-time rates all count in these days.
 *
 * Why the package's data file and not its `isWorkday()`: the function parses dates in the
 * process's local time zone and answers wrongly west of UTC (with TZ=America/Los_Angeles it
 * calls Monday 2023-06-26 a day off). The data file is the same calendar (checked equal to
 * `isWorkday()` for every day 2004–2026 under UTC+8) keyed by 'YYYY-MM-DD', which is
 * time-zone free. The package is CommonJS (main: dist/index.min.js), so Jest loads it as is.
 */
import officialData from 'chinese-days/dist/chinese-days.json';
import { fromDayNumber, isWeekend, toDayNumber } from '../shared/dates';

interface OfficialCalendar {
  /** date → 'English,中文,days' for each official day off (including 调休 days off). */
  holidays: Record<string, string>;
  /** date → festival for each weekend day that is worked (调休 make-up days). */
  workdays: Record<string, string>;
}
const official = officialData as unknown as OfficialCalendar;
const OFFICIAL_YEARS: ReadonlySet<number> = new Set(Object.keys(official.holidays).map((date) => Number(date.slice(0, 4))));

function officialIsWorkday(date: string): boolean {
  if (date in official.workdays) return true;
  if (date in official.holidays) return false;
  return !isWeekend(date);
}

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

/** The package covers a year when it lists official holidays for it (2004–2026 in 1.5.7). */
function packageCovers(year: number): boolean {
  return OFFICIAL_YEARS.has(year);
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
    for (let left = Math.abs(n); left > 0;) {
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
    if (packageCovers(year)) return officialIsWorkday(date);
    if (!this.warnedYears.has(year)) {
      this.warnedYears.add(year);
      this.options.onUncoveredYear?.(year);
    }
    return !isWeekend(date);
  }
}
