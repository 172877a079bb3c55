/**
 * The peer in the same run (#20): Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql`,
 * a devDependency), `appendToStream` of one event with an expected version and no command layer,
 * on the same server, in the same bench database and with the same history size: its tables
 * (`emt_streams`, `emt_messages`) are filled from banjie's events before the measurements
 * (not timed), so both stores append to tables and indexes of the same size.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import { rawBaseline } from '@banjie/event-store';
import type { OpenIssue } from '../generate';
import { closedLoop, log, now } from '../support';

const NOTE = '已与建设单位约谈，明确了付款计划，正在跟踪落实。';

export interface Peer {
  store: PostgresEventStore;
  pool: Pool;
  /** Each stream's version in Emmett's tables, tracked by the client as banjie's store-alone loop does. */
  heads: Map<string, bigint>;
}

/** Emmett's schema in the bench database, filled with the same history as `events` (not timed). */
export async function openPeer(url: string, issues: OpenIssue[], clients: number): Promise<Peer> {
  const pool = new Pool({ connectionString: url, max: clients });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool }, schema: { autoMigration: 'None' } });
  const t0 = now();
  await store.schema.migrate();
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM emt_messages`);
  if (rows[0].n === 0) {
    // The same rows as banjie's history: the peer appends to tables and indexes of the same size.
    await pool.query(`
      INSERT INTO emt_messages (stream_position, global_position, transaction_id, created, stream_id,
                                message_schema_version, message_id, message_type, message_data, message_metadata)
      SELECT stream_version, position, transaction_id, recorded_at, stream_id, schema_version::text, event_id::text, type, data, metadata
        FROM (${rawBaseline.eventRowsSql}) AS history`);
    await pool.query(`
      INSERT INTO emt_streams (stream_id, stream_position, stream_type, stream_metadata)
      SELECT stream_id, max(stream_version), split_part(stream_id, '-', 1), '{}'::jsonb
        FROM (${rawBaseline.eventRowsSql}) AS history GROUP BY stream_id`);
    await pool.query(`SELECT setval('emt_global_message_position', (SELECT coalesce(max(global_position), 1) FROM emt_messages))`);
    await pool.query(`VACUUM (ANALYZE) emt_messages`);
    await pool.query(`VACUUM (ANALYZE) emt_streams`);
  }
  const heads = new Map<string, bigint>();
  const found = await pool.query(`SELECT stream_id, stream_position FROM emt_streams WHERE stream_id = ANY($1::text[])`, [
    issues.map((i) => `issue-${i.issueId}`),
  ]);
  for (const r of found.rows) heads.set(r.stream_id, BigInt(r.stream_position));
  log(`  peer: Emmett's tables filled with the same history in ${((now() - t0) / 1000).toFixed(1)} s (not timed)`);
  return { store, pool, heads };
}

export async function closePeer(peer: Peer): Promise<void> {
  await peer.store.close().catch(() => undefined);
  await peer.pool.end().catch(() => undefined);
}

/** One `appendToStream` per iteration, with the expected version the client tracks; each client its own issues. */
export async function peerAppend(peer: Peer, mine: OpenIssue[][], clients: number, seconds: number) {
  return closedLoop(clients, seconds, async (c, i) => {
    const issue = mine[c][i % mine[c].length];
    const stream = `issue-${issue.issueId}`;
    const expected = peer.heads.get(stream) ?? 0n;
    const id = randomUUID();
    const result = await peer.store.appendToStream(
      stream,
      [
        {
          type: 'IssueProgressRecorded',
          data: { note: NOTE },
          metadata: {
            actor: { userId: `officer-${issue.unitId}-1`, unitId: issue.unitId, role: 'officer' },
            correlationId: id,
            causationId: id,
            source: 'api',
          },
        },
      ],
      { expectedStreamVersion: expected },
    );
    peer.heads.set(stream, result.nextExpectedStreamVersion);
  });
}
