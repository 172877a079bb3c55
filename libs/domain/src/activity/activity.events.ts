import type { AttachmentRef } from '../shared/attachments';
import type { DomainEvent } from '../shared/event';

export const ACTIVITY_FORMS = ['door_to_door', 'symposium', 'online', 'phone'] as const;
/** 上门走访, 座谈会, online, phone. */
export type ActivityForm = (typeof ACTIVITY_FORMS)[number];

export type ActivityHeld = DomainEvent<
  'ActivityHeld',
  {
    activityId: string;
    campaignId: string;
    unitId: string;
    form: ActivityForm;
    heldOn: string; // YYYY-MM-DD
    enterpriseCodes: string[];
    summary: string;
    /** Photos and documents of the visit (optional; added by issue 19). */
    attachments?: AttachmentRef[];
  }
>;
export type ActivityEvent = ActivityHeld;
export const activityStream = (activityId: string) => `activity-${activityId}`;
