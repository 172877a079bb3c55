import type { Pool } from 'pg';
import type { AnchorStatus, BrokenLink, StoredEvent, VerifyReport } from '../event-store.port';
import { eventHash } from '../hash';
import { toStoredEvent } from '../stored-row';
import { CHECKPOINT_STREAM, checkpointSignatureValid, type AuditKey, type CheckpointData } from './audit-key';

interface Claim {
  version: number;
  hash: string;
  sequence: number;
}

interface AnchorRow {
  sequence: number;
  hash: string;
  heads: number;
  recordedAt: Date;
}

/**
 * Verifies the store (or one stream) — docs/event-store.md "Hash chain, checkpoints and verify":
 * 1. every stream's chain: each row's hash recomputed, each prev_hash its predecessor's hash,
 *    versions without a gap from 1 (a changed row, a deleted middle event);
 * 2. every signed checkpoint's claims: the stream still reaches the vouched-for version and the
 *    event there has the vouched-for hash (a deleted last event, a deleted stream, a replaced tail);
 * 3. the anchor table against the checkpoint events (deleted checkpoints, a truncated table).
 * Position gaps are not evidence of anything (a sequence has gaps by design) and are not looked at.
 */
export async function verifyStore(pool: Pool, key: AuditKey | null, streamId?: string): Promise<VerifyReport> {
  return streamId === undefined ? verifyAll(pool, key) : verifyOne(pool, key, streamId);
}

async function verifyAll(pool: Pool, key: AuditKey | null): Promise<VerifyReport> {
  const anchors = await anchorRows(pool);
  const checkpoints = new Map<number, StoredEvent>();
  const claims = new Map<string, Map<number, Claim>>();
  const anchorBroken: BrokenLink[] = [];
  for (const e of await streamRows(pool, CHECKPOINT_STREAM)) {
    checkpoints.set(e.streamVersion, e);
    const data = e.data as unknown as CheckpointData;
    if (data.sequence !== e.streamVersion || !checkpointSignatureValid(data, key)) {
      anchorBroken.push(badSignature(e, key));
      continue; // a checkpoint that does not verify vouches for nothing
    }
    for (const [stream, [version, hash]] of Object.entries(data.heads ?? {})) {
      let byVersion = claims.get(stream);
      if (!byVersion) claims.set(stream, (byVersion = new Map()));
      byVersion.set(version, { version, hash, sequence: e.streamVersion });
    }
  }

  const chainBroken: BrokenLink[] = [];
  const seen = new Set<string>();
  let events = 0;
  let prev: StoredEvent | null = null;
  const finish = (last: StoredEvent) => {
    const vouched = newest(claims.get(last.streamId));
    if (vouched && vouched.version > last.streamVersion)
      anchorBroken.push(eventsDeleted(last.streamId, last.streamVersion, vouched, last.position));
  };
  let cursor: [string, number] = ['', 0];
  for (;;) {
    const { rows } = await pool.query(
      `SELECT * FROM events WHERE (stream_id, stream_version) > ($1, $2) ORDER BY stream_id, stream_version LIMIT 2000`,
      cursor,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const e = toStoredEvent(row);
      events++;
      const sameStream = prev?.streamId === e.streamId;
      if (!sameStream) {
        if (prev) finish(prev);
        seen.add(e.streamId);
      }
      const link = chainLink(e, sameStream ? prev : null);
      if (link) chainBroken.push(link);
      const claim = claims.get(e.streamId)?.get(e.streamVersion);
      if (claim && claim.hash !== e.hash) anchorBroken.push(mismatch(e, claim));
      prev = e;
    }
    cursor = [rows[rows.length - 1].stream_id, rows[rows.length - 1].stream_version];
  }
  if (prev) finish(prev);
  for (const [stream, byVersion] of claims) {
    if (seen.has(stream)) continue;
    const vouched = newest(byVersion)!;
    anchorBroken.push({
      streamId: stream,
      streamVersion: 1,
      toVersion: vouched.version,
      position: 0,
      reason: 'stream_deleted',
      detail: `stream ${stream} is gone: checkpoint #${vouched.sequence} vouched for its versions 1–${vouched.version}`,
    });
  }
  anchorBroken.push(...anchorsAgainstCheckpoints(anchors, checkpoints, events));

  // The first broken link of a chain is reported (what follows it is suspect anyway); every anchor finding is.
  const firstPerStream = chainBroken.filter((b, i) => chainBroken.findIndex((c) => c.streamId === b.streamId) === i);
  const broken = [...firstPerStream, ...anchorBroken];
  return { ok: broken.length === 0, streams: seen.size, events, broken, anchors: await anchorStatus(pool, anchors) };
}

async function verifyOne(pool: Pool, key: AuditKey | null, streamId: string): Promise<VerifyReport> {
  const rows = await streamRows(pool, streamId);
  const broken: BrokenLink[] = [];
  let prev: StoredEvent | null = null;
  for (const e of rows) {
    const link = chainLink(e, prev);
    if (link && broken.length === 0) broken.push(link);
    prev = e;
  }
  const anchors = await anchorRows(pool);
  const status = await anchorStatus(pool, anchors);
  status.anchoredVersion = 0;
  if (streamId !== CHECKPOINT_STREAM) {
    const { rows: found } = await pool.query(
      `SELECT * FROM events WHERE stream_id = $1 AND data->'heads' ? $2 ORDER BY stream_version DESC LIMIT 1`,
      [CHECKPOINT_STREAM, streamId],
    );
    const checkpoint = found[0] ? toStoredEvent(found[0]) : null;
    if (checkpoint) {
      const data = checkpoint.data as unknown as CheckpointData;
      const anchor = anchors.find((a) => a.sequence === checkpoint.streamVersion);
      if (eventHash(checkpoint) !== checkpoint.hash || data.sequence !== checkpoint.streamVersion || !checkpointSignatureValid(data, key)) {
        broken.push(badSignature(checkpoint, key));
      } else if (anchor && anchor.hash !== checkpoint.hash) {
        broken.push(checkpointAltered(anchor));
      } else {
        const [version, hash] = data.heads[streamId];
        const claim = { version, hash, sequence: checkpoint.streamVersion };
        status.anchoredVersion = version;
        const last = rows[rows.length - 1];
        const at = rows.find((e) => e.streamVersion === version);
        if (!last) broken.push(eventsDeleted(streamId, 0, claim, 0));
        else if (last.streamVersion < version) broken.push(eventsDeleted(streamId, last.streamVersion, claim, last.position));
        else if (at && at.hash !== hash) broken.push(mismatch(at, claim));
      }
    }
    // A checkpoint deleted from the events could have been the one that vouched for this stream.
    const { rows: lost } = await pool.query(
      `SELECT a.sequence, a.hash, a.heads, a.recorded_at FROM event_anchors a
        WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = $1 AND e.stream_version = a.sequence AND e.hash = a.hash)
        ORDER BY a.sequence LIMIT 1`,
      [CHECKPOINT_STREAM],
    );
    if (lost[0]) broken.push(checkpointAltered(toAnchor(lost[0])));
  }
  status.unanchoredEvents = rows.filter((e) => e.streamVersion > (status.anchoredVersion ?? 0)).length;
  return { ok: broken.length === 0, streams: rows.length ? 1 : 0, events: rows.length, broken, anchors: status };
}

/** The chain rule between an event and its predecessor in the stream (null: the first event). */
function chainLink(e: StoredEvent, prev: StoredEvent | null): BrokenLink | null {
  const expectedVersion = prev ? prev.streamVersion + 1 : 1;
  const at = { streamId: e.streamId, position: e.position };
  if (e.streamVersion !== expectedVersion) {
    const to = e.streamVersion - 1;
    return {
      ...at,
      streamVersion: expectedVersion,
      toVersion: to,
      reason: 'version_gap',
      detail: `stream ${e.streamId}: ${expectedVersion === to ? `version ${to} is` : `versions ${expectedVersion}–${to} are`} missing (deleted) before version ${e.streamVersion}`,
    };
  }
  if (e.prevHash !== (prev ? prev.hash : null)) {
    return {
      ...at,
      streamVersion: e.streamVersion,
      reason: 'prev_hash_mismatch',
      detail: `stream ${e.streamId} version ${e.streamVersion}: prev hash mismatch (a row before it was replaced)`,
    };
  }
  if (eventHash(e) !== e.hash) {
    return {
      ...at,
      streamVersion: e.streamVersion,
      reason: 'hash_mismatch',
      detail: `stream ${e.streamId} version ${e.streamVersion}: hash mismatch (the row was changed)`,
    };
  }
  return null;
}

function newest(byVersion: Map<number, Claim> | undefined): Claim | null {
  let best: Claim | null = null;
  for (const c of byVersion?.values() ?? []) if (!best || c.version > best.version) best = c;
  return best;
}

function eventsDeleted(streamId: string, lastVersion: number, claim: Claim, position: number): BrokenLink {
  const from = lastVersion + 1;
  return {
    streamId,
    streamVersion: from,
    toVersion: claim.version,
    position,
    reason: 'events_deleted',
    detail: `stream ${streamId} ends at version ${lastVersion} but checkpoint #${claim.sequence} vouched for version ${claim.version}: ${from === claim.version ? `version ${from} was` : `versions ${from}–${claim.version} were`} deleted`,
  };
}

function mismatch(e: StoredEvent, claim: Claim): BrokenLink {
  return {
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    position: e.position,
    reason: 'checkpoint_mismatch',
    detail: `stream ${e.streamId} version ${e.streamVersion} is not the event checkpoint #${claim.sequence} vouched for (replaced)`,
  };
}

function badSignature(e: StoredEvent, key: AuditKey | null): BrokenLink {
  const data = e.data as unknown as Partial<CheckpointData>;
  const why = !key
    ? 'this store has no audit key to check it with'
    : data.keyId !== key.id
      ? `it names key ${String(data.keyId)}, this store's key is ${key.id}`
      : 'the signature does not match its content';
  return {
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    position: e.position,
    reason: 'checkpoint_signature_invalid',
    detail: `checkpoint #${e.streamVersion} does not verify (${why}): forged or altered`,
  };
}

function checkpointAltered(anchor: AnchorRow, truncated = false): BrokenLink {
  return {
    streamId: CHECKPOINT_STREAM,
    streamVersion: anchor.sequence,
    position: 0,
    reason: 'checkpoint_deleted',
    detail: `checkpoint #${anchor.sequence} (recorded ${anchor.recordedAt.toISOString()}, vouching for ${anchor.heads} stream head(s)) ${
      truncated
        ? 'is gone with every other event: the events table was emptied (TRUNCATE or DELETE)'
        : 'is missing from the events or differs from its anchor: deleted or replaced'
    }`,
  };
}

/** Each anchor row must find its checkpoint event, unchanged; an empty events table with anchors is named as such. */
function anchorsAgainstCheckpoints(anchors: AnchorRow[], checkpoints: Map<number, StoredEvent>, events: number): BrokenLink[] {
  const out: BrokenLink[] = [];
  for (const anchor of anchors) {
    const e = checkpoints.get(anchor.sequence);
    if (!e || e.hash !== anchor.hash) out.push(checkpointAltered(anchor, events === 0));
  }
  return out;
}

async function streamRows(pool: Pool, streamId: string): Promise<StoredEvent[]> {
  const { rows } = await pool.query(`SELECT * FROM events WHERE stream_id = $1 ORDER BY stream_version`, [streamId]);
  return rows.map(toStoredEvent);
}

function toAnchor(r: Record<string, any>): AnchorRow {
  return { sequence: Number(r.sequence), hash: r.hash, heads: Number(r.heads), recordedAt: new Date(r.recorded_at) };
}

async function anchorRows(pool: Pool): Promise<AnchorRow[]> {
  const { rows } = await pool.query(`SELECT sequence, hash, heads, recorded_at FROM event_anchors ORDER BY sequence`);
  return rows.map(toAnchor);
}

async function anchorStatus(pool: Pool, anchors: AnchorRow[]): Promise<AnchorStatus> {
  const last = anchors[anchors.length - 1];
  const cover = await pool.query(
    `SELECT covers_transaction_id::text AS t, covers_position AS p FROM event_anchors
      ORDER BY covers_transaction_id DESC, covers_position DESC LIMIT 1`,
  );
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM events WHERE stream_id <> $1 AND (transaction_id, position) > ($2::xid8, $3::bigint)`,
    [CHECKPOINT_STREAM, cover.rows[0]?.t ?? '0', Number(cover.rows[0]?.p ?? 0)],
  );
  return {
    checkpoints: anchors.length,
    last: last ? { sequence: last.sequence, recordedAt: last.recordedAt.toISOString() } : null,
    unanchoredEvents: rows[0].n,
  };
}
