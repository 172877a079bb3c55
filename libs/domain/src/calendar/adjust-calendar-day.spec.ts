import { deciderSpec } from '../testing/decider-spec';
import { admin, at, officerA, supervisor } from '../testing/fixtures';
import { adjustCalendarDay, type AdjustCalendarDay } from './adjust-calendar-day';
import type { CalendarEvent } from './calendar.events';
import { evolveCalendar, initialCalendarState } from './calendar.state';

const calendar = deciderSpec({
  initial: initialCalendarState,
  evolve: evolveCalendar,
  decide: adjustCalendarDay,
  context: () => at('2026-12-01 10:00', admin),
});
const data = { date: '2027-01-01', isWorkday: false, name: '元旦', sourceNotice: '国办发明电〔2026〕1号' };
const adjust = (d: Partial<AdjustCalendarDay['data']> = {}): AdjustCalendarDay => ({ type: 'AdjustCalendarDay', data: { ...data, ...d } });
const adjusted: CalendarEvent = { type: 'CalendarAdjusted', data };

describe('adjust a calendar day', () => {
  it('an administrator records a holiday', () => {
    calendar.given([]).when(adjust()).then([adjusted]);
  });

  it('repeating the same adjustment is a no-op; changing it is recorded', () => {
    calendar.given([adjusted]).when(adjust()).then([]);
    calendar
      .given([adjusted])
      .when(adjust({ isWorkday: true }))
      .then([{ type: 'CalendarAdjusted', data: { ...data, isWorkday: true } }]);
  });

  it.each([officerA, supervisor])('is for administrators only, not %o', (actor) => {
    calendar.given([]).when(adjust(), at('2026-12-01 10:00', actor)).thenThrows('CALENDAR.ADMIN_ONLY', 'forbidden');
  });

  it('checks the date and texts', () => {
    calendar
      .given([])
      .when(adjust({ date: '2027-02-29' }))
      .thenThrows('COMMON.DATE_INVALID');
    calendar
      .given([])
      .when(adjust({ date: '2101-01-01' }))
      .thenThrows('COMMON.DATE_INVALID');
    calendar
      .given([])
      .when(adjust({ name: '' }))
      .thenThrows('COMMON.TEXT_REQUIRED');
    calendar
      .given([])
      .when(adjust({ isWorkday: 'no' as never }))
      .thenThrows('COMMON.VALUE_INVALID');
  });
});
