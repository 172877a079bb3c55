import { createHash } from 'node:crypto';

/**
 * The id of the `index`-th event a request with Idempotency-Key `key` writes: the same for every
 * attempt of that request, so a retry whose first attempt did commit (its answer lost in a
 * failover) can never store its events a second time — the store's unique event_id refuses them
 * (a same-place retry is answered as the first; see SqlEventStore.append) — and the HTTP edge can
 * find the first attempt's events by primary key and answer as it would have. A UUID of version 8
 * (RFC 9562's custom layout) from SHA-256 over the key's source, the key and the index.
 */
export function idempotentEventId(source: string, key: string, index: number): string {
  const h = createHash('sha256').update(`banjie-event-id\0${source}\0${key}\0${index}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80; // version 8
  h[8] = (h[8] & 0x3f) | 0x80; // RFC variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
