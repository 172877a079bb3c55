import type { ActivityEvent } from './activity/activity.events';
import type { CalendarEvent } from './calendar/calendar.events';
import type { CampaignEvent } from './campaign/campaign.events';
import type { EnterpriseEvent } from './enterprise/enterprise.events';
import type { IssueEvent } from './issue/issue.events';
import type { SupervisionNoticeEvent } from './supervision-notice/supervision-notice.events';
import type { UnitEvent } from './unit/unit.events';

/** Every event banjie stores: the catalogue of DESIGN §3 as one discriminated union. */
export type BanjieEvent = UnitEvent | EnterpriseEvent | CampaignEvent | ActivityEvent | IssueEvent | CalendarEvent | SupervisionNoticeEvent;

export type BanjieEventType = BanjieEvent['type'];

/** Stored type strings are fixed (DESIGN §3: add fields, never rename). */
export const EVENT_TYPES: readonly BanjieEventType[] = [
  'UnitRegistered',
  'UnitRenamed',
  'UnitRetired',
  'EnterpriseRegistered',
  'CampaignLaunched',
  'CampaignClosed',
  'ActivityHeld',
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
  'CalendarAdjusted',
  'SupervisionNoticeIssued',
  'SupervisionNoticeAnswered',
  'SupervisionNoticeClosed',
];
