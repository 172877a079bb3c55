import type { OverdueSuperseded, WorkingCalendar } from '@banjie/domain';
import { envelopeOf, type EventMetadata, type StoredEvent } from '@banjie/event-store';
import { recordedByClock, recordingLag, type RecordingLag } from '@banjie/supervision';

/** Why an IssueBecameOverdue no longer counts: the later-recorded, earlier-dated event that shows it. */
export interface OverdueNoLongerCounts {
  reason: OverdueSuperseded['reason'];
  /** The superseding event. */
  eventId: string;
  type: string;
  streamVersion: number;
  /** Its business date and the date it was recorded (command clock), both Beijing time. */
  on: string;
  recordedOn: string;
  /** For people (the pages speak Chinese). */
  note: string;
}

/**
 * One event as the audit trail shows it: the whole envelope (times as ISO text; the writing
 * transaction is a storage detail, left out) plus who, where and how late.
 */
export interface AuditEntry extends Omit<StoredEvent, 'transactionId' | 'occurredAt' | 'recordedAt'>, RecordingLag {
  occurredAt: string;
  recordedAt: string;
  /** When it was recorded on the commands' clock (metadata.decidedAt; = recordedAt without CLOCK_START). */
  recordedByClock: string;
  actor: EventMetadata['actor'];
  unitId: string | null;
  source: string;
  correlationId: string | null;
  causationId: string | null;
  /** An IssueBecameOverdue that a later-recorded, back-dated event shows was not (or no longer) an overdue. */
  overdueNoLongerCounts?: OverdueNoLongerCounts;
}

export function auditEntry(e: StoredEvent, lateRecordingWorkingDays: number, calendar: WorkingCalendar): AuditEntry {
  const actor = e.metadata?.actor ?? { userId: 'unknown', unitId: null, role: 'unknown' };
  return {
    ...envelopeOf(e),
    hash: e.hash,
    recordedByClock: recordedByClock(e).toISOString(),
    actor,
    unitId: actor.unitId ?? null,
    source: e.metadata?.source,
    correlationId: e.metadata?.correlationId ?? null,
    causationId: e.metadata?.causationId ?? null,
    ...recordingLag(e, lateRecordingWorkingDays, calendar),
  };
}

const REASON_NOTES: Record<OverdueSuperseded['reason'], string> = {
  resolved_on_time: '按期办结',
  withdrawn: '已撤回',
  transferred: '已转办',
  deadline_extended: '办理时限已延长',
};

export function overdueNoLongerCounts(s: OverdueSuperseded, by: StoredEvent, recordedOn: string): OverdueNoLongerCounts {
  return {
    reason: s.reason,
    eventId: by.eventId,
    type: by.type,
    streamVersion: by.streamVersion,
    on: s.on,
    recordedOn,
    note: `${REASON_NOTES[s.reason]}（发生于 ${s.on}，${recordedOn} 补录）：此前记录的超期（办理时限 ${s.dueOn}）不再计入`,
  };
}
