import type { AttachmentRef } from '../shared/attachments';
import type { DomainEvent } from '../shared/event';

export const ISSUE_KINDS = ['problem', 'suggestion'] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
/** 满意, 基本满意, 不满意. */
export type Rating = (typeof RATINGS)[number];

export const FEEDBACK_CHANNELS = ['enterprise_link', 'callback', 'on_site'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

export type IssueCollected = DomainEvent<
  'IssueCollected',
  {
    issueId: string;
    campaignId: string;
    unitId: string;
    enterpriseCode: string;
    activityId?: string | null;
    kind: IssueKind;
    category: string;
    title: string;
    description: string;
  }
>;
export type IssueAccepted = DomainEvent<'IssueAccepted', { dueOn: string; handler?: string | null }>;
export type IssueTransferred = DomainEvent<'IssueTransferred', { fromUnitId: string; toUnitId: string; reason: string }>;
export type IssueProgressRecorded = DomainEvent<'IssueProgressRecorded', { note: string }>;
export type IssueDeadlineExtended = DomainEvent<'IssueDeadlineExtended', { dueOn: string; reason: string }>;
/** `attachments`: photos and documents of the result (optional; added by issue 19). */
export type IssueResolved = DomainEvent<'IssueResolved', { resolution: string; attachments?: AttachmentRef[] }>;
export type FeedbackGiven = DomainEvent<'FeedbackGiven', { rating: Rating; comment?: string | null; channel: FeedbackChannel }>;
export type IssueReopened = DomainEvent<'IssueReopened', { reason: string }>;
export type IssueWithdrawn = DomainEvent<'IssueWithdrawn', { reason: string }>;
/** Issue #18: the responsible unit asks the supervision office for a later due date (one open request at a time). */
export type IssueDeadlineExtensionRequested = DomainEvent<'IssueDeadlineExtensionRequested', { requestedDueOn: string; reason: string }>;
/** The office refuses the open extension request (approval is IssueDeadlineExtended). */
export type IssueDeadlineExtensionRefused = DomainEvent<'IssueDeadlineExtensionRefused', { reason: string }>;
/** With `withdrawalNeedsApproval`: a unit's withdrawal is a request; the issue stays open until the office approves (IssueWithdrawn). */
export type IssueWithdrawalRequested = DomainEvent<'IssueWithdrawalRequested', { reason: string }>;
export type IssueWithdrawalRefused = DomainEvent<'IssueWithdrawalRefused', { reason: string }>;
/** With `resolutionNeedsReview` (办结审核): the unit's resolution, unresolved until the office accepts it (IssueResolved). */
export type IssueResolutionSubmitted = DomainEvent<'IssueResolutionSubmitted', { resolution: string; attachments?: AttachmentRef[] }>;
export type IssueResolutionReturned = DomainEvent<'IssueResolutionReturned', { reason: string }>;
export type IssueBecameOverdue = DomainEvent<'IssueBecameOverdue', { dueOn: string }>;

export type IssueEvent =
  | IssueCollected
  | IssueAccepted
  | IssueTransferred
  | IssueProgressRecorded
  | IssueDeadlineExtended
  | IssueResolved
  | FeedbackGiven
  | IssueReopened
  | IssueWithdrawn
  | IssueBecameOverdue
  | IssueDeadlineExtensionRequested
  | IssueDeadlineExtensionRefused
  | IssueWithdrawalRequested
  | IssueWithdrawalRefused
  | IssueResolutionSubmitted
  | IssueResolutionReturned;

export const ISSUE_EVENT_TYPES = [
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
  'IssueDeadlineExtensionRequested',
  'IssueDeadlineExtensionRefused',
  'IssueWithdrawalRequested',
  'IssueWithdrawalRefused',
  'IssueResolutionSubmitted',
  'IssueResolutionReturned',
] as const satisfies readonly IssueEvent['type'][];

export function isIssueEvent<E extends { type: string }>(e: E): e is E & { type: IssueEvent['type'] } {
  return (ISSUE_EVENT_TYPES as readonly string[]).includes(e.type);
}

export const issueStream = (issueId: string) => `issue-${issueId}`;

/**
 * Events the system derives from the passage of time rather than a person's record of the world.
 * Their business time is the moment the rule says (IssueBecameOverdue: the start of the day after
 * the due date), so it may lie after person events recorded later; a person's event may be
 * back-dated before them (the back-dating rule, docs/api.md).
 */
export const TIME_DERIVED_ISSUE_EVENTS = ['IssueBecameOverdue'] as const;

export function isDerivedFromTime(type: string): boolean {
  return (TIME_DERIVED_ISSUE_EVENTS as readonly string[]).includes(type);
}
