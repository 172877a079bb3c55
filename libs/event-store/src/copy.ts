/**
 * `COPY … FROM STDIN` on one PostgreSQL connection (pg-copy-streams), for bulk writes: the fastest
 * way to get many rows in (no parse of a statement per row, no parameter arrays). PGlite has no
 * COPY FROM STDIN through its socket: callers keep their batched INSERTs there.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped. */
export const copyText = (value: string): string =>
  NEEDS_ESCAPE.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value; // most values have nothing to escape: no new string

/** COPY's text-format null. */
export const COPY_NULL = '\\N';

/**
 * Runs `sql` (a `COPY … FROM STDIN`) on `client`, feeding it `chunks` (COPY text, whole lines) with
 * back-pressure; a failure of `chunks` itself (e.g. an import's refused line) aborts the COPY. A
 * failure (a refused row, a lost connection) rejects; the caller's transaction is
 * then aborted and nothing of the COPY is kept.
 */
export async function copyInto(client: PoolClient, sql: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  const stream = client.query(copyFrom(sql));
  const done = finished(stream);
  done.catch(() => undefined); // awaited below; a failure surfaces there, never unhandled
  try {
    for await (const chunk of chunks) if (chunk.length && !stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
    stream.end();
  } catch (error) {
    stream.destroy(error as Error);
    throw error;
  }
  await done;
}
