import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AppendFunction1700000009000 } from './1700000009000-append-function';

/**
 * The event hash's input as one SQL expression (the same bytes `eventHash` in hash.ts hashes:
 * prevHash ‖ canonical JSON of the envelope, keys in sorted order), from SQL expressions for
 * the parts only the append knows and the JSON the writer sent (`data`, `metadata`, `tail`:
 * `,"schemaVersion":…,"streamId":…,"streamVersion":`, `end`: `,"type":…}`).
 */
function hashSql(p: {
  prev: string;
  data: string;
  id: string;
  metadata: string;
  occurredIso: string;
  position: string;
  recordedIso: string;
  tail: string;
  version: string;
  end: string;
}): string {
  return `encode(sha256(convert_to(
            coalesce(${p.prev}, '') || '{"data":' || ${p.data} || ',"eventId":"' || ${p.id}::text || '","metadata":' || ${p.metadata}
            || ',"occurredAt":"' || ${p.occurredIso} || '","position":' || ${p.position}::text
            || ',"prevHash":' || coalesce('"' || ${p.prev} || '"', 'null') || ',"recordedAt":"' || ${p.recordedIso} || '"'
            || ${p.tail} || ${p.version}::text || ${p.end}, 'UTF8')), 'hex')`;
}

const iso = (ts: string) => `to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * `banjie_append` made leaner, and `banjie_append_one` for the common append of one event (#20):
 * same contract, same hash, same answers as AppendFunction1700000009000, less work per call —
 * measured per transaction with pgbench and the backends' CPU time (docs/performance.md):
 *
 * - the position sequence is resolved here, once (its OID is in the function), instead of
 *   `pg_get_serial_sequence('events', 'position')` — a name parse and a catalogue scan — per event;
 * - each event is one `INSERT … SELECT … RETURNING` (position, time, hash link and row in one
 *   statement) instead of five PL/pgSQL assignments and an INSERT: PL/pgSQL sets up every
 *   expression it evaluates once per transaction, and an append is a transaction of its own;
 * - `banjie_append_one` takes scalars instead of arrays (no array input on either side), answers
 *   one position, and reads the head inside its INSERT (one statement where there were two; the
 *   head is read again only after a conflict, to answer it).
 *
 * Positions are still taken after the head was read, in version order (docs/event-store.md).
 */
export class AppendFunctionLean1700000009100 implements MigrationInterface {
  name = 'AppendFunctionLean1700000009100';

  async up(q: QueryRunner): Promise<void> {
    const [{ seq }] = (await q.query(`SELECT pg_get_serial_sequence('events', 'position') AS seq`)) as { seq: string }[];
    const nextPosition = `nextval('${seq.replace(/'/g, "''")}'::regclass)`;
    await q.query(`
      CREATE FUNCTION banjie_append_one(
        p_stream text, p_expected integer, p_expected_hash text,
        p_id uuid, p_type text, p_schema_version integer, p_occurred timestamptz,
        p_data text, p_metadata text, p_tail text, p_end text,
        OUT out_version integer, OUT out_hash text, OUT out_position bigint)
      LANGUAGE plpgsql AS $fn$
      BEGIN
        -- The head read, the check, the position, the clock, the hash link and the row: one
        -- statement (one snapshot). The subquery keeps nextval behind the check: a conflict
        -- takes no position.
        INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version,
                            occurred_at, recorded_at, data, metadata, prev_hash, hash)
        SELECT s.pos, p_id, p_stream, s.v, p_type, p_schema_version, s.occ, s.now,
               p_data::jsonb, p_metadata::jsonb, s.prev,
               ${hashSql({ prev: 's.prev', data: 'p_data', id: 'p_id', metadata: 'p_metadata', occurredIso: iso('s.occ'), position: 's.pos', recordedIso: iso('s.now'), tail: 'p_tail', version: 's.v', end: 'p_end' })}
          FROM (SELECT ${nextPosition} AS pos, coalesce(h.v, 0) + 1 AS v, h.hash AS prev,
                       coalesce(p_occurred, n.now) AS occ, n.now
                  FROM (SELECT date_trunc('milliseconds', clock_timestamp()) AS now) n
                  LEFT JOIN LATERAL (SELECT e.stream_version AS v, e.hash FROM events e
                                      WHERE e.stream_id = p_stream ORDER BY e.stream_version DESC LIMIT 1) h ON true
                 WHERE (p_expected IS NULL OR p_expected = coalesce(h.v, 0))
                   AND (p_expected_hash IS NULL OR p_expected_hash IS NOT DISTINCT FROM h.hash)) s
        RETURNING stream_version, hash, position INTO out_version, out_hash, out_position;
        IF out_position IS NULL THEN
          -- A conflict: nothing written; the answer is the stored head.
          SELECT e.stream_version, e.hash INTO out_version, out_hash
            FROM events e WHERE e.stream_id = p_stream ORDER BY e.stream_version DESC LIMIT 1;
          out_version := coalesce(out_version, 0);
        END IF;
      END
      $fn$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION banjie_append(
        p_stream text, p_expected integer, p_expected_hash text,
        p_ids uuid[], p_types text[], p_schema_versions integer[], p_occurred timestamptz[],
        p_data text[], p_metadata text[], p_tails text[], p_ends text[],
        OUT out_version integer, OUT out_hash text, OUT out_positions bigint[], OUT out_recorded_at timestamptz)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_head integer;
        v_pos bigint;
        i integer;
      BEGIN
        SELECT e.stream_version, e.hash INTO v_head, out_hash
          FROM events e WHERE e.stream_id = p_stream ORDER BY e.stream_version DESC LIMIT 1;
        out_version := coalesce(v_head, 0);
        IF (p_expected IS NOT NULL AND p_expected <> out_version)
           OR (p_expected_hash IS NOT NULL AND p_expected_hash IS DISTINCT FROM out_hash) THEN
          RETURN;
        END IF;
        out_recorded_at := date_trunc('milliseconds', clock_timestamp());
        out_positions := '{}';
        FOR i IN 1 .. cardinality(p_ids) LOOP
          INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version,
                              occurred_at, recorded_at, data, metadata, prev_hash, hash)
          SELECT s.pos, p_ids[i], p_stream, s.v, p_types[i], p_schema_versions[i], s.occ, out_recorded_at,
                 p_data[i]::jsonb, p_metadata[i]::jsonb, out_hash,
                 ${hashSql({ prev: 'out_hash', data: 'p_data[i]', id: 'p_ids[i]', metadata: 'p_metadata[i]', occurredIso: iso('s.occ'), position: 's.pos', recordedIso: iso('out_recorded_at'), tail: 'p_tails[i]', version: 's.v', end: 'p_ends[i]' })}
            FROM (SELECT ${nextPosition} AS pos, out_version + i AS v, coalesce(p_occurred[i], out_recorded_at) AS occ) s
          RETURNING position, hash INTO v_pos, out_hash;
          out_positions := out_positions || v_pos;
        END LOOP;
        out_version := out_version + cardinality(p_ids);
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION banjie_append_one(text, integer, text, uuid, text, integer, timestamptz, text, text, text, text)`);
    // The previous body of banjie_append, as AppendFunction1700000009000 installs it.
    const previous = new AppendFunction1700000009000();
    await previous.down(q);
    await previous.up(q);
  }
}
