/** Builders of stored events for the projections' pure tests (no store involved). */
import type { StoredEvent } from '@banjie/event-store';

let position = 0;

/** A Beijing wall-clock time 'YYYY-MM-DD HH:mm' as an instant. */
export function bj(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}

export function stored(
  streamId: string,
  type: string,
  data: Record<string, unknown>,
  occurred: string,
  recorded?: string,
  streamVersion = 1,
): StoredEvent {
  position += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    schemaVersion: type === 'IssueBecameOverdue' ? 2 : 1,
    streamId,
    streamVersion,
    position,
    transactionId: String(position),
    occurredAt: bj(occurred),
    recordedAt: bj(recorded ?? occurred),
    data,
    metadata: { actor: { userId: 'u', unitId: null, role: 'system' }, correlationId: 'c', causationId: null, source: 'cli' },
    prevHash: null,
    hash: 'h',
  };
}

/** An issue's stream, versions numbered in order. */
export function issueStream(issueId: string) {
  let version = 0;
  const streamId = `issue-${issueId}`;
  return (type: string, data: Record<string, unknown>, occurred: string, recorded?: string) =>
    stored(streamId, type, data, occurred, recorded, ++version);
}
