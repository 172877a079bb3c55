/**
 * Whether an IssueBecameOverdue still counts, read from the issue's stream (pure, for the audit
 * trail and any read model). The watcher records what the system knew: open past the due date.
 * A person's event recorded later but back-dated before that moment (the back-dating rule) can
 * show the issue was not overdue after all — resolved on time, withdrawn, transferred, or its
 * deadline moved. The overdue event stays in the stream (history is never rewritten); this says
 * why it no longer counts.
 */
import { businessDate } from '../shared/dates';
import type { IssueEvent } from './issue.events';

export type OverdueSupersededReason = 'resolved_on_time' | 'withdrawn' | 'transferred' | 'deadline_extended';

export interface OverdueSuperseded {
  /** Stream index (0-based) of the IssueBecameOverdue. */
  overdueIndex: number;
  /** Stream index of the later-recorded, earlier-dated event that supersedes it. */
  byIndex: number;
  reason: OverdueSupersededReason;
  /** The due date the overdue was recorded for. */
  dueOn: string;
  /** The superseding event's business date. */
  on: string;
}

/** An issue event with its business time (a stored envelope will do). */
type Dated = { type: IssueEvent['type'] | string; data: unknown; occurredAt?: Date };

function supersedes(e: Dated, dueOn: string, moment: Date): OverdueSupersededReason | null {
  if (!e.occurredAt || e.occurredAt.getTime() >= moment.getTime()) return null;
  switch (e.type) {
    case 'IssueResolved':
      return businessDate(e.occurredAt) <= dueOn ? 'resolved_on_time' : null;
    case 'IssueWithdrawn':
      return 'withdrawn';
    case 'IssueTransferred':
      return 'transferred';
    case 'IssueDeadlineExtended':
      return (e.data as { dueOn: string }).dueOn !== dueOn ? 'deadline_extended' : null;
    default:
      return null;
  }
}

/** Each IssueBecameOverdue of the stream that no longer counts, with the event that shows why. */
export function supersededOverdues(events: readonly Dated[]): OverdueSuperseded[] {
  const out: OverdueSuperseded[] = [];
  events.forEach((overdue, overdueIndex) => {
    if (overdue.type !== 'IssueBecameOverdue' || !overdue.occurredAt) return;
    const dueOn = (overdue.data as { dueOn: string }).dueOn;
    for (let byIndex = overdueIndex + 1; byIndex < events.length; byIndex++) {
      const reason = supersedes(events[byIndex], dueOn, overdue.occurredAt);
      if (reason) {
        out.push({ overdueIndex, byIndex, reason, dueOn, on: businessDate(events[byIndex].occurredAt!) });
        return;
      }
    }
  });
  return out;
}
