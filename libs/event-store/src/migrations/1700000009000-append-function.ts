import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `banjie_append`: a whole append in one statement, so a command is one round trip (#20): the
 * head read and expected-version check, the positions and the clock, the hash link and the
 * INSERT, atomic as one statement is. The hash is the one `eventHash` (hash.ts) computes:
 * sha256(prevHash ‖ canonical JSON of the envelope). The writer sends the canonical JSON of
 * `data` and `metadata` and the JSON of the keys it knows (`tails`: `,"schemaVersion":…,"streamId":…,"streamVersion":`;
 * `ends`: `,"type":…}`); the function fills in what only it knows — occurredAt when not given,
 * position, prevHash, recordedAt, streamVersion — formatted as JavaScript formats them (integers;
 * ISO 8601 in UTC with milliseconds). A conflict (another head than the expected version, or
 * than the expected hash) writes nothing and answers the head with null positions; a writer
 * racing to the same version fails on the unique (stream_id, stream_version) as before.
 * Positions are taken after the head was read, in version order: per stream, position order
 * stays version order (docs/event-store.md).
 */
export class AppendFunction1700000009000 implements MigrationInterface {
  name = 'AppendFunction1700000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION banjie_append(
        p_stream text, p_expected integer, p_expected_hash text,
        p_ids uuid[], p_types text[], p_schema_versions integer[], p_occurred timestamptz[],
        p_data text[], p_metadata text[], p_tails text[], p_ends text[],
        OUT out_version integer, OUT out_hash text, OUT out_positions bigint[], OUT out_recorded_at timestamptz)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_head integer;
        v_now timestamptz;
        v_now_iso text;
        v_occ timestamptz;
        v_prev text;
        v_hash text;
        v_pos bigint;
        i integer;
      BEGIN
        SELECT e.stream_version, e.hash INTO v_head, v_prev
          FROM events e WHERE e.stream_id = p_stream ORDER BY e.stream_version DESC LIMIT 1;
        v_head := coalesce(v_head, 0);
        out_version := v_head;
        out_hash := v_prev;
        IF (p_expected IS NOT NULL AND p_expected <> v_head)
           OR (p_expected_hash IS NOT NULL AND p_expected_hash IS DISTINCT FROM v_prev) THEN
          RETURN;
        END IF;
        v_now := date_trunc('milliseconds', clock_timestamp());
        v_now_iso := to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
        out_positions := '{}';
        FOR i IN 1 .. cardinality(p_ids) LOOP
          v_pos := nextval(pg_get_serial_sequence('events', 'position'));
          v_occ := coalesce(p_occurred[i], v_now);
          v_hash := encode(sha256(convert_to(
            coalesce(v_prev, '')
            || '{"data":' || p_data[i]
            || ',"eventId":"' || p_ids[i]::text
            || '","metadata":' || p_metadata[i]
            || ',"occurredAt":"' || to_char(v_occ AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            || '","position":' || v_pos::text
            || ',"prevHash":' || coalesce('"' || v_prev || '"', 'null')
            || ',"recordedAt":"' || v_now_iso || '"'
            || p_tails[i] || (v_head + i)::text || p_ends[i], 'UTF8')), 'hex');
          INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version,
                              occurred_at, recorded_at, data, metadata, prev_hash, hash)
          VALUES (v_pos, p_ids[i], p_stream, v_head + i, p_types[i], p_schema_versions[i],
                  v_occ, v_now, p_data[i]::jsonb, p_metadata[i]::jsonb, v_prev, v_hash);
          out_positions := out_positions || v_pos;
          v_prev := v_hash;
        END LOOP;
        out_version := v_head + cardinality(p_ids);
        out_hash := v_prev;
        out_recorded_at := v_now;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP FUNCTION banjie_append(text, integer, text, uuid[], text[], integer[], timestamptz[], text[], text[], text[], text[])`,
    );
  }
}
