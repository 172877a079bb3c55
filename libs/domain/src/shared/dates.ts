/**
 * Calendar dates as 'YYYY-MM-DD' strings (they compare correctly as strings) and the business
 * date of an instant. Business dates are Beijing time (UTC+8, no daylight saving), whatever the
 * server's time zone.
 */
import { DomainError } from './domain-error';

export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '2100-12-31';

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** fromDayNumber's strings, one per day asked. */
const DAY_STRINGS = new Map<number, string>();

/** A real calendar date in 'YYYY-MM-DD' form within MIN_DATE..MAX_DATE. */
export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  const real = probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
  return real && value >= MIN_DATE && value <= MAX_DATE;
}

const INSTANT_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A real instant in strict ISO 8601 with an offset (`2023-06-21T10:00:00+08:00`, `…Z`): the date
 * part a real calendar date within MIN_DATE..MAX_DATE, hours 00–23, minutes and seconds 00–59,
 * an offset within ±14:00 — no rolling over (JavaScript's Date turns 2023-02-30 into March 2).
 */
export function isValidInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT_PATTERN.exec(value);
  if (!m || !isValidDate(m[1])) return false;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[5] !== 'Z' && (Number(m[6]) > 14 || Number(m[7]) > 59)) return false;
  return !Number.isNaN(Date.parse(value));
}

/** A business date YYYY-MM-DD or a strict ISO instant (isValidDate / isValidInstant). */
export function isValidDateOrInstant(value: unknown): value is string {
  return isValidDate(value) || isValidInstant(value);
}

/** Returns the date, or throws COMMON.DATE_INVALID naming the field. */
export function parseDate(value: unknown, field: string): string {
  if (isValidDate(value)) return value;
  throw new DomainError(
    'COMMON.DATE_INVALID',
    `${field} must be a date YYYY-MM-DD between ${MIN_DATE} and ${MAX_DATE}`,
    'invalid',
    undefined,
    { [field]: 'invalid date' },
  );
}

/** The date in Asia/Shanghai of an instant. */
export function businessDate(instant: Date): string {
  return fromDayNumber(Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

/** The first instant of business day `date` (00:00 Asia/Shanghai). */
export function startOfBusinessDay(date: string): Date {
  return new Date(toDayNumber(date) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/**
 * The business moment an issue due on `dueOn` became overdue: the start of the first day after
 * its due date, Beijing time (IssueBecameOverdue's occurredAt, whenever the watcher notices).
 */
export function overdueMoment(dueOn: string): Date {
  return startOfBusinessDay(addDays(dueOn, 1));
}

/** Days since 1970-01-01 (a compact key for calendars). */
export function toDayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

export function fromDayNumber(day: number): string {
  // Rebuilds and evaluations ask this for millions of instants over a few thousand days: each day's
  // string is made once (MIN_DATE..MAX_DATE is ~37,000 days; anything else is made each time).
  let date = DAY_STRINGS.get(day);
  if (date === undefined) {
    date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10); // throws RangeError for NaN, as before
    if (DAY_STRINGS.size < 40_000) DAY_STRINGS.set(day, date);
  }
  return date;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(date: string): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}
