import type { DomainEvent } from '../shared/event';

export type CalendarAdjusted = DomainEvent<'CalendarAdjusted', { date: string; isWorkday: boolean; name: string; sourceNotice: string }>;
export type CalendarEvent = CalendarAdjusted;
export const CALENDAR_STREAM = 'calendar';
