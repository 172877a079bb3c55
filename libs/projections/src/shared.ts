/**
 * Small helpers every read model shares: the end of a business day as an instant (Beijing time, as
 * the domain counts it), the id in a stream id, and a page of a list.
 */
import { addDays, businessDate } from '@banjie/domain';

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

/** One page of a list (1-based `page`; `total` over every page). */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
