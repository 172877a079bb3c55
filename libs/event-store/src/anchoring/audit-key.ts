import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { canonicalJson } from '../hash';

/** The stream the checkpoints are recorded in, and their event type (docs/event-store.md). */
export const CHECKPOINT_STREAM = 'audit-checkpoints';
export const CHECKPOINT_TYPE = 'AuditCheckpointRecorded';

/** The key checkpoints are signed with: AUDIT_SIGNING_KEY, or one generated on first use and kept in the database. */
export interface AuditKey {
  /** A fingerprint (first 16 hex digits of its SHA-256), stored with each signature; never the key. */
  id: string;
  secret: Buffer;
}

const SETTING = 'audit_signing_key';

export function auditKeyOf(secret: string): AuditKey {
  const bytes = Buffer.from(secret, 'utf8');
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 16), secret: bytes };
}

/**
 * The configured key, or the generated one (created when `create` is set: the first checkpoint).
 * The key's value never leaves this function except as the HMAC key; it is never logged.
 */
export async function loadAuditKey(pool: Pool, configured: string | undefined, create: boolean): Promise<AuditKey | null> {
  if (configured) return auditKeyOf(configured);
  if (create) {
    await pool.query(`INSERT INTO event_store_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      SETTING,
      randomBytes(32).toString('base64url'),
    ]);
  }
  const { rows } = await pool.query(`SELECT value FROM event_store_settings WHERE name = $1`, [SETTING]);
  return rows[0] ? auditKeyOf(rows[0].value) : null;
}

/** What a checkpoint signs: its sequence (its version in the checkpoint stream) and the heads it vouches for. */
export interface CheckpointData {
  sequence: number;
  /** stream id → [version, hash of the event at that version]. */
  heads: Record<string, [number, string]>;
  keyId: string;
  signature: string;
}

export function signCheckpoint(sequence: number, heads: CheckpointData['heads'], key: AuditKey): CheckpointData {
  return { sequence, heads, keyId: key.id, signature: mac(sequence, heads, key) };
}

export function checkpointSignatureValid(data: CheckpointData, key: AuditKey | null): boolean {
  if (!key || data.keyId !== key.id || typeof data.signature !== 'string') return false;
  const expected = Buffer.from(mac(data.sequence, data.heads, key), 'hex');
  const given = Buffer.from(data.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function mac(sequence: number, heads: CheckpointData['heads'], key: AuditKey): string {
  return createHmac('sha256', key.secret).update(canonicalJson({ sequence, heads })).digest('hex');
}
