import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access control's tables (docs/access.md): people, their bearer tokens (SHA-256 only, never the
 * token), settings generated on first start (the feedback-link secret), and one row per used
 * feedback link — its primary key (issue, cycle) is what makes a link single-use.
 */
export class Access1700000004000 implements MigrationInterface {
  name = 'Access1700000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_users (
        user_id      uuid PRIMARY KEY,
        name         text        NOT NULL,
        unit_id      text,
        role         text        NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
        created_at   timestamptz NOT NULL DEFAULT now(),
        disabled_at  timestamptz,
        CONSTRAINT access_users_officer_has_unit CHECK (role <> 'officer' OR unit_id IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE access_tokens (
        token_id    uuid PRIMARY KEY,
        user_id     uuid        NOT NULL REFERENCES access_users (user_id),
        token_hash  text        NOT NULL,
        label       text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz,
        revoked_at  timestamptz,
        CONSTRAINT access_tokens_hash_uq UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX access_tokens_user ON access_tokens (user_id)`);
    await q.query(`
      CREATE TABLE access_settings (
        key         text PRIMARY KEY,
        value       text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE feedback_link_uses (
        issue_id       text        NOT NULL,
        cycle          integer     NOT NULL CHECK (cycle > 0),
        status         text        NOT NULL CHECK (status IN ('claimed', 'used')),
        claimed_at     timestamptz NOT NULL DEFAULT now(),
        used_at        timestamptz,
        event_version  integer,
        PRIMARY KEY (issue_id, cycle)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['feedback_link_uses', 'access_settings', 'access_tokens', 'access_users']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
