/**
 * Per-issue alerts, on working days (DESIGN §4; the 12345 hotline's ladder):
 *
 * - `due_soon` 黄牌: open with a due date, from `sla.dueSoonWorkingDays` working days before it
 *   (never before the due date was set) until the issue closes, the due date moves, or the red
 *   card replaces it on the first working day past the due date.
 * - `overdue` 红牌 + 催办: from the first working day past the due date until the issue is
 *   resolved, withdrawn or transferred, or the deadline is extended.
 * - `escalated` 通报: from `sla.escalateAfterWorkingDays` working days overdue, cleared likewise.
 * - `stalled`: in progress with no progress note (acceptance and reopening count as a start) for
 *   `sla.stalledAfterWorkingDays` working days; cleared by the next note or by leaving progress.
 */
import type { WorkingCalendar } from '@banjie/domain';
import type { SupervisionSettings } from '../settings';
import { clip, earliest, makeAlert, type AlertKind, type Evaluation, type Window } from './alert';

/**
 * One stretch of an issue's life with nothing the alerts read changing: from business date `from`
 * until `to` (exclusive; null: still so). The read side cuts an issue's life into these from the
 * one fold's snapshots (libs/projections: alerts/issue-timeline.ts).
 */
export interface IssueSegment {
  from: string;
  to: string | null;
  status: 'pending' | 'in_progress' | 'resolved' | 'withdrawn';
  /** The responsible unit (the alerts belong to it). */
  unitId: string;
  dueOn: string | null;
  /** When the due date in force was set (acceptance or extension). */
  dueSince: string | null;
  /** Start of the current "no progress" count (acceptance, reopen or the last progress note). */
  progressSince: string | null;
}

export interface IssueTimeline {
  issueId: string;
  campaignId: string;
  /** In order, each beginning where the previous ended. */
  segments: readonly IssueSegment[];
}

interface Candidate {
  kind: AlertKind;
  /** What makes two adjacent windows the same alert (the due date, the stall's start). */
  identity: string;
  unitId: string;
  from: string;
  to: string | null;
  details: Record<string, unknown>;
}

export function evaluateIssue(
  life: IssueTimeline | null,
  settings: SupervisionSettings,
  calendar: WorkingCalendar,
  today: string,
): Evaluation {
  if (!life || life.segments.length === 0) return { alerts: [], nextCheckOn: null };
  const { sla } = settings;
  const candidates: Candidate[] = [];
  const upcoming: string[] = [];
  for (const seg of life.segments) {
    const open = seg.status === 'pending' || seg.status === 'in_progress';
    const within = (from: string, to: string | null, c: Omit<Candidate, 'from' | 'to' | 'unitId'>) => {
      const start = from > seg.from ? from : seg.from;
      const end = earliest(to, seg.to);
      if (end !== null && end <= start) return;
      candidates.push({ ...c, unitId: seg.unitId, from: start, to: end });
      if (seg.to === null && start > today) upcoming.push(start);
    };
    if (open && seg.dueOn) {
      const dueOn = seg.dueOn;
      const redFrom = calendar.addWorkingDays(dueOn, 1);
      const yellowFrom = sla.dueSoonWorkingDays > 0 ? calendar.addWorkingDays(dueOn, -sla.dueSoonWorkingDays) : dueOn;
      const escalateFrom = calendar.addWorkingDays(dueOn, Math.max(1, sla.escalateAfterWorkingDays));
      const dueSince = seg.dueSince ?? seg.from;
      within(yellowFrom > dueSince ? yellowFrom : dueSince, redFrom, {
        kind: 'due_soon',
        identity: dueOn,
        details: { dueOn, card: 'yellow', workingDaysBefore: sla.dueSoonWorkingDays },
      });
      within(redFrom, null, { kind: 'overdue', identity: dueOn, details: { dueOn, card: 'red', reminder: true } });
      within(escalateFrom, null, {
        kind: 'escalated',
        identity: dueOn,
        details: { dueOn, action: 'circulate', workingDaysOverdue: Math.max(1, sla.escalateAfterWorkingDays) },
      });
    }
    if (seg.status === 'in_progress' && seg.progressSince && sla.stalledAfterWorkingDays > 0) {
      const stalledFrom = calendar.addWorkingDays(seg.progressSince, sla.stalledAfterWorkingDays);
      within(stalledFrom, null, {
        kind: 'stalled',
        identity: seg.progressSince,
        details: { lastProgressOn: seg.progressSince, workingDays: sla.stalledAfterWorkingDays },
      });
    }
  }
  const alerts = merge(candidates)
    .map((c) => ({ c, w: clip(c.from, c.to, today) }))
    .filter((x): x is { c: Candidate; w: Window } => x.w !== null)
    .map(({ c, w }) =>
      makeAlert(
        c.kind,
        { kind: 'issue', id: life.issueId },
        { campaignId: life.campaignId, unitId: c.unitId, issueId: life.issueId },
        w,
        c.details,
        c.identity,
      ),
    );
  return { alerts, nextCheckOn: upcoming.length ? upcoming.sort()[0] : null };
}

/** Adjacent windows of the same alert (split only by an unrelated event) are one alert. */
function merge(candidates: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const c of candidates) {
    const prev = out.findLast((o) => o.kind === c.kind);
    if (prev && prev.identity === c.identity && prev.unitId === c.unitId && prev.to === c.from) prev.to = c.to;
    else out.push({ ...c });
  }
  return out;
}
