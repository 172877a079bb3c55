import { fold } from '../shared/event';
import type { CalendarEvent } from './calendar.events';
import { evolveCalendar, initialCalendarState } from './calendar.state';
import { ChineseWorkingCalendar } from './working-calendar';

describe('ChineseWorkingCalendar (official 2023 calendar)', () => {
  const calendar = new ChineseWorkingCalendar();

  it.each([
    ['2023-06-21', 5, '2023-06-29'], // Dragon Boat 06-22..24, Sunday 06-25 worked
    ['2023-04-28', 3, '2023-05-06'], // Labour Day 04-29..05-03, Saturday 05-06 worked
    ['2023-09-28', 1, '2023-10-07'], // Mid-Autumn + National Day 09-29..10-06
    ['2023-05-15', 15, '2023-06-05'],
    ['2023-06-21', 0, '2023-06-21'],
  ])('%s + %i working days → %s', (start, n, expected) => {
    expect(calendar.addWorkingDays(start, n)).toBe(expected);
  });

  it('counts backwards for a negative n', () => {
    expect(calendar.addWorkingDays('2023-06-29', -5)).toBe('2023-06-21');
  });

  it('May–June 2023 has 42 working days', () => {
    expect(calendar.workingDaysBetween('2023-04-30', '2023-06-30')).toBe(42);
    expect(calendar.workingDaysBetween('2023-06-30', '2023-04-30')).toBe(-42);
    expect(calendar.workingDaysBetween('2023-06-30', '2023-06-30')).toBe(0);
  });

  it('knows make-up working days and holidays', () => {
    expect(calendar.isWorkday('2023-04-23')).toBe(true); // Sunday worked
    expect(calendar.isWorkday('2023-05-01')).toBe(false);
    expect(calendar.isWorkday('2023-06-26')).toBe(true);
    expect(calendar.isWorkday('2023-07-01')).toBe(false);
  });

  it('covers 2004–2026 from the package', () => {
    expect(calendar.covers(2004)).toBe(true);
    expect(calendar.covers(2023)).toBe(true);
    expect(calendar.covers(2026)).toBe(true);
    expect(calendar.covers(2003)).toBe(false);
    expect(calendar.covers(2027)).toBe(false);
  });
});

describe('years the package does not cover', () => {
  it('fall back to Monday–Friday and are reported once per year', () => {
    const uncovered: number[] = [];
    const calendar = new ChineseWorkingCalendar(new Map(), { onUncoveredYear: (y) => uncovered.push(y) });
    expect(calendar.isWorkday('2027-01-01')).toBe(true); // a Friday; the package does not know New Year 2027
    expect(calendar.isWorkday('2027-01-02')).toBe(false);
    expect(calendar.addWorkingDays('2027-01-01', 5)).toBe('2027-01-08');
    calendar.isWorkday('2028-03-01');
    expect(uncovered).toEqual([2027, 2028]);
  });
});

describe('overrides from CalendarAdjusted events', () => {
  const events: CalendarEvent[] = [
    { type: 'CalendarAdjusted', data: { date: '2027-01-01', isWorkday: false, name: '元旦', sourceNotice: '国办发明电〔2026〕1号' } },
    { type: 'CalendarAdjusted', data: { date: '2023-06-24', isWorkday: true, name: '本地安排', sourceNotice: 'local' } },
  ];
  const state = fold(evolveCalendar, initialCalendarState(), events);
  const calendar = new ChineseWorkingCalendar(state.overrides);

  it('an override making 2027-01-01 a holiday is respected', () => {
    expect(calendar.isWorkday('2027-01-01')).toBe(false);
    expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('overrides win over the package', () => {
    expect(calendar.isWorkday('2023-06-24')).toBe(true);
    expect(new ChineseWorkingCalendar().isWorkday('2023-06-24')).toBe(false);
  });

  it('a later adjustment of the same day replaces the earlier', () => {
    const later = evolveCalendar(state, {
      type: 'CalendarAdjusted',
      data: { date: '2027-01-01', isWorkday: true, name: '更正', sourceNotice: 'x' },
    });
    expect(later.overrides.get('2027-01-01')).toBe(true);
    expect(state.overrides.get('2027-01-01')).toBe(false); // evolve does not mutate
  });
});

describe('memoization', () => {
  it('gives the same answers when asked again (answers are cached per date)', () => {
    const calendar = new ChineseWorkingCalendar();
    const first = calendar.workingDaysBetween('2023-01-01', '2023-12-31');
    for (let i = 0; i < 50; i++) expect(calendar.workingDaysBetween('2023-01-01', '2023-12-31')).toBe(first);
    expect(first).toBe(new ChineseWorkingCalendar().workingDaysBetween('2023-01-01', '2023-12-31'));
  });
});

describe('time zone', () => {
  it("answers from date strings alone (the package's own isWorkday is wrong west of UTC)", () => {
    // Under TZ=America/Los_Angeles chinese-days' isWorkday('2023-06-26') says false; ours must not.
    const calendar = new ChineseWorkingCalendar();
    expect(calendar.isWorkday('2023-06-26')).toBe(true);
    expect(calendar.workingDaysBetween('2023-01-01', '2023-12-31')).toBe(249); // the published 2023 figure
  });
});
