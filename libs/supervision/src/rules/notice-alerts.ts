/**
 * `notice_overdue`: a supervision notice (督办) still unanswered on the first working day past
 * its respond-by date; cleared when the unit answers or the office closes the notice.
 */
import type { WorkingCalendar } from '@banjie/domain';
import { clip, earliest, makeAlert, type Evaluation } from './alert';

/** What the rule reads of a notice (the directory's row). */
export interface NoticeFacts {
  noticeId: string;
  campaignId: string;
  unitId: string;
  level: string;
  reason: string;
  issueIds: readonly string[];
  respondBy: string;
  /** Business dates of the first answer and of the close. */
  answeredOn: string | null;
  closedOn: string | null;
}

export function evaluateNotice(notice: NoticeFacts | null, calendar: WorkingCalendar, today: string): Evaluation {
  if (!notice) return { alerts: [], nextCheckOn: null };
  const lateFrom = calendar.addWorkingDays(notice.respondBy, 1);
  const end = earliest(notice.answeredOn, notice.closedOn);
  const window = clip(lateFrom, end, today);
  const nextCheckOn = end === null && lateFrom > today ? lateFrom : null;
  if (!window) return { alerts: [], nextCheckOn };
  const alert = makeAlert(
    'notice_overdue',
    { kind: 'notice', id: notice.noticeId },
    { campaignId: notice.campaignId, unitId: notice.unitId, noticeId: notice.noticeId },
    window,
    { respondBy: notice.respondBy, noticeLevel: notice.level, issueIds: notice.issueIds, reason: notice.reason },
  );
  return { alerts: [alert], nextCheckOn };
}
