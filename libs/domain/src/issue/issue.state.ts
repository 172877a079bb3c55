import { businessDate } from '../shared/dates';
import { assertNever } from '../shared/event';
import type { AttachmentRef } from '../shared/attachments';
import { isDerivedFromTime, type IssueEvent, type IssueKind, type Rating } from './issue.events';

export const ISSUE_STATUSES = ['none', 'pending', 'in_progress', 'resolved', 'withdrawn'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

/** What a unit asked the supervision office and waits for (issue #18); at most one of each kind. */
export interface ExtensionRequest {
  requestedDueOn: string;
  reason: string;
  requestedOn: string | null;
}
export interface WithdrawalRequest {
  reason: string;
  requestedOn: string | null;
}
export interface SubmittedResolution {
  resolution: string;
  attachments?: AttachmentRef[];
  /** Business date the unit submitted it: the resolution's date once accepted (on time is judged on it). */
  submittedOn: string | null;
}
export const REQUEST_KINDS = ['extension', 'withdrawal', 'resolution'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
/** The office's last answer to a request, for the unit to read (approved / refused and why). */
export interface RequestDecision {
  kind: RequestKind;
  approved: boolean;
  reason: string;
  decidedOn: string | null;
}

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
  /** Open requests to the supervision office: the issue stays open and unresolved while they wait. */
  extensionRequest: ExtensionRequest | null;
  withdrawalRequest: WithdrawalRequest | null;
  submittedResolution: SubmittedResolution | null;
  lastDecision: RequestDecision | null;
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
    extensionRequest: null,
    withdrawalRequest: null,
    submittedResolution: null,
    lastDecision: null,
  };
}

const decision = (kind: RequestKind, approved: boolean, reason: string, on: string | null): RequestDecision => ({
  kind,
  approved,
  reason,
  decidedOn: on,
});

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
      // the due date goes, and with it any request to move it
      return { ...next, status: 'pending', responsibleUnitId: event.data.toUnitId, dueOn: null, acceptedOn: null, extensionRequest: null };
    case 'IssueProgressRecorded':
      return next;
    case 'IssueDeadlineExtended':
      // approving the open request, or unasked: either way no request is left open
      return {
        ...next,
        dueOn: event.data.dueOn,
        extensionRequest: null,
        lastDecision: state.extensionRequest ? decision('extension', true, event.data.reason, on) : state.lastDecision,
      };
    case 'IssueDeadlineExtensionRequested':
      return { ...next, extensionRequest: { requestedDueOn: event.data.requestedDueOn, reason: event.data.reason, requestedOn: on } };
    case 'IssueDeadlineExtensionRefused':
      return { ...next, extensionRequest: null, lastDecision: decision('extension', false, event.data.reason, on) };
    case 'IssueResolutionSubmitted':
      return {
        ...next,
        submittedResolution: { resolution: event.data.resolution, attachments: event.data.attachments, submittedOn: on },
      };
    case 'IssueResolutionReturned':
      return { ...next, submittedResolution: null, lastDecision: decision('resolution', false, event.data.reason, on) };
    case 'IssueResolved':
      // under review, the unit finished when it submitted: on time is judged on that date
      return {
        ...next,
        status: 'resolved',
        cycle: state.cycle + 1,
        ratedThisCycle: false,
        resolvedOn: state.submittedResolution?.submittedOn ?? on,
        submittedResolution: null,
        extensionRequest: null,
        lastDecision: state.submittedResolution ? decision('resolution', true, '', on) : state.lastDecision,
      };
    case 'FeedbackGiven':
      return { ...next, ratedThisCycle: true, lastRating: event.data.rating };
    case 'IssueReopened':
      return { ...next, status: 'in_progress', ratedThisCycle: false, resolvedOn: null, openedAt: at };
    case 'IssueWithdrawalRequested':
      return { ...next, withdrawalRequest: { reason: event.data.reason, requestedOn: on } };
    case 'IssueWithdrawalRefused':
      return { ...next, withdrawalRequest: null, lastDecision: decision('withdrawal', false, event.data.reason, on) };
    case 'IssueWithdrawn':
      return {
        ...next,
        status: 'withdrawn',
        withdrawalRequest: null,
        extensionRequest: null,
        lastDecision: state.withdrawalRequest ? decision('withdrawal', true, event.data.reason, on) : state.lastDecision,
      };
    case 'IssueBecameOverdue':
      return { ...next, overdueRecordedFor: [...state.overdueRecordedFor, event.data.dueOn] };
    default:
      return assertNever(event);
  }
}

/**
 * Pending or in progress: counts as open work (and can become overdue). A withdrawal waiting for
 * approval and a resolution waiting for review leave the status as it was, so such an issue is
 * open — and unresolved — in every read model until the office decides (issue #18).
 */
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

/** The request the supervision office has yet to decide, if any (a withdrawal or a resolution first: they stop other work). */
export function openRequest(state: IssueState): RequestKind | null {
  if (state.withdrawalRequest) return 'withdrawal';
  if (state.submittedResolution) return 'resolution';
  if (state.extensionRequest) return 'extension';
  return null;
}
