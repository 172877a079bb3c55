import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ConcurrencyError, START, type Checkpoint, type CheckpointResult, type EventStore, type NewEvent } from '../event-store.port';
import { CHECKPOINT_STREAM, CHECKPOINT_TYPE, signCheckpoint, type AuditKey } from './audit-key';

/** Heads per checkpoint event (a first checkpoint of a large store is several events, appended at once). */
export const HEADS_PER_CHECKPOINT = 2_000;
const PAGE = 10_000;

export class AnchorsAheadError extends Error {
  constructor(
    readonly anchored: number,
    readonly stored: number,
  ) {
    super(
      `the anchor table records ${anchored} checkpoint(s) but the events hold ${stored}: checkpoints were deleted; no new checkpoint is written until this is examined (npm run cli -- verify)`,
    );
    this.name = 'AnchorsAheadError';
  }
}

/**
 * One checkpoint run (a background job: it adds nothing to any append). Reads, under the readers'
 * visibility rule, every event committed since the last checkpoint's cover, keeps the newest
 * version and hash of each stream, and appends them — signed — as `AuditCheckpointRecorded`
 * events with the expected version of the checkpoint stream (so two processes never both write
 * one), then records each in `event_anchors` with the new cover. A crash between the two leaves
 * checkpoint events without anchor rows: the next run fills them in and covers those heads again.
 */
export async function recordCheckpoint(store: EventStore, pool: Pool, key: AuditKey): Promise<CheckpointResult | null> {
  if (store.kind !== 'postgres') return checkpointRun(store, pool, key); // PGlite: one process, its work serialised
  // One checkpointer at a time across processes: a second run that read the checkpoint stream's
  // head after the first's append but before its anchor rows would take those for a crashed run's
  // (backfill, cover from the start) and write a second checkpoint of the same heads. A run that
  // finds another at work stands down, as it would on a conflicting append.
  const lock = await pool.connect();
  let broken = false;
  try {
    const { rows } = await lock.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS got`, [CHECKPOINT_LOCK]);
    if (!rows[0].got) return null;
    try {
      return await checkpointRun(store, pool, key);
    } finally {
      // A connection that cannot unlock is closed, which frees its lock.
      await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [CHECKPOINT_LOCK]).catch(() => (broken = true));
    }
  } finally {
    lock.release(broken);
  }
}

const CHECKPOINT_LOCK = 'banjie:audit-checkpoint';

async function checkpointRun(store: EventStore, pool: Pool, key: AuditKey): Promise<CheckpointResult | null> {
  const readHead = async () => {
    const top = await pool.query(`SELECT stream_version, hash FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`, [
      CHECKPOINT_STREAM,
    ]);
    return { version: Number(top.rows[0]?.stream_version ?? 0), hash: (top.rows[0]?.hash as string | undefined) ?? null };
  };
  const head = { head: await readHead() };
  await backfillAnchors(pool);
  const last = await pool.query(
    `SELECT sequence, covers_transaction_id::text AS t, covers_position AS p FROM event_anchors ORDER BY sequence DESC LIMIT 1`,
  );
  const anchored = last.rows[0] ? Number(last.rows[0].sequence) : 0;
  if (anchored > head.head.version) {
    // Another checkpointer may have appended and anchored between our two reads: then the stream
    // has caught up by now, and this run stands down as it would on a conflict.
    if ((await readHead()).version >= anchored) return null;
    throw new AnchorsAheadError(anchored, head.head.version);
  }
  let cover: Checkpoint = last.rows[0] ? { transactionId: last.rows[0].t, position: Number(last.rows[0].p) } : START;

  const heads = new Map<string, [number, string]>();
  for (;;) {
    const { rows } = await pool.query(
      `SELECT transaction_id::text AS t, position, stream_id, stream_version, hash FROM events
       WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id, position LIMIT $3`,
      [cover.transactionId, cover.position, PAGE],
    );
    for (const r of rows) {
      if (r.stream_id === CHECKPOINT_STREAM) continue; // anchored by event_anchors instead
      const seen = heads.get(r.stream_id);
      if (!seen || seen[0] < r.stream_version) heads.set(r.stream_id, [r.stream_version, r.hash]);
    }
    if (rows.length > 0) cover = { transactionId: rows[rows.length - 1].t, position: Number(rows[rows.length - 1].position) };
    if (rows.length < PAGE) break;
  }
  if (heads.size === 0) return null;

  const entries = [...heads.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const events: NewEvent[] = [];
  for (let i = 0; i < entries.length; i += HEADS_PER_CHECKPOINT) {
    const sequence = head.head.version + events.length + 1;
    events.push({
      type: CHECKPOINT_TYPE,
      data: signCheckpoint(sequence, Object.fromEntries(entries.slice(i, i + HEADS_PER_CHECKPOINT)), key) as never,
      metadata: {
        actor: { userId: 'system:audit', unitId: null, role: 'system' },
        correlationId: randomUUID(),
        causationId: null,
        source: 'audit',
      },
    });
  }
  let appended;
  try {
    appended = await store.append(CHECKPOINT_STREAM, head.head.version === 0 ? 'no_stream' : head.head.version, events, {
      head: head.head,
    });
  } catch (error) {
    if (error instanceof ConcurrencyError) return null; // another process recorded this checkpoint
    throw error;
  }
  const written = await store.readStream(CHECKPOINT_STREAM, { fromVersion: head.head.version + 1 });
  const values: unknown[] = [];
  const tuples = written.map((e, i) => {
    const last = i === written.length - 1;
    values.push(
      e.streamVersion,
      e.eventId,
      e.hash,
      Object.keys((e.data as { heads?: object }).heads ?? {}).length,
      last ? cover.transactionId : '0',
      last ? cover.position : 0,
      e.recordedAt,
    );
    const n = i * 7;
    return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::xid8, $${n + 6}, $${n + 7})`;
  });
  await pool.query(
    `INSERT INTO event_anchors (sequence, event_id, hash, heads, covers_transaction_id, covers_position, recorded_at)
     VALUES ${tuples.join(', ')} ON CONFLICT (sequence) DO NOTHING`,
    values,
  );
  return {
    sequences: written.map((e) => e.streamVersion),
    streams: heads.size,
    hash: appended.lastHash ?? written[written.length - 1].hash,
  };
}

/** Checkpoint events without an anchor row (a crash between the two writes, or an import) get one; they cover nothing new. */
async function backfillAnchors(pool: Pool): Promise<void> {
  await pool.query(
    `INSERT INTO event_anchors (sequence, event_id, hash, heads, recorded_at)
     SELECT stream_version, event_id, hash, (SELECT count(*) FROM jsonb_object_keys(data->'heads'))::int, recorded_at
       FROM events
      WHERE stream_id = $1 AND stream_version > coalesce((SELECT max(sequence) FROM event_anchors), 0)
     ON CONFLICT (sequence) DO NOTHING`,
    [CHECKPOINT_STREAM],
  );
}
