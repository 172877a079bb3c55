import { envelopeOf, type EventMetadata, type StoredEvent } from '@banjie/event-store';
import { recordingLag } from '@banjie/supervision';

/**
 * One event as the audit trail shows it: the whole envelope (times as ISO text; the writing
 * transaction is a storage detail, left out) plus who, where and how late.
 */
export interface AuditEntry extends Omit<StoredEvent, 'transactionId' | 'occurredAt' | 'recordedAt'> {
  occurredAt: string;
  recordedAt: string;
  actor: EventMetadata['actor'];
  unitId: string | null;
  source: string;
  correlationId: string | null;
  causationId: string | null;
  /** recordedAt − occurredAt, ms (back-dated entries have a large gap). */
  lagMs: number;
  lagDays: number;
  /** The gap exceeds the campaign's thresholds.lateRecordingDays (default 7 calendar days). */
  lateRecording: boolean;
}

export function auditEntry(e: StoredEvent, lateRecordingDays: number): AuditEntry {
  const actor = e.metadata?.actor ?? { userId: 'unknown', unitId: null, role: 'unknown' };
  return {
    ...envelopeOf(e),
    hash: e.hash,
    actor,
    unitId: actor.unitId ?? null,
    source: e.metadata?.source,
    correlationId: e.metadata?.correlationId ?? null,
    causationId: e.metadata?.causationId ?? null,
    ...recordingLag(e.occurredAt, e.recordedAt, lateRecordingDays),
  };
}
