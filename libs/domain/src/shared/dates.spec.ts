import { addDays, businessDate, dayOfWeek, daysBetween, isValidDate, isValidDateOrInstant, isValidInstant, parseDate } from './dates';
import { DomainError } from './domain-error';

describe('dates', () => {
  it.each(['2023-06-21', '2000-01-01', '2100-12-31', '2024-02-29'])('%s is valid', (d) => expect(isValidDate(d)).toBe(true));
  it.each(['2023-02-29', '1999-12-31', '2101-01-01', '2023-6-1', '2023-13-01', '20230601', '', 20230601, null])('%p is not', (d) =>
    expect(isValidDate(d)).toBe(false),
  );

  it('parseDate throws an invalid DomainError naming the field', () => {
    expect(() => parseDate('2023-02-30', 'dueOn')).toThrow(DomainError);
    expect(() => parseDate('2023-02-30', 'dueOn')).toThrow(
      expect.objectContaining({ code: 'COMMON.DATE_INVALID', kind: 'invalid', fields: { dueOn: 'invalid date' } }),
    );
  });

  it('businessDate is the date in Beijing (UTC+8)', () => {
    expect(businessDate(new Date('2023-06-09T15:59:59Z'))).toBe('2023-06-09');
    expect(businessDate(new Date('2023-06-09T16:00:00Z'))).toBe('2023-06-10');
    expect(businessDate(new Date('2023-06-10T00:30:00+08:00'))).toBe('2023-06-10');
  });

  it('date arithmetic', () => {
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2023-04-30', '2023-06-30')).toBe(61);
    expect(dayOfWeek('2023-06-25')).toBe(0);
    expect(dayOfWeek('2023-05-06')).toBe(6);
    expect(dayOfWeek('1969-12-31')).toBe(3);
  });

  it('isValidInstant: strict ISO 8601 with an offset, a real date and time, nothing rolled over', () => {
    for (const ok of [
      '2023-06-21T10:00:00+08:00',
      '2023-06-21T10:00Z',
      '2024-02-29T23:59:59.999Z',
      '2023-06-21T00:00:00-05:30',
      '2100-12-31T23:59:59+14:00',
    ])
      expect([ok, isValidInstant(ok)]).toEqual([ok, true]);
    for (const bad of [
      '2023-02-30T10:00:00Z', // no such day (Date would say March 2)
      '2023-02-29T10:00:00Z',
      '2023-13-01T10:00:00Z',
      '2023-06-21T24:00:00Z',
      '2023-06-21T10:60:00Z',
      '2023-06-21T10:00:60Z',
      '2023-06-21T10:00:00+15:00',
      '2023-06-21T10:00:00', // no offset: whose ten o'clock?
      '2023-06-21 10:00:00Z',
      '1999-12-31T10:00:00Z',
      '2027-02-30T00:00:00Z',
      '2023-06-21',
      20230621,
      null,
    ])
      expect([bad, isValidInstant(bad)]).toEqual([bad, false]);
    expect(isValidDateOrInstant('2023-06-21')).toBe(true);
    expect(isValidDateOrInstant('2023-06-31')).toBe(false);
  });
});
