import type { StoredEvent } from './event-store.port';

/** A row of `events` as the port's envelope. */
export function toStoredEvent(row: Record<string, any>): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: Number(row.position),
    transactionId: String(row.transaction_id),
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    data: row.data,
    metadata: row.metadata,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
