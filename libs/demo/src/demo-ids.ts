/**
 * Stable ids for the demo: name-based UUIDs (RFC 9562 version 5) under one namespace, so the
 * same unit, activity or issue has the same id on every run and every machine.
 */
import { createHash } from 'node:crypto';

/** The demo's namespace (itself a random v4 UUID, fixed forever). */
export const DEMO_NAMESPACE = '3b8f6c2e-7d4a-4e1b-9c5f-2a6d8e0b1c47';

function bytesOf(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

export function uuidV5(name: string, namespace: string = DEMO_NAMESPACE): string {
  const hash = createHash('sha1').update(bytesOf(namespace)).update(Buffer.from(name, 'utf8')).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The id of a demo thing: `demoId('unit', 'wh-cjj')`. */
export function demoId(kind: 'unit' | 'campaign' | 'activity' | 'issue', key: string): string {
  return uuidV5(`banjie-demo:${kind}:${key}`);
}
