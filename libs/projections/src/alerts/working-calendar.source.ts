import { CALENDAR_STREAM, ChineseWorkingCalendar, type WorkingCalendar } from '@banjie/domain';
import type { EventStore } from '@banjie/event-store';

/**
 * The working calendar: the official one with the `calendar` stream's adjustments, read through
 * the store's port and kept while the stream's version holds. The alerts' evaluator and the audit
 * trail (recording lag in working days) count working days on the same calendar.
 */
export class WorkingCalendarSource {
  private cache: { version: number; calendar: WorkingCalendar } | null = null;

  constructor(
    private readonly store: Pick<EventStore, 'streamVersion' | 'readStream'>,
    private readonly onUncoveredYear: (year: number) => void = () => undefined,
  ) {}

  async calendar(): Promise<WorkingCalendar> {
    const version = await this.store.streamVersion(CALENDAR_STREAM);
    if (this.cache?.version === version) return this.cache.calendar;
    const overrides = new Map<string, boolean>();
    for (const e of await this.store.readStream(CALENDAR_STREAM))
      if (e.type === 'CalendarAdjusted') overrides.set(String(e.data.date), Boolean(e.data.isWorkday));
    const calendar = new ChineseWorkingCalendar(overrides, { onUncoveredYear: this.onUncoveredYear });
    this.cache = { version, calendar };
    return calendar;
  }
}
