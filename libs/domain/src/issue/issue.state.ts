import { businessDate } from '../shared/dates';
import { assertNever } from '../shared/event';
import { isDerivedFromTime, type IssueEvent, type IssueKind, type Rating } from './issue.events';

export const ISSUE_STATUSES = ['none', 'pending', 'in_progress', 'resolved', 'withdrawn'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export interface IssueState {
  status: IssueStatus;
  issueId: string | null;
  campaignId: string | null;
  collectingUnitId: string | null;
  /** Who must act now; the collecting unit until a transfer. */
  responsibleUnitId: string | null;
  enterpriseCode: string | null;
  activityId: string | null;
  kind: IssueKind | null;
  category: string | null;
  title: string | null;
  /** The committed due date; cleared by a transfer, set by accept, moved by an extension. */
  dueOn: string | null;
  /** Resolutions so far: each IssueResolved opens a feedback window for its cycle. */
  cycle: number;
  ratedThisCycle: boolean;
  lastRating: Rating | null;
  /** Due dates for which IssueBecameOverdue was recorded (the watcher records each once). */
  overdueRecordedFor: string[];
  /**
   * Business time of the last event a person recorded (or an import on a person's behalf): the
   * floor for back-dating. Events derived from the passage of time (IssueBecameOverdue) leave it.
   */
  lastActedAt: Date | null;
  acceptedOn: string | null;
  resolvedOn: string | null;
  /** Business time the current open period began (collection or the last reopening). */
  openedAt: Date | null;
}

export function initialIssueState(): IssueState {
  return {
    status: 'none',
    issueId: null,
    campaignId: null,
    collectingUnitId: null,
    responsibleUnitId: null,
    enterpriseCode: null,
    activityId: null,
    kind: null,
    category: null,
    title: null,
    dueOn: null,
    cycle: 0,
    ratedThisCycle: false,
    lastRating: null,
    overdueRecordedFor: [],
    lastActedAt: null,
    acceptedOn: null,
    resolvedOn: null,
    openedAt: null,
  };
}

export function evolveIssue(state: IssueState, event: IssueEvent): IssueState {
  const at = event.occurredAt ?? null;
  const acted = at && !isDerivedFromTime(event.type) ? at : state.lastActedAt;
  const next = { ...state, lastActedAt: acted };
  const on = at ? businessDate(at) : null;
  switch (event.type) {
    case 'IssueCollected': {
      const d = event.data;
      return {
        ...next,
        status: 'pending',
        issueId: d.issueId,
        campaignId: d.campaignId,
        collectingUnitId: d.unitId,
        responsibleUnitId: d.unitId,
        enterpriseCode: d.enterpriseCode,
        activityId: d.activityId ?? null,
        kind: d.kind,
        category: d.category,
        title: d.title,
        openedAt: at,
      };
    }
    case 'IssueAccepted':
      return { ...next, status: 'in_progress', dueOn: event.data.dueOn, acceptedOn: on };
    case 'IssueTransferred':
      return { ...next, status: 'pending', responsibleUnitId: event.data.toUnitId, dueOn: null, acceptedOn: null };
    case 'IssueProgressRecorded':
      return next;
    case 'IssueDeadlineExtended':
      return { ...next, dueOn: event.data.dueOn };
    case 'IssueResolved':
      return { ...next, status: 'resolved', cycle: state.cycle + 1, ratedThisCycle: false, resolvedOn: on };
    case 'FeedbackGiven':
      return { ...next, ratedThisCycle: true, lastRating: event.data.rating };
    case 'IssueReopened':
      return { ...next, status: 'in_progress', ratedThisCycle: false, resolvedOn: null, openedAt: at };
    case 'IssueWithdrawn':
      return { ...next, status: 'withdrawn' };
    case 'IssueBecameOverdue':
      return { ...next, overdueRecordedFor: [...state.overdueRecordedFor, event.data.dueOn] };
    default:
      return assertNever(event);
  }
}

/** Pending or in progress: counts as open work (and can become overdue). */
export function isOpen(state: IssueState): boolean {
  return state.status === 'pending' || state.status === 'in_progress';
}

/**
 * On time (DESIGN §2 按期办结): resolved, and the resolution's business date is on or before the
 * due date in force — whatever the watcher recorded before the resolution was recorded (an
 * IssueBecameOverdue says what the system knew then). Null while not resolved or with no due date
 * (resolved on the spot, or after a transfer cleared it): outside the on-time denominator.
 */
export function resolvedOnTime(state: IssueState): boolean | null {
  if (state.status !== 'resolved' || !state.dueOn || !state.resolvedOn) return null;
  return state.resolvedOn <= state.dueOn;
}
