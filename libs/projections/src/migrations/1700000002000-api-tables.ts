import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API's own tables: remembered Idempotency-Key responses, and the small `dir_*` directory
 * the GET lists read (kept by the `directory` subscription, rebuilt from the events when dropped).
 * It lives with the read models because most of its tables are read models; it stays one file
 * under its old name because databases have already recorded it as run (a run migration is never
 * split or renamed).
 */
export class ApiTables1700000002000 implements MigrationInterface {
  name = 'ApiTables1700000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_idempotency_keys (
        key           text PRIMARY KEY,
        request_hash  text        NOT NULL,
        method        text        NOT NULL,
        path          text        NOT NULL,
        status        integer,
        body          jsonb,
        etag          text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        completed_at  timestamptz
      )`);
    await q.query(`
      CREATE TABLE dir_units (
        unit_id         text PRIMARY KEY,
        name            text NOT NULL,
        level           text NOT NULL,
        parent_unit_id  text,
        region          text NOT NULL,
        status          text NOT NULL,
        version         integer NOT NULL,
        registered_at   timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE dir_enterprises (
        credit_code    text PRIMARY KEY,
        name           text NOT NULL,
        region         text NOT NULL,
        registered_at  timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE dir_campaigns (
        campaign_id  text PRIMARY KEY,
        title        text NOT NULL,
        starts_on    date NOT NULL,
        ends_on      date NOT NULL,
        status       text NOT NULL,
        settings     jsonb NOT NULL,
        version      integer NOT NULL,
        launched_at  timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE dir_activities (
        activity_id       text PRIMARY KEY,
        campaign_id       text NOT NULL,
        unit_id           text NOT NULL,
        form              text NOT NULL,
        held_on           date NOT NULL,
        enterprise_codes  jsonb NOT NULL,
        summary           text NOT NULL,
        recorded_at       timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX dir_activities_campaign_unit ON dir_activities (campaign_id, unit_id)`);
    await q.query(`
      CREATE TABLE dir_issues (
        issue_id             text PRIMARY KEY,
        campaign_id          text NOT NULL,
        collecting_unit_id   text NOT NULL,
        responsible_unit_id  text NOT NULL,
        enterprise_code      text NOT NULL,
        activity_id          text,
        kind                 text NOT NULL,
        category             text NOT NULL,
        title                text NOT NULL,
        state                text NOT NULL,
        due_on               date,
        last_rating          text,
        version              integer NOT NULL,
        collected_at         timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX dir_issues_campaign_unit_state ON dir_issues (campaign_id, responsible_unit_id, state)`);
    await q.query(`
      CREATE TABLE dir_supervision_notices (
        notice_id    text PRIMARY KEY,
        campaign_id  text NOT NULL,
        unit_id      text NOT NULL,
        issue_ids    jsonb NOT NULL,
        level        text NOT NULL,
        reason       text NOT NULL,
        respond_by   date NOT NULL,
        status       text NOT NULL,
        response     text,
        outcome      text,
        version      integer NOT NULL,
        issued_at    timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'dir_supervision_notices',
      'dir_issues',
      'dir_activities',
      'dir_campaigns',
      'dir_enterprises',
      'dir_units',
      'api_idempotency_keys',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`DELETE FROM subscriptions WHERE name = 'directory'`);
  }
}
