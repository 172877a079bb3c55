import { createHash } from 'node:crypto';
import type { StoredEvent } from './event-store.port';

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const entries = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => JSON.stringify(k) + ':' + canonicalJson((value as Record<string, unknown>)[k]));
  return '{' + entries.join(',') + '}';
}

/**
 * hash = sha256(prevHash ‖ canonical JSON of the envelope without hash). The transaction id is
 * not part of the envelope (it is an artefact of how the row was written, and an import writes
 * rows in other transactions), so it is left out.
 */
export function eventHash(e: Omit<StoredEvent, 'hash' | 'transactionId'>): string {
  return createHash('sha256')
    .update(e.prevHash ?? '')
    .update(canonicalJson(envelopeOf(e)))
    .digest('hex');
}

/** The envelope of DESIGN §3 as plain JSON values (times as ISO strings), without the hash. */
export function envelopeOf(e: Omit<StoredEvent, 'hash' | 'transactionId'>) {
  return {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    position: e.position,
    occurredAt: e.occurredAt.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
    data: e.data,
    metadata: e.metadata,
    prevHash: e.prevHash,
  };
}
