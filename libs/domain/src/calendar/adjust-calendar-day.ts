import type { CommandContext } from '../shared/actor';
import { parseDate } from '../shared/dates';
import { checkOccurredAt, forbidden, hasRole } from '../shared/guards';
import { NAME_MAX_LENGTH, TITLE_MAX_LENGTH, requireBoolean, requireText } from '../shared/text';
import type { CalendarEvent } from './calendar.events';
import type { CalendarState } from './calendar.state';

export type AdjustCalendarDay = {
  type: 'AdjustCalendarDay';
  data: { date: string; isWorkday: boolean; name: string; sourceNotice: string };
};

/** An administrator records a holiday or make-up day; repeating the same adjustment is a no-op. */
export function adjustCalendarDay(state: CalendarState, command: AdjustCalendarDay, ctx: CommandContext): CalendarEvent[] {
  checkOccurredAt(ctx);
  if (!hasRole(ctx.actor, 'admin')) {
    throw forbidden('CALENDAR.ADMIN_ONLY', 'only an administrator adjusts the working-day calendar');
  }
  const date = parseDate(command.data.date, 'date');
  const isWorkday = requireBoolean(command.data.isWorkday, 'isWorkday');
  const name = requireText(command.data.name, 'name', NAME_MAX_LENGTH);
  const sourceNotice = requireText(command.data.sourceNotice, 'sourceNotice', TITLE_MAX_LENGTH);
  const current = state.adjustments.get(date);
  if (current && current.isWorkday === isWorkday && current.name === name && current.sourceNotice === sourceNotice) {
    return [];
  }
  return [{ type: 'CalendarAdjusted', data: { date, isWorkday, name, sourceNotice }, occurredAt: ctx.occurredAt }];
}
