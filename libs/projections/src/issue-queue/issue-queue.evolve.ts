/**
 * The issue queue: one row per issue for a unit's work list. evolve(row | null, event) → row,
 * pure. `overdue` is what the deadline watcher recorded (IssueBecameOverdue for the due date in
 * force, while open); a reader that wants "overdue today" also compares `dueOn` with its date.
 */
import type { IssueEvent, IssueKind, Rating } from '@banjie/domain';
import type { StoredEvent } from '@banjie/event-store';
import { IssueFactError } from '../unit-statistics/issue-fact';

export const ISSUE_QUEUE_EVENTS = [
  'IssueCollected',
  'IssueAccepted',
  'IssueTransferred',
  'IssueProgressRecorded',
  'IssueDeadlineExtended',
  'IssueResolved',
  'FeedbackGiven',
  'IssueReopened',
  'IssueWithdrawn',
  'IssueBecameOverdue',
] as const;

export type IssueQueueState = 'pending' | 'in_progress' | 'resolved' | 'withdrawn';

export interface IssueQueueRow {
  issueId: string;
  campaignId: string;
  state: IssueQueueState;
  responsibleUnitId: string;
  collectingUnitId: string;
  enterpriseCode: string;
  kind: IssueKind;
  category: string;
  title: string;
  dueOn: string | null;
  overdue: boolean;
  overdueSince: Date | null;
  resolvedAt: Date | null;
  rating: Rating | null;
  lastEventType: string;
  lastEventAt: Date;
  lastRecordedAt: Date;
  version: number;
}

type Envelope = Pick<StoredEvent, 'type' | 'data' | 'occurredAt' | 'recordedAt' | 'streamVersion'>;

export function evolveIssueQueue(row: IssueQueueRow | null, event: Envelope): IssueQueueRow {
  const e = event as unknown as IssueEvent;
  const touch = { lastEventType: e.type, lastEventAt: event.occurredAt, lastRecordedAt: event.recordedAt, version: event.streamVersion };
  if (e.type === 'IssueCollected') {
    if (row) throw new IssueFactError(`issue ${row.issueId} is already collected`);
    const d = e.data;
    return {
      issueId: d.issueId,
      campaignId: d.campaignId,
      state: 'pending',
      responsibleUnitId: d.unitId,
      collectingUnitId: d.unitId,
      enterpriseCode: d.enterpriseCode,
      kind: d.kind,
      category: d.category,
      title: d.title,
      dueOn: null,
      overdue: false,
      overdueSince: null,
      resolvedAt: null,
      rating: null,
      ...touch,
    };
  }
  if (!row) throw new IssueFactError(`${e.type} for an issue that was never collected`);
  const r = { ...row, ...touch };
  const clearOverdue = { overdue: false, overdueSince: null };
  switch (e.type) {
    case 'IssueAccepted':
      return { ...r, state: 'in_progress', dueOn: e.data.dueOn, ...clearOverdue };
    case 'IssueTransferred':
      return { ...r, state: 'pending', responsibleUnitId: e.data.toUnitId, dueOn: null, ...clearOverdue };
    case 'IssueProgressRecorded':
      return r;
    case 'IssueDeadlineExtended':
      return { ...r, dueOn: e.data.dueOn, ...(e.data.dueOn !== row.dueOn ? clearOverdue : {}) };
    case 'IssueResolved':
      return { ...r, state: 'resolved', resolvedAt: event.occurredAt, rating: null, ...clearOverdue };
    case 'FeedbackGiven':
      return { ...r, rating: e.data.rating };
    case 'IssueReopened':
      return { ...r, state: 'in_progress', resolvedAt: null, rating: null };
    case 'IssueWithdrawn':
      return { ...r, state: 'withdrawn', ...clearOverdue };
    case 'IssueBecameOverdue': {
      const open = row.state === 'pending' || row.state === 'in_progress';
      const current = open && e.data.dueOn === row.dueOn;
      return current ? { ...r, overdue: true, overdueSince: row.overdueSince ?? event.occurredAt } : r;
    }
    default: {
      const unknown: never = e;
      throw new IssueFactError(`unexpected issue event ${(unknown as { type: string }).type}`);
    }
  }
}
