import { createHash } from 'node:crypto';
import type { StoredEvent } from './event-store.port';

/**
 * JSON with object keys sorted at every depth: the same value always gives the same text.
 * Written as loops (no filter / sort / map / join arrays per object, keys sorted only when they
 * are not already): it runs for every event written and twice per event imported (#20).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(v);
  }
  return out + '}';
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

/**
 * `eventHash` for a caller that has the canonical JSON of `data` and `metadata` already (the
 * import writes them too): the canonical envelope spelled out in its sorted key order — the
 * text `canonicalJson(envelopeOf(e))` gives when every field is present, as in an imported line
 * (`eventHash` drops an absent one).
 */
export function eventHashOf(e: Omit<StoredEvent, 'hash' | 'transactionId' | 'data' | 'metadata'>, data: string, metadata: string): string {
  const envelope =
    '{"data":' +
    data +
    ',"eventId":' +
    canonicalJson(e.eventId) +
    ',"metadata":' +
    metadata +
    ',"occurredAt":' +
    JSON.stringify(e.occurredAt.toISOString()) +
    ',"position":' +
    canonicalJson(e.position) +
    ',"prevHash":' +
    canonicalJson(e.prevHash) +
    ',"recordedAt":' +
    JSON.stringify(e.recordedAt.toISOString()) +
    ',"schemaVersion":' +
    canonicalJson(e.schemaVersion) +
    ',"streamId":' +
    canonicalJson(e.streamId) +
    ',"streamVersion":' +
    canonicalJson(e.streamVersion) +
    ',"type":' +
    canonicalJson(e.type) +
    '}';
  return createHash('sha256')
    .update(e.prevHash ?? '')
    .update(envelope)
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
