import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deletion-evident audit (docs/event-store.md): `event_anchors` keeps one row per signed
 * checkpoint of the stream heads — a second copy, outside `events`, so that deleting or
 * truncating events (checkpoints included) still leaves a witness; `event_store_settings` keeps
 * the generated signing key when AUDIT_SIGNING_KEY is not configured; the GIN index finds the
 * newest checkpoint that vouches for one stream (an issue's history) without reading them all.
 */
export class EventAnchors1700000005100 implements MigrationInterface {
  name = 'EventAnchors1700000005100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_anchors (
        sequence              integer     PRIMARY KEY,
        event_id              uuid        NOT NULL,
        hash                  text        NOT NULL,
        heads                 integer     NOT NULL,
        covers_transaction_id xid8        NOT NULL DEFAULT '0',
        covers_position       bigint      NOT NULL DEFAULT 0,
        recorded_at           timestamptz NOT NULL
      )`);
    await q.query(`CREATE TABLE event_store_settings (name text PRIMARY KEY, value text NOT NULL)`);
    await q.query(`CREATE INDEX events_checkpoint_heads ON events USING gin ((data->'heads')) WHERE stream_id = 'audit-checkpoints'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX events_checkpoint_heads`);
    await q.query(`DROP TABLE event_store_settings`);
    await q.query(`DROP TABLE event_anchors`);
  }
}
