import { Inject, Injectable, Logger } from '@nestjs/common';
import { CALENDAR_STREAM, ChineseWorkingCalendar, type WorkingCalendar } from '@banjie/domain';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import { CalendarAggregate } from './aggregates';
import { AggregateRepository } from './aggregate-repository';

/**
 * The working-day calendar commands compute due dates with: the packaged official calendar plus
 * the `calendar` stream's CalendarAdjusted overrides. Cached by the stream's version, so an
 * adjustment (from this process or another) is seen by the next command that asks.
 */
@Injectable()
export class WorkingCalendarProvider {
  private readonly logger = new Logger('WorkingCalendar');
  private cached: { version: number; calendar: WorkingCalendar } | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly repository: AggregateRepository,
  ) {}

  async get(): Promise<WorkingCalendar> {
    const version = await this.store.streamVersion(CALENDAR_STREAM);
    if (this.cached?.version === version) return this.cached.calendar;
    const { state } = await this.repository.load(CalendarAggregate, CALENDAR_STREAM);
    const calendar = new ChineseWorkingCalendar(state.overrides, {
      onUncoveredYear: (year) =>
        this.logger.warn(`the official calendar does not cover ${year}: Monday–Friday plus recorded adjustments are used`),
    });
    this.cached = { version, calendar };
    return calendar;
  }

  /** Drop the cache (an adjustment was just appended). */
  invalidate(): void {
    this.cached = null;
  }
}
