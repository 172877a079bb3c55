/**
 * The one fold of an issue on the read side: `evolveIssueRow(row | null, event) → row`. The life
 * cycle is the domain's own (`evolveIssue` over `IssueState`: status, responsible unit, due date in
 * force, resolution cycles and ratings, overdue marks); this adds only what readers need on top:
 *
 * - business time ordered over persons' events only: a person's event may be back-dated before an
 *   event the system derived from time (IssueBecameOverdue, whose business time is the start of the
 *   day after the due date), so the fold clamps business time to the latest *person* event and a
 *   resolution dated on or before the due date in force is on time, whatever the watcher recorded;
 * - the rating of the current resolution, when it was resolved, since when the due date is in force
 *   and since when the issue made progress (the alerts' ladder and stall), the watcher's overdue flag
 *   for the due date in force;
 * - the snapshot: the fields any "as of" reader asks about (state, responsible unit, due date,
 *   resolution date, ratings, the alerts' dates). A new snapshot begins at a person's event that
 *   changes one of them, at that event's (clamped) business time and record time; the ended one is
 *   kept as a version with the times the next began — so every reader can ask "as of D, as known at
 *   K" of the same rows (docs/projections.md).
 *
 * Every issue read model reads these rows: the issue queue (GET /issues, the deadline watcher's
 * shortlist), the campaign report, the rankings and the alert rules. Nothing else folds an issue.
 */
import {
  businessDate,
  evolveIssue,
  initialIssueState,
  isDerivedFromTime,
  isOpen,
  type IssueEvent,
  type IssueKind,
  type IssueState,
  type Rating,
  type ExtensionRequest,
  type WithdrawalRequest,
  type SubmittedResolution,
  type RequestDecision,
} from '@banjie/domain';
import { recordedByClock } from '@banjie/supervision';
import { streamEntityId } from '../shared';
import { ProjectionError, type Stored } from '../runtime/keyed-projection';

export type IssueEventType = IssueEvent['type'];
export type IssueLifeState = 'pending' | 'in_progress' | 'resolved' | 'withdrawn';

/** What "as of" readers ask of an issue: one version per change of these. */
export interface IssueSnapshot {
  state: IssueLifeState;
  responsibleUnitId: string;
  /** The due date in force (cleared by a transfer, set by acceptance, moved by an extension). */
  dueOn: string | null;
  /** Business date of the current resolution (while resolved). */
  resolvedOn: string | null;
  /** The rating of the current resolution (a reopen clears it; the next resolution waits for its own). */
  rating: Rating | null;
  /** The latest rating ever given (what the issue list shows). */
  lastRating: Rating | null;
  /** When the due date in force was set (acceptance or extension). */
  dueSince: string | null;
  /** While in progress: the last acceptance, reopening or progress note. */
  progressSince: string | null;
}

/** The issue's constant facts, on every row and version (counted for the collecting unit). */
export interface IssueIdentity {
  issueId: string;
  campaignId: string;
  collectingUnitId: string;
  activityId: string | null;
}

export interface IssueRow extends IssueIdentity, IssueSnapshot {
  enterpriseCode: string;
  kind: IssueKind;
  category: string;
  title: string;
  /** Business time of the IssueCollected. */
  collectedAt: Date;
  // The rest of the domain's IssueState (round-tripped through toIssueState).
  cycle: number;
  ratedThisCycle: boolean;
  overdueRecordedFor: string[];
  lastActedAt: Date | null;
  openedAt: Date | null;
  acceptedOn: string | null;
  /** Requests waiting for the supervision office (GET /inbox) and its last answer (issue #18). */
  extensionRequest: ExtensionRequest | null;
  withdrawalRequest: WithdrawalRequest | null;
  submittedResolution: SubmittedResolution | null;
  lastDecision: RequestDecision | null;
  // Read-side facts.
  /** Business time of the current resolution (while resolved). */
  resolvedAt: Date | null;
  /** The watcher recorded IssueBecameOverdue for the due date in force, while open. */
  overdue: boolean;
  overdueSince: Date | null;
  /** Stream version of the last event applied. */
  version: number;
  lastEventType: string;
  lastEventAt: Date;
  lastRecordedAt: Date;
  /** When the last event was recorded on the commands' clock (metadata.decidedAt, else recordedAt). */
  lastDecidedAt: Date;
  /** The latest business time of a person's event: snapshots begin at these. */
  businessAt: Date;
  /** The current snapshot: its number and when it began (business time, record time). */
  seq: number;
  sinceOccurredAt: Date;
  sinceRecordedAt: Date;
}

/** An ended snapshot, valid from (occurredAt, recordedAt) until the next began (bitemporal). */
export interface IssueVersion extends IssueIdentity, IssueSnapshot, SnapshotEnd {
  seq: number;
  occurredAt: Date;
  recordedAt: Date;
  nextOccurredAt: Date;
  nextRecordedAt: Date;
}

/** How a snapshot ended: what the alerts need to keep an overdue supervision saw before a late record erased it. */
export interface SnapshotEnd {
  /** The type of the event that began the next snapshot. */
  endedBy: string;
  /** Business date that event was recorded on (the commands' clock: metadata.decidedAt, else recordedAt). */
  endedRecordedOn: string;
  /** The watcher had recorded this snapshot's due date overdue before it ended. */
  overdueRecorded: boolean;
}

const SNAPSHOT_FIELDS = [
  'state',
  'responsibleUnitId',
  'dueOn',
  'resolvedOn',
  'rating',
  'lastRating',
  'dueSince',
  'progressSince',
] as const satisfies readonly (keyof IssueSnapshot)[];

export function snapshotOf(row: IssueSnapshot): IssueSnapshot {
  return {
    state: row.state,
    responsibleUnitId: row.responsibleUnitId,
    dueOn: row.dueOn,
    resolvedOn: row.resolvedOn,
    rating: row.rating,
    lastRating: row.lastRating,
    dueSince: row.dueSince,
    progressSince: row.progressSince,
  };
}

function sameSnapshot(a: IssueSnapshot, b: IssueSnapshot): boolean {
  return SNAPSHOT_FIELDS.every((f) => a[f] === b[f]);
}

/** The row's part that is the domain's state. */
export function toIssueState(row: IssueRow): IssueState {
  return {
    status: row.state,
    issueId: row.issueId,
    campaignId: row.campaignId,
    collectingUnitId: row.collectingUnitId,
    responsibleUnitId: row.responsibleUnitId,
    enterpriseCode: row.enterpriseCode,
    activityId: row.activityId,
    kind: row.kind,
    category: row.category,
    title: row.title,
    dueOn: row.dueOn,
    cycle: row.cycle,
    ratedThisCycle: row.ratedThisCycle,
    lastRating: row.lastRating,
    overdueRecordedFor: row.overdueRecordedFor,
    lastActedAt: row.lastActedAt,
    openedAt: row.openedAt,
    acceptedOn: row.acceptedOn,
    resolvedOn: row.resolvedOn,
    extensionRequest: row.extensionRequest,
    withdrawalRequest: row.withdrawalRequest,
    submittedResolution: row.submittedResolution,
    lastDecision: row.lastDecision,
  };
}

/** The issue an event belongs to. */
export function issueIdOf(event: Stored<IssueEventType>): string {
  return event.type === 'IssueCollected' ? event.data.issueId : streamEntityId(event.streamId);
}

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

/** evolve(row | null, event) → row. Throws ProjectionError for an event the issue cannot take. */
export function evolveIssueRow(row: IssueRow | null, event: Stored<IssueEventType>): IssueRow {
  if (event.type === 'IssueCollected' && row) throw new ProjectionError(`issue ${row.issueId} is already collected`);
  if (event.type !== 'IssueCollected' && !row) throw new ProjectionError(`${event.type} for an issue that was never collected`);
  // Persons' business time only moves forward (the domain refuses a person's event before the
  // last one; the clamp keeps imported history well-formed too). Time-derived events do not move it.
  const person = !isDerivedFromTime(event.type);
  const businessAt = !row ? event.occurredAt : person ? later(event.occurredAt, row.businessAt) : row.businessAt;
  const at = person ? businessAt : event.occurredAt;
  const state = evolveIssue(row ? toIssueState(row) : initialIssueState(), { ...event, occurredAt: at });
  if (state.status === 'none' || !state.issueId || !state.campaignId || !state.collectingUnitId || !state.responsibleUnitId)
    throw new ProjectionError(`${event.type} leaves issue ${issueIdOf(event)} without its identity`);
  const on = businessDate(at);
  const wasOpen = row !== null && (row.state === 'pending' || row.state === 'in_progress');
  const stillOverdue = row !== null && row.overdue && wasOpen && row.dueOn === state.dueOn;
  const markedNow = event.type === 'IssueBecameOverdue' && event.data.dueOn === state.dueOn;
  const overdue = isOpen(state) && state.dueOn !== null && (stillOverdue || markedNow);
  const snapshot: IssueSnapshot = {
    state: state.status,
    responsibleUnitId: state.responsibleUnitId,
    dueOn: state.dueOn,
    resolvedOn: state.status === 'resolved' ? state.resolvedOn : null,
    rating: state.status === 'resolved' && state.ratedThisCycle ? state.lastRating : null,
    lastRating: state.lastRating,
    dueSince: state.dueOn === (row?.dueOn ?? null) ? (row?.dueSince ?? null) : state.dueOn === null ? null : on,
    progressSince:
      state.status !== 'in_progress'
        ? null
        : row?.state !== 'in_progress' || event.type === 'IssueProgressRecorded'
          ? on
          : row.progressSince,
  };
  const recordedAt = row ? later(event.recordedAt, row.lastRecordedAt) : event.recordedAt;
  const changed = !row || !sameSnapshot(row, snapshot);
  return {
    issueId: state.issueId,
    campaignId: state.campaignId,
    collectingUnitId: state.collectingUnitId,
    activityId: state.activityId,
    // set by IssueCollected, whose catalogue entry requires them
    enterpriseCode: state.enterpriseCode!,
    kind: state.kind!,
    category: state.category!,
    title: state.title!,
    collectedAt: row?.collectedAt ?? at,
    ...snapshot,
    cycle: state.cycle,
    ratedThisCycle: state.ratedThisCycle,
    overdueRecordedFor: state.overdueRecordedFor,
    lastActedAt: state.lastActedAt,
    openedAt: state.openedAt,
    acceptedOn: state.acceptedOn,
    extensionRequest: state.extensionRequest,
    withdrawalRequest: state.withdrawalRequest,
    submittedResolution: state.submittedResolution,
    lastDecision: state.lastDecision,
    resolvedAt: state.status !== 'resolved' ? null : row?.state === 'resolved' ? row.resolvedAt : at,
    overdue,
    // an open period began after its due date had passed (a reopening): overdue from then on (a v1
    // event, upcast, cannot know it; see libs/domain/src/events.ts)
    overdueSince: !overdue
      ? null
      : stillOverdue
        ? row!.overdueSince
        : state.openedAt
          ? later(event.occurredAt, state.openedAt)
          : event.occurredAt,
    version: event.streamVersion,
    lastEventType: event.type,
    lastEventAt: event.occurredAt,
    lastRecordedAt: recordedAt,
    lastDecidedAt: recordedByClock(event),
    businessAt,
    seq: changed ? (row?.seq ?? 0) + 1 : row!.seq,
    sinceOccurredAt: changed ? businessAt : row!.sinceOccurredAt,
    sinceRecordedAt: changed ? recordedAt : row!.sinceRecordedAt,
  };
}

/** The snapshot a change ended, if it began a new one: what the versions table keeps. */
export function endedVersion(before: IssueRow | null, after: IssueRow): IssueVersion[] {
  if (!before || before.seq === after.seq) return [];
  return [
    {
      issueId: before.issueId,
      campaignId: before.campaignId,
      collectingUnitId: before.collectingUnitId,
      activityId: before.activityId,
      ...snapshotOf(before),
      seq: before.seq,
      occurredAt: before.sinceOccurredAt,
      recordedAt: before.sinceRecordedAt,
      nextOccurredAt: after.sinceOccurredAt,
      nextRecordedAt: after.sinceRecordedAt,
      endedBy: after.lastEventType,
      endedRecordedOn: businessDate(after.lastDecidedAt),
      overdueRecorded: before.dueOn !== null && before.overdueRecordedFor.includes(before.dueOn),
    },
  ];
}
