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
 *
 * Business time, not recording time, decides: a resolution recorded late but dated on or before
 * the due date is on time, so in business time the red card never held. When the watcher had
 * recorded the issue overdue (IssueBecameOverdue) before that resolution was recorded, supervision
 * did see the red card (and the escalation) from the day it was raised: that episode is kept as a
 * cleared alert, cleared on the day the resolution was recorded, its details saying why
 * (`clearedBy`, `recordedOn`, `resolvedOnTime`, `recordedLate`). Derived from the events alone, so
 * a rebuild gives the same rows.
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
  /** The event that ended the segment and the business date it was recorded on (null for the last one). */
  endedBy: { type: string; recordedOn: string } | null;
  /** Whether the watcher had recorded this segment's due date overdue before the segment ended. */
  overdueRecorded: boolean;
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
  life.segments.forEach((seg, index) => {
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
      const red = { dueOn, card: 'red', reminder: true };
      const escalated = { dueOn, action: 'circulate', workingDaysOverdue: Math.max(1, sla.escalateAfterWorkingDays) };
      within(redFrom, null, { kind: 'overdue', identity: dueOn, details: red });
      within(escalateFrom, null, { kind: 'escalated', identity: dueOn, details: escalated });
      const seen = seenThenErased(seg, life.segments[index + 1]);
      if (seen) {
        for (const [kind, from, details] of [
          ['overdue', redFrom, red],
          ['escalated', escalateFrom, escalated],
        ] as const) {
          if (from >= seg.to! && from < seen.recordedOn) {
            candidates.push({
              kind,
              identity: dueOn,
              unitId: seg.unitId,
              from,
              to: seen.recordedOn,
              details: { ...details, ...seen.details },
            });
          }
        }
      }
    }
    if (seg.status === 'in_progress' && seg.progressSince && sla.stalledAfterWorkingDays > 0) {
      const stalledFrom = calendar.addWorkingDays(seg.progressSince, sla.stalledAfterWorkingDays);
      within(stalledFrom, null, {
        kind: 'stalled',
        identity: seg.progressSince,
        details: { lastProgressOn: seg.progressSince, workingDays: sla.stalledAfterWorkingDays },
      });
    }
  });
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

/**
 * An open segment with a due date whose end — a resolution, withdrawal, transfer or extension —
 * was recorded after the watcher had recorded that due date overdue, and on a later date than it
 * happened: supervision saw the issue overdue until the day that record arrived, though in
 * business time it ended earlier. Null when the condition went on (same unit, same due date, still
 * open) or nothing was seen.
 */
function seenThenErased(
  seg: IssueSegment,
  next: IssueSegment | undefined,
): { recordedOn: string; details: Record<string, unknown> } | null {
  const end = seg.endedBy;
  if (!end || seg.to === null || !seg.overdueRecorded || end.recordedOn <= seg.to || !next) return null;
  const stillOpen = next.status === 'pending' || next.status === 'in_progress';
  if (stillOpen && next.dueOn === seg.dueOn && next.unitId === seg.unitId) return null;
  return {
    recordedOn: end.recordedOn,
    details: {
      clearedBy: end.type,
      clearedByOn: seg.to,
      recordedOn: end.recordedOn,
      recordedLate: true,
      resolvedOnTime: end.type === 'IssueResolved' && seg.dueOn !== null && seg.to <= seg.dueOn,
    },
  };
}

/**
 * Adjacent windows of the same alert (split only by an unrelated event) are one alert, and so are
 * two raised on the same day (one episode supervision saw: an issue reopened with its due date and
 * resolved on time again, recorded late twice, after the watcher's overdue).
 */
function merge(candidates: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const c of candidates) {
    const prev = out.findLast((o) => o.kind === c.kind);
    if (prev && prev.identity === c.identity && prev.unitId === c.unitId && prev.to === c.from) {
      prev.to = c.to;
      continue;
    }
    const same = out.find((o) => o.kind === c.kind && o.identity === c.identity && o.from === c.from);
    if (same) same.to = same.to === null || c.to === null ? null : same.to > c.to ? same.to : c.to;
    else out.push({ ...c });
  }
  return out;
}
