/**
 * `notice_overdue`: a supervision notice (督办) still unanswered on the first working day past
 * its respond-by date; cleared when the unit answers or the office closes the notice.
 */
import type { WorkingCalendar } from '@banjie/domain';
import { clip, earliest, makeAlert, type Evaluation } from './alert';
import type { IssueHistoryEvent } from './issue-alerts';

export function evaluateNotice(events: readonly IssueHistoryEvent[], calendar: WorkingCalendar, today: string): Evaluation {
  const issued = events[0];
  if (!issued || issued.type !== 'SupervisionNoticeIssued') return { alerts: [], nextCheckOn: null };
  const d = issued.data;
  const answeredOn = events.find((e) => e.type === 'SupervisionNoticeAnswered')?.on ?? null;
  const closedOn = events.find((e) => e.type === 'SupervisionNoticeClosed')?.on ?? null;
  const lateFrom = calendar.addWorkingDays(String(d.respondBy), 1);
  const end = earliest(answeredOn, closedOn);
  const window = clip(lateFrom, end, today);
  const nextCheckOn = end === null && lateFrom > today ? lateFrom : null;
  if (!window) return { alerts: [], nextCheckOn };
  const alert = makeAlert(
    'notice_overdue',
    { kind: 'notice', id: String(d.noticeId) },
    { campaignId: String(d.campaignId), unitId: String(d.unitId), noticeId: String(d.noticeId) },
    window,
    { respondBy: d.respondBy, noticeLevel: d.level, issueIds: d.issueIds ?? [], reason: d.reason },
  );
  return { alerts: [alert], nextCheckOn };
}
