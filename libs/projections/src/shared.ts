/**
 * Small helpers every projection shares: the business date of an instant (Beijing time, as the
 * domain counts it), the end of a business day as an instant, and typed access to stored events.
 */
import { businessDate, addDays } from '@banjie/domain';
import type { StoredEvent } from '@banjie/event-store';

export { businessDate, addDays };

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The first instant after business day `date` (YYYY-MM-DD, Asia/Shanghai): "as of D" is `< endOfDay(D)`. */
export function endOfBusinessDay(date: string): Date {
  const next = addDays(date, 1);
  return new Date(Date.parse(`${next}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** The id in a stream id `<prefix>-<id>` (ids may contain dashes: only the first one splits). */
export function streamEntityId(streamId: string): string {
  const i = streamId.indexOf('-');
  return i < 0 ? streamId : streamId.slice(i + 1);
}

/** A stored event read as the domain event of its type (data is trusted: the store wrote it). */
export type Stored<TData> = StoredEvent<TData>;

export function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
