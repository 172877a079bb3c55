/**
 * For tests only: what an attacker with database access does to stored events (edit, delete,
 * truncate), so that the hash chain's and the checkpoints' tamper evidence (`verify`) can be shown. Lives here because the event store is the only
 * code that touches its table.
 */
import type { SqlSession } from '../event-store.port';

/** Overwrites a stored event's `data` (and, with `hash`, its hash) behind the store's back. */
export async function tamperWithStoredEvent(
  db: SqlSession,
  streamId: string,
  streamVersion: number,
  change: { data?: Record<string, unknown>; hash?: string },
): Promise<void> {
  if (change.data !== undefined)
    await db.query(`UPDATE events SET data = $3::jsonb WHERE stream_id = $1 AND stream_version = $2`, [
      streamId,
      streamVersion,
      JSON.stringify(change.data),
    ]);
  if (change.hash !== undefined)
    await db.query(`UPDATE events SET hash = $3 WHERE stream_id = $1 AND stream_version = $2`, [streamId, streamVersion, change.hash]);
}

/** Deletes a stored event (or, without a version, the whole stream) behind the store's back. */
export async function deleteStoredEvents(db: SqlSession, streamId: string, streamVersion?: number): Promise<void> {
  if (streamVersion === undefined) await db.query(`DELETE FROM events WHERE stream_id = $1`, [streamId]);
  else await db.query(`DELETE FROM events WHERE stream_id = $1 AND stream_version = $2`, [streamId, streamVersion]);
}

/** Empties the event table behind the store's back. */
export async function truncateStoredEvents(db: SqlSession): Promise<void> {
  await db.query(`TRUNCATE events`);
}
