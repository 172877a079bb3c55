/**
 * One issue as the statistics count it: the facts of DESIGN §2 (collected, resolved, rated,
 * on time, open with a due date), folded from its stream. Pure: no I/O, no clock.
 *
 * An issue counts for the unit that collected it, whatever unit is responsible now.
 * Rating: the rating given in the current resolution cycle (a reopen clears it; the next
 * resolution waits for its own feedback), so "rated" means "resolved and rated since".
 * On time: the business date of the (latest) resolution is on or before the due date that was
 * in force when it was resolved; an issue resolved with no due date (on the spot, or after a
 * transfer cleared it) is outside the on-time denominator.
 */
import type { IssueEvent, Rating } from '@banjie/domain';
import type { StoredEvent } from '@banjie/event-store';
import { businessDate, later } from '../shared';

export type IssueFactStatus = 'pending' | 'in_progress' | 'resolved' | 'withdrawn';

export interface IssueFact {
  issueId: string;
  campaignId: string;
  /** The collecting unit: the one the issue counts for. */
  unitId: string;
  status: IssueFactStatus;
  /** The due date in force (cleared by a transfer, set by accept, moved by an extension). */
  dueOn: string | null;
  /** Business date of the latest resolution, while resolved. */
  resolvedOn: string | null;
  /** The due date in force at that resolution. */
  resolvedDueOn: string | null;
  rating: Rating | null;
  /** How many distinct statistics snapshots this issue has had (1 after collection). */
  seq: number;
  /** When the current snapshot began: business time (clamped to never go back) and record time. */
  since: { occurredAt: Date; recordedAt: Date };
  /** The latest event's times (for the clamp; not every event changes the snapshot). */
  last: { occurredAt: Date; recordedAt: Date };
}

/** What an issue contributes to its unit's counts, at one moment. */
export interface IssueSnapshot {
  counted: boolean;
  resolved: boolean;
  rating: Rating | null;
  /** Resolved with a due date (the on-time denominator). */
  dueKnown: boolean;
  onTime: boolean;
  open: boolean;
  /** Due date of an open issue (openOverdue = open with dueOn before the day asked). */
  openDueOn: string | null;
}

export class IssueFactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IssueFactError';
  }
}

export function snapshotOf(fact: IssueFact | null): IssueSnapshot {
  if (!fact) return NO_SNAPSHOT;
  const resolved = fact.status === 'resolved';
  const open = fact.status === 'pending' || fact.status === 'in_progress';
  const dueKnown = resolved && fact.resolvedDueOn !== null;
  return {
    counted: fact.status !== 'withdrawn',
    resolved,
    rating: resolved ? fact.rating : null,
    dueKnown,
    onTime: dueKnown && fact.resolvedOn !== null && fact.resolvedOn <= fact.resolvedDueOn!,
    open,
    openDueOn: open ? fact.dueOn : null,
  };
}

export const NO_SNAPSHOT: IssueSnapshot = Object.freeze({
  counted: false,
  resolved: false,
  rating: null,
  dueKnown: false,
  onTime: false,
  open: false,
  openDueOn: null,
});

export function sameSnapshot(a: IssueSnapshot, b: IssueSnapshot): boolean {
  return (
    a.counted === b.counted &&
    a.resolved === b.resolved &&
    a.rating === b.rating &&
    a.dueKnown === b.dueKnown &&
    a.onTime === b.onTime &&
    a.open === b.open &&
    a.openDueOn === b.openDueOn
  );
}

type IssueEnvelope = Pick<StoredEvent, 'type' | 'data' | 'occurredAt' | 'recordedAt'>;

/**
 * evolve(fact | null, event) → fact. Throws IssueFactError for an event the fact cannot take
 * (an issue event before its IssueCollected): live projection parks it, a rebuild stops.
 */
export function evolveIssueFact(fact: IssueFact | null, event: IssueEnvelope): IssueFact {
  const e = event as unknown as IssueEvent;
  // Business time never goes back within an issue (the domain refuses it; the clamp keeps the
  // as-of intervals well-formed even for imported history).
  const occurredAt = fact ? later(event.occurredAt, fact.last.occurredAt) : event.occurredAt;
  const recordedAt = fact ? later(event.recordedAt, fact.last.recordedAt) : event.recordedAt;
  if (e.type === 'IssueCollected') {
    if (fact) throw new IssueFactError(`issue ${fact.issueId} is already collected`);
    const d = e.data;
    const at = { occurredAt, recordedAt };
    return {
      issueId: d.issueId,
      campaignId: d.campaignId,
      unitId: d.unitId,
      status: 'pending',
      dueOn: null,
      resolvedOn: null,
      resolvedDueOn: null,
      rating: null,
      seq: 1,
      since: at,
      last: at,
    };
  }
  if (!fact) throw new IssueFactError(`${e.type} for an issue that was never collected`);
  const next = nextFact(fact, e, occurredAt);
  const last = { occurredAt, recordedAt };
  if (sameSnapshot(snapshotOf(fact), snapshotOf(next))) return { ...next, since: fact.since, seq: fact.seq, last };
  return { ...next, seq: fact.seq + 1, since: last, last };
}

function nextFact(fact: IssueFact, e: IssueEvent, occurredAt: Date): IssueFact {
  switch (e.type) {
    case 'IssueCollected':
      return fact; // handled by the caller
    case 'IssueAccepted':
      return { ...fact, status: 'in_progress', dueOn: e.data.dueOn };
    case 'IssueTransferred':
      return { ...fact, status: 'pending', dueOn: null };
    case 'IssueDeadlineExtended':
      return { ...fact, dueOn: e.data.dueOn };
    case 'IssueResolved':
      return { ...fact, status: 'resolved', resolvedOn: businessDate(occurredAt), resolvedDueOn: fact.dueOn, rating: null };
    case 'FeedbackGiven':
      return { ...fact, rating: e.data.rating };
    case 'IssueReopened':
      return { ...fact, status: 'in_progress', resolvedOn: null, resolvedDueOn: null, rating: null };
    case 'IssueWithdrawn':
      return { ...fact, status: 'withdrawn' };
    case 'IssueProgressRecorded':
    case 'IssueBecameOverdue':
      return fact;
    default: {
      const unknown: never = e;
      throw new IssueFactError(`unexpected issue event ${(unknown as { type: string }).type}`);
    }
  }
}

/** The counts one snapshot adds to its unit (openOverdue depends on the day asked: see queries). */
export interface IssueCounts {
  issuesCollected: number;
  issuesResolved: number;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  onTimeResolved: number;
  resolvedWithDue: number;
}

export function countsOf(s: IssueSnapshot): IssueCounts {
  const rated = s.resolved && s.rating !== null;
  return {
    issuesCollected: s.counted ? 1 : 0,
    issuesResolved: s.resolved ? 1 : 0,
    rated: rated ? 1 : 0,
    satisfied: rated && s.rating === 'satisfied' ? 1 : 0,
    basicallySatisfied: rated && s.rating === 'basically_satisfied' ? 1 : 0,
    dissatisfied: rated && s.rating === 'dissatisfied' ? 1 : 0,
    onTimeResolved: s.onTime ? 1 : 0,
    resolvedWithDue: s.dueKnown ? 1 : 0,
  };
}
