import type { ActivityEvent } from './activity/activity.events';
import type { CalendarEvent } from './calendar/calendar.events';
import type { CampaignEvent } from './campaign/campaign.events';
import type { EnterpriseEvent } from './enterprise/enterprise.events';
import type { IssueEvent } from './issue/issue.events';
import { overdueMoment } from './shared/dates';
import type { SupervisionNoticeEvent } from './supervision-notice/supervision-notice.events';
import type { UnitEvent } from './unit/unit.events';

/** Every event banjie stores: the catalogue of DESIGN §3 as one discriminated union. */
export type BanjieEvent = UnitEvent | EnterpriseEvent | CampaignEvent | ActivityEvent | IssueEvent | CalendarEvent | SupervisionNoticeEvent;

export type BanjieEventType = BanjieEvent['type'];

/** The event of one type. */
export type EventOf<T extends BanjieEventType> = Extract<BanjieEvent, { type: T }>;

/**
 * Each stored type with the schema version banjie writes today and the data fields every event of
 * that version carries. Stored type strings are fixed (DESIGN §3: add fields, never rename); a
 * change of shape bumps the version and adds an upcaster (below) from the previous one.
 */
export const EVENT_CATALOGUE = {
  UnitRegistered: { version: 1, required: ['unitId', 'name', 'level', 'region'] },
  UnitRenamed: { version: 1, required: ['unitId', 'name'] },
  UnitRetired: { version: 1, required: ['unitId'] },
  EnterpriseRegistered: { version: 1, required: ['creditCode', 'name', 'region'] },
  CampaignLaunched: { version: 1, required: ['campaignId', 'title', 'startsOn', 'endsOn'] },
  CampaignClosed: { version: 1, required: ['campaignId'] },
  CampaignCategoriesChanged: { version: 1, required: ['campaignId', 'categories'] },
  ActivityHeld: { version: 1, required: ['activityId', 'campaignId', 'unitId', 'form', 'heldOn', 'enterpriseCodes'] },
  IssueCollected: { version: 1, required: ['issueId', 'campaignId', 'unitId', 'enterpriseCode', 'kind', 'category', 'title'] },
  IssueAccepted: { version: 1, required: ['dueOn'] },
  IssueTransferred: { version: 1, required: ['toUnitId'] },
  IssueProgressRecorded: { version: 1, required: [] },
  IssueDeadlineExtended: { version: 1, required: ['dueOn'] },
  IssueResolved: { version: 1, required: [] },
  FeedbackGiven: { version: 1, required: ['rating'] },
  IssueReopened: { version: 1, required: [] },
  IssueWithdrawn: { version: 1, required: [] },
  IssueBecameOverdue: { version: 2, required: ['dueOn'] },
  IssueDeadlineExtensionRequested: { version: 1, required: ['requestedDueOn', 'reason'] },
  IssueDeadlineExtensionRefused: { version: 1, required: ['reason'] },
  IssueWithdrawalRequested: { version: 1, required: ['reason'] },
  IssueWithdrawalRefused: { version: 1, required: ['reason'] },
  IssueResolutionSubmitted: { version: 1, required: ['resolution'] },
  IssueResolutionReturned: { version: 1, required: ['reason'] },
  CalendarAdjusted: { version: 1, required: ['date', 'isWorkday'] },
  SupervisionNoticeIssued: { version: 1, required: ['noticeId', 'campaignId', 'unitId', 'issueIds', 'level', 'respondBy'] },
  SupervisionNoticeAnswered: { version: 1, required: [] },
  SupervisionNoticeClosed: { version: 1, required: [] },
} as const satisfies Record<BanjieEventType, { version: number; required: readonly string[] }>;

/** Stored type strings, in catalogue order. */
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as readonly BanjieEventType[];

export function isBanjieEventType(type: string): type is BanjieEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, type);
}

/** The schema version a writer stamps on a new event of this type. */
export function schemaVersionOf(type: BanjieEventType): number {
  return EVENT_CATALOGUE[type].version;
}

/** What an upcaster sees and returns: the parts of a stored event a schema change may touch. */
export interface EventShape {
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Upcasters by type and the version they read: each returns the shape of the next version, so an
 * event stored long ago is read as the catalogue's current version.
 */
const UPCASTERS: { readonly [T in BanjieEventType]?: Readonly<Record<number, (e: EventShape) => EventShape>> } = {
  IssueBecameOverdue: {
    // v1 (until the time model of issue #13) took the watcher's clock as business time: the moment
    // supervision noticed. v2 records when the issue became overdue — the start of the day after
    // its due date, Beijing time (overdueMoment) — and keeps the watcher's moment in recordedAt
    // (and metadata.decidedAt), where it belongs. The due date is in the event, so a v1 event reads
    // as v2 would have written it — but for an issue reopened after its due date had passed, which
    // v2 dates at the reopening: one event cannot know that, so the read side's fold takes the later
    // of this moment and the start of the issue's open period (issue.fold.ts).
    1: (e) => ({ ...e, schemaVersion: 2, occurredAt: overdueMoment(String(e.data.dueOn)) }),
  },
};

export class EventSchemaError extends Error {
  readonly code = 'EVENT.SCHEMA';
  constructor(message: string) {
    super(message);
    this.name = 'EventSchemaError';
  }
}

/** An envelope of any store (stored, as a fold loads it, or a test's): what `asBanjieEvent` needs. */
export interface EventEnvelope {
  type: string;
  schemaVersion: number;
  data: unknown;
  occurredAt: Date;
}

/** The envelope with its `type` and `data` as the domain event of that type (a discriminated union). */
export type TypedEvent<Env extends EventEnvelope, T extends BanjieEventType = BanjieEventType> = T extends BanjieEventType
  ? Omit<Env, 'type' | 'data'> & { type: T; data: EventOf<T>['data'] }
  : never;

function hasRequiredFields(type: BanjieEventType, data: Record<string, unknown>): boolean {
  return EVENT_CATALOGUE[type].required.every((field: string) => data[field] !== undefined && data[field] !== null);
}

/** The type guard behind asBanjieEvent: a known type, the current version, every required field. */
function isCurrent<Env extends EventEnvelope>(e: Env): e is Env & TypedEvent<Env> {
  if (!isBanjieEventType(e.type) || typeof e.data !== 'object' || e.data === null) return false;
  return e.schemaVersion === EVENT_CATALOGUE[e.type].version && hasRequiredFields(e.type, e.data as Record<string, unknown>);
}

/**
 * A stored event as the domain event of its type: upcast from its stored schema version to the
 * catalogue's current one, its required fields checked. Throws EventSchemaError for an unknown
 * type, a version newer than this build knows, a missing upcaster or a missing field: a read model
 * parks such an event, a rebuild stops on it.
 */
export function asBanjieEvent<Env extends EventEnvelope>(stored: Env): TypedEvent<Env> {
  const { type } = stored;
  if (!isBanjieEventType(type)) throw new EventSchemaError(`unknown event type ${type}`);
  if (typeof stored.data !== 'object' || stored.data === null) throw new EventSchemaError(`${type}: data is not an object`);
  const current = EVENT_CATALOGUE[type].version;
  const version = stored.schemaVersion ?? 1;
  if (version > current) throw new EventSchemaError(`${type} v${version} is newer than this build of banjie reads (v${current})`);
  let shape: EventShape = { type, schemaVersion: version, data: stored.data as Record<string, unknown>, occurredAt: stored.occurredAt };
  while (shape.schemaVersion < current) {
    const up = UPCASTERS[type]?.[shape.schemaVersion];
    if (!up) throw new EventSchemaError(`${type}: no upcaster from v${shape.schemaVersion}`);
    shape = up(shape);
  }
  const event = { ...stored, schemaVersion: shape.schemaVersion, data: shape.data, occurredAt: shape.occurredAt };
  if (!isCurrent(event)) {
    const missing = EVENT_CATALOGUE[type].required.filter((f: string) => shape.data[f] === undefined || shape.data[f] === null);
    throw new EventSchemaError(`${type}: missing ${missing.join(', ')}`);
  }
  return event;
}
