import type { Readable, Writable } from 'node:stream';
import type { Pool } from 'pg';
import { COPY_NULL, copyInto, copyText } from './copy';
import { canonicalJson, eventHashOf } from './hash';
import { toStoredEvent } from './sql-event-store';
import type { StoredEvent } from './event-store.port';

/**
 * Export / import of the whole event log as NDJSON, one envelope per line in position order.
 * Positions, times and hashes travel verbatim, so an import into an empty store verifies clean
 * and rebuilds the same projections. (Per stream, position order is version order: a writer
 * reserves its positions only after reading the committed head of its stream.)
 */
export async function exportNdjson(pool: Pool, out: Writable, pageSize = 5000): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const { rows } = await pool.query(`SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT $2`, [after, pageSize]);
    if (rows.length === 0) break;
    let chunk = '';
    for (const row of rows) {
      const { transactionId: _tx, ...e } = toStoredEvent(row);
      chunk += JSON.stringify(e) + '\n';
    }
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    count += rows.length;
    after = Number(rows[rows.length - 1].position);
  }
  return count;
}

export class ImportError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ImportError';
  }
}

/**
 * Imports into an EMPTY store, checking every line's hash and chain link before it is written
 * (a tampered or truncated file is refused).
 *
 * With `copy` (PostgreSQL; the CLI sets it there, #20) the checked rows stream into one
 * `COPY events FROM STDIN` while the next lines are parsed and checked: the database ingests as
 * this process checks, and a refused line aborts the COPY, so nothing of the file is kept.
 * Without (PGlite, as before): batches inserted with `unnest` arrays, one statement per batch, one
 * batch written while the next is parsed and checked (never two at once, always in file order);
 * a refused line stops the import and nothing of its batch is kept (docs/performance.md).
 */
export async function importNdjson(
  pool: Pool,
  input: Readable,
  options: { batchSize?: number; onProgress?: (count: number) => void; copy?: boolean } = {},
): Promise<number> {
  const { rows } = await pool.query(`SELECT EXISTS (SELECT 1 FROM events) AS any`);
  if (rows[0].any) throw new ImportError(0, 'the store is not empty; import needs an empty events table');
  const batchSize = options.batchSize ?? 5000;
  const count = options.copy
    ? await copyIn(pool, checkedEvents(input), options.onProgress)
    : await insertBatches(pool, checkedEvents(input), batchSize, options.onProgress);
  await pool.query(`SELECT setval(pg_get_serial_sequence('events', 'position'), GREATEST((SELECT max(position) FROM events), 1))`);
  options.onProgress?.(count);
  return count;
}

/** An imported event with the canonical JSON of its data and metadata (hashed, then written as is). */
interface CheckedEvent {
  event: StoredEvent;
  data: string;
  metadata: string;
}

/**
 * The file's lines, a chunk's worth at a time (one await per ~64 KB, not per line); a line ends
 * at `\n`, a `\r` before it is dropped.
 */
async function* lineChunks(input: Readable): AsyncIterable<string[]> {
  input.setEncoding('utf8');
  let rest = '';
  for await (const chunk of input as AsyncIterable<string>) {
    const text = rest + chunk;
    const lines: string[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      lines.push(text.charCodeAt(nl - 1) === 13 && nl > start ? text.slice(start, nl - 1) : text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
    if (lines.length) yield lines;
  }
  if (rest) yield [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
}

/**
 * The file's events, each checked (position order, version order, chain link, hash) before it is
 * yielded, a chunk of lines at a time: a chunk is yielded only when every line of it passed.
 */
async function* checkedEvents(input: Readable): AsyncIterable<CheckedEvent[]> {
  const heads = new Map<string, { version: number; hash: string }>();
  let lineNo = 0;
  let lastPosition = 0;
  for await (const lines of lineChunks(input)) {
    const checked: CheckedEvent[] = [];
    for (const line of lines) {
      lineNo++;
      if (!line.trim()) continue;
      const e = parseLine(line, lineNo);
      const head = heads.get(e.streamId);
      if (e.position <= lastPosition) throw new ImportError(lineNo, `position ${e.position} is not after ${lastPosition}`);
      if (e.streamVersion !== (head?.version ?? 0) + 1)
        throw new ImportError(lineNo, `${e.streamId} version ${e.streamVersion} does not follow ${head?.version ?? 0}`);
      if (e.prevHash !== (head?.hash ?? null))
        throw new ImportError(lineNo, `${e.streamId}@${e.streamVersion}: prevHash does not match the chain`);
      // The canonical JSON is hashed and then written (jsonb keeps no key order): one serialisation each.
      const data = canonicalJson(e.data);
      const metadata = canonicalJson(e.metadata);
      if (eventHashOf(e, data, metadata) !== e.hash)
        throw new ImportError(lineNo, `${e.streamId}@${e.streamVersion}: hash does not match its content`);
      if (head) {
        head.version = e.streamVersion;
        head.hash = e.hash;
      } else heads.set(e.streamId, { version: e.streamVersion, hash: e.hash });
      lastPosition = e.position;
      checked.push({ event: e, data, metadata });
    }
    if (checked.length) yield checked;
  }
}

const COLUMNS =
  'position, event_id, stream_id, stream_version, type, schema_version, occurred_at, recorded_at, data, metadata, prev_hash, hash';
function copyLine({ event: e, data, metadata }: CheckedEvent): string {
  return (
    [
      String(e.position),
      copyText(e.eventId),
      copyText(e.streamId),
      String(e.streamVersion),
      copyText(e.type),
      String(e.schemaVersion),
      e.occurredAt.toISOString(),
      e.recordedAt.toISOString(),
      copyText(data),
      copyText(metadata),
      e.prevHash === null ? COPY_NULL : copyText(e.prevHash),
      copyText(e.hash),
    ].join('\t') + '\n'
  );
}

/** One COPY for the whole file, fed in chunks of ~1 MB; a refused line sends CopyFail (nothing kept). */
async function copyIn(pool: Pool, events: AsyncIterable<CheckedEvent[]>, onProgress?: (count: number) => void): Promise<number> {
  let count = 0;
  async function* chunks(): AsyncGenerator<string> {
    let chunk = '';
    for await (const checked of events) {
      for (const e of checked) chunk += copyLine(e);
      count += checked.length;
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
        onProgress?.(count);
      }
    }
    yield chunk;
  }
  const client = await pool.connect();
  let broken = false;
  try {
    await copyInto(client, `COPY events (${COLUMNS}) FROM STDIN`, chunks());
    return count;
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    client.release(broken); // a connection whose COPY failed is not reused
  }
}

async function insertBatches(
  pool: Pool,
  events: AsyncIterable<CheckedEvent[]>,
  batchSize: number,
  onProgress?: (count: number) => void,
): Promise<number> {
  let batch: CheckedEvent[] = [];
  let count = 0;
  let writing = null as Promise<number> | null; // assigned in write(): a cast, so it is not narrowed to null
  const write = async (rows: CheckedEvent[]) => {
    if (writing) count += await writing;
    writing = insertBatch(pool, rows);
    writing.catch(() => undefined); // awaited below; a failure surfaces there, never unhandled
  };
  try {
    for await (const checked of events) {
      for (const e of checked) batch.push(e);
      if (batch.length >= batchSize) {
        await write(batch);
        batch = [];
        onProgress?.(count);
      }
    }
    if (batch.length) await write(batch);
    if (writing) count += await writing;
  } finally {
    // A refused line stops the import; the batch being written (all of it checked) may land.
    if (writing) await (writing as Promise<number>).catch(() => undefined);
  }
  return count;
}

const REQUIRED_FIELDS = [
  'eventId',
  'type',
  'streamId',
  'streamVersion',
  'position',
  'occurredAt',
  'recordedAt',
  'data',
  'metadata',
  'hash',
];

function parseLine(line: string, lineNo: number): StoredEvent {
  let raw: Record<string, any>;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new ImportError(lineNo, 'not valid JSON');
  }
  for (const field of REQUIRED_FIELDS) if (raw[field] === undefined) throw new ImportError(lineNo, `missing ${field}`);
  // The parsed object becomes the event (no copy: one object per line is garbage enough).
  raw.schemaVersion ??= 1;
  raw.prevHash ??= null;
  raw.transactionId = '';
  raw.occurredAt = new Date(raw.occurredAt);
  raw.recordedAt = new Date(raw.recordedAt);
  return raw as StoredEvent;
}

async function insertBatch(pool: Pool, batch: CheckedEvent[]): Promise<number> {
  const col = <K extends keyof StoredEvent>(k: K) => batch.map((e) => e.event[k]);
  await pool.query(
    `INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version,
                         occurred_at, recorded_at, data, metadata, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::int[],
                          $7::timestamptz[], $8::timestamptz[], $9::jsonb[], $10::jsonb[], $11::text[], $12::text[])`,
    [
      col('position'),
      col('eventId'),
      col('streamId'),
      col('streamVersion'),
      col('type'),
      col('schemaVersion'),
      col('occurredAt'),
      col('recordedAt'),
      batch.map((e) => e.data),
      batch.map((e) => e.metadata),
      col('prevHash'),
      col('hash'),
    ],
  );
  return batch.length;
}
