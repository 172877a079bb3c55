import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projector's own bookkeeping and the read models' template tables. Each generation of a read
 * model is a copy `<table>_g<N>` made with `CREATE TABLE … (LIKE <table> INCLUDING ALL)` by the
 * projector (blue/green rebuilds); the templates stay empty and carry the schema (and indexes).
 */
export class Projections1700000001000 implements MigrationInterface {
  name = 'Projections1700000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projections (
        name                  text PRIMARY KEY,
        version               integer     NOT NULL,
        generation            integer     NOT NULL,
        status                text        NOT NULL DEFAULT 'idle',
        building_generation   integer,
        building_version      integer,
        rebuild_started_at    timestamptz,
        rebuild_heartbeat_at  timestamptz,
        rebuild_total         bigint,
        rebuild_done          bigint,
        parked_count          integer     NOT NULL DEFAULT 0,
        last_error            text,
        last_error_at         timestamptz,
        last_error_position   bigint,
        updated_at            timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE projection_parked_events (
        projection  text        NOT NULL,
        generation  integer     NOT NULL,
        position    bigint      NOT NULL,
        event_id    uuid        NOT NULL,
        stream_id   text        NOT NULL,
        type        text        NOT NULL,
        error       text        NOT NULL,
        parked_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, generation, position)
      )`);

    // unit-statistics: dimensions
    await q.query(`
      CREATE TABLE us_units (
        unit_id         text PRIMARY KEY,
        name            text    NOT NULL,
        level           text    NOT NULL,
        parent_unit_id  text,
        region          text,
        retired         boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      CREATE TABLE us_campaigns (
        campaign_id  text PRIMARY KEY,
        title        text    NOT NULL,
        starts_on    text    NOT NULL,
        ends_on      text    NOT NULL,
        closed       boolean NOT NULL DEFAULT false
      )`);
    // unit-statistics: the live table (one row per campaign × unit)
    await q.query(`
      CREATE TABLE us_unit_stats (
        campaign_id              text    NOT NULL,
        unit_id                  text    NOT NULL,
        enterprises_visited      integer NOT NULL DEFAULT 0,
        activities               integer NOT NULL DEFAULT 0,
        activities_door_to_door  integer NOT NULL DEFAULT 0,
        activities_symposium     integer NOT NULL DEFAULT 0,
        activities_online        integer NOT NULL DEFAULT 0,
        activities_phone         integer NOT NULL DEFAULT 0,
        issues_collected         integer NOT NULL DEFAULT 0,
        issues_resolved          integer NOT NULL DEFAULT 0,
        rated                    integer NOT NULL DEFAULT 0,
        satisfied                integer NOT NULL DEFAULT 0,
        basically_satisfied      integer NOT NULL DEFAULT 0,
        dissatisfied             integer NOT NULL DEFAULT 0,
        on_time_resolved         integer NOT NULL DEFAULT 0,
        resolved_with_due        integer NOT NULL DEFAULT 0,
        PRIMARY KEY (campaign_id, unit_id)
      )`);
    await q.query(`
      CREATE TABLE us_visits (
        campaign_id        text        NOT NULL,
        unit_id            text        NOT NULL,
        enterprise_code    text        NOT NULL,
        first_occurred_at  timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, unit_id, enterprise_code)
      )`);
    // unit-statistics: per-issue facts; the current snapshot …
    const snapshot = `
        counted          boolean NOT NULL,
        is_resolved      boolean NOT NULL,
        rating           text,
        due_known        boolean NOT NULL,
        on_time          boolean NOT NULL,
        is_open          boolean NOT NULL,
        open_due_on      text`;
    await q.query(`
      CREATE TABLE us_issues (
        issue_id           text PRIMARY KEY,
        campaign_id        text        NOT NULL,
        unit_id            text        NOT NULL,
        status             text        NOT NULL,
        due_on             text,
        resolved_on        text,
        resolved_due_on    text,
        seq                integer     NOT NULL,
        since_occurred_at  timestamptz NOT NULL,
        since_recorded_at  timestamptz NOT NULL,
        last_occurred_at   timestamptz NOT NULL,
        last_recorded_at   timestamptz NOT NULL,${snapshot}
      )`);
    await q.query(`CREATE INDEX us_issues_campaign_unit ON us_issues (campaign_id, unit_id)`);
    // … and the ended ones, each with the times the next one began (as-of / known-at queries)
    await q.query(`
      CREATE TABLE us_issue_versions (
        issue_id           text        NOT NULL,
        seq                integer     NOT NULL,
        campaign_id        text        NOT NULL,
        unit_id            text        NOT NULL,
        occurred_at        timestamptz NOT NULL,
        recorded_at        timestamptz NOT NULL,
        next_occurred_at   timestamptz NOT NULL,
        next_recorded_at   timestamptz NOT NULL,${snapshot},
        PRIMARY KEY (issue_id, seq)
      )`);
    await q.query(`CREATE INDEX us_issue_versions_campaign ON us_issue_versions (campaign_id, occurred_at)`);
    await q.query(`
      CREATE TABLE us_activities (
        activity_id  text PRIMARY KEY,
        campaign_id  text        NOT NULL,
        unit_id      text        NOT NULL,
        form         text        NOT NULL,
        enterprises  integer     NOT NULL,
        occurred_at  timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX us_activities_campaign ON us_activities (campaign_id, occurred_at)`);
    await q.query(`
      CREATE TABLE us_activity_visits (
        activity_id      text        NOT NULL,
        enterprise_code  text        NOT NULL,
        campaign_id      text        NOT NULL,
        unit_id          text        NOT NULL,
        occurred_at      timestamptz NOT NULL,
        recorded_at      timestamptz NOT NULL,
        PRIMARY KEY (activity_id, enterprise_code)
      )`);
    await q.query(`CREATE INDEX us_activity_visits_campaign ON us_activity_visits (campaign_id, occurred_at)`);

    // issue-queue
    await q.query(`
      CREATE TABLE iq_issues (
        issue_id             text PRIMARY KEY,
        campaign_id          text        NOT NULL,
        state                text        NOT NULL,
        responsible_unit_id  text        NOT NULL,
        collecting_unit_id   text        NOT NULL,
        enterprise_code      text        NOT NULL,
        kind                 text        NOT NULL,
        category             text        NOT NULL,
        title                text        NOT NULL,
        due_on               text,
        overdue              boolean     NOT NULL DEFAULT false,
        overdue_since        timestamptz,
        resolved_at          timestamptz,
        rating               text,
        last_event_type      text        NOT NULL,
        last_event_at        timestamptz NOT NULL,
        last_recorded_at     timestamptz NOT NULL,
        version              integer     NOT NULL
      )`);
    await q.query(`CREATE INDEX iq_issues_work_list ON iq_issues (responsible_unit_id, state, due_on)`);
    await q.query(`CREATE INDEX iq_issues_campaign ON iq_issues (campaign_id, state)`);
    await q.query(`CREATE INDEX iq_issues_collecting ON iq_issues (collecting_unit_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Generations (<table>_gN) are the projector's: drop them with the templates.
    const { rows } = {
      rows: await q.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename ~ '^(us|iq)_[a-z_]+_g[0-9]+$'`,
      ),
    };
    for (const r of rows as { tablename: string }[]) await q.query(`DROP TABLE IF EXISTS ${r.tablename}`);
    for (const t of [
      'iq_issues',
      'us_activity_visits',
      'us_activities',
      'us_issue_versions',
      'us_issues',
      'us_visits',
      'us_unit_stats',
      'us_campaigns',
      'us_units',
      'projection_parked_events',
      'projections',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
