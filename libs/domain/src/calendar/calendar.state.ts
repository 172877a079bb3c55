import { assertNever } from '../shared/event';
import type { CalendarEvent } from './calendar.events';

export interface CalendarAdjustment {
  isWorkday: boolean;
  name: string;
  sourceNotice: string;
}

/** The single `calendar` stream: adjustments over the packaged official calendar. */
export interface CalendarState {
  /** date → isWorkday; what ChineseWorkingCalendar takes as overrides. */
  overrides: ReadonlyMap<string, boolean>;
  adjustments: ReadonlyMap<string, CalendarAdjustment>;
}

export function initialCalendarState(): CalendarState {
  return { overrides: new Map(), adjustments: new Map() };
}

export function evolveCalendar(state: CalendarState, event: CalendarEvent): CalendarState {
  switch (event.type) {
    case 'CalendarAdjusted': {
      const { date, isWorkday, name, sourceNotice } = event.data;
      return {
        overrides: new Map(state.overrides).set(date, isWorkday),
        adjustments: new Map(state.adjustments).set(date, { isWorkday, name, sourceNotice }),
      };
    }
    default:
      return assertNever(event.type);
  }
}
