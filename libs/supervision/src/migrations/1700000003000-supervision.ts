import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision: the indexes the audit API needs on the event table, the alerts read model and
 * the alert evaluator's work list. (Supervision notices are listed from the API's directory.)
 *
 * Audit indexes pair each filter with `position`, so "newest first, filtered by unit / actor /
 * type" is an index scan that stops after one page, however large the store.
 */
export class Supervision1700000003000 implements MigrationInterface {
  name = 'Supervision1700000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX events_audit_unit ON events (((metadata->'actor'->>'unitId')), position)`);
    await q.query(`CREATE INDEX events_audit_actor ON events (((metadata->'actor'->>'userId')), position)`);
    await q.query(`CREATE INDEX events_audit_type ON events (type, position)`);
    await q.query(`CREATE INDEX events_audit_recorded ON events (recorded_at)`);
    // A campaign's issues and activities, for the unit alerts and rankings.
    await q.query(
      `CREATE INDEX events_campaign_members ON events (((data->>'campaignId')), type) WHERE type IN ('IssueCollected', 'ActivityHeld')`,
    );

    // What the evaluator must look at again: a subject whose events changed (dirty) or whose
    // alerts change with time alone (next_check_on). Subjects: issue, notice, campaign.
    await q.query(`
      CREATE TABLE supervision_subjects (
        subject_kind   text NOT NULL,
        subject_id     text NOT NULL,
        dirty          boolean NOT NULL DEFAULT true,
        -- bumped by every mark: the evaluator clears "dirty" only if no mark came while it worked
        dirty_seq      bigint  NOT NULL DEFAULT 0,
        next_check_on  date,
        evaluated_at   timestamptz,
        PRIMARY KEY (subject_kind, subject_id)
      )`);
    await q.query(`CREATE INDEX supervision_subjects_dirty ON supervision_subjects (dirty) WHERE dirty`);
    await q.query(`CREATE INDEX supervision_subjects_next ON supervision_subjects (next_check_on)`);

    await q.query(`
      CREATE TABLE alerts (
        alert_id      text PRIMARY KEY,
        kind          text NOT NULL,
        campaign_id   text NOT NULL,
        unit_id       text NOT NULL,
        issue_id      text,
        notice_id     text,
        activity_id   text,
        level         text NOT NULL,
        colour        text NOT NULL,
        raised_at     date NOT NULL,
        cleared_at    date,
        details       jsonb NOT NULL DEFAULT '{}',
        subject_kind  text NOT NULL,
        subject_id    text NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX alerts_subject ON alerts (subject_kind, subject_id)`);
    await q.query(`CREATE INDEX alerts_campaign_unit ON alerts (campaign_id, unit_id, kind)`);
    await q.query(`CREATE INDEX alerts_open ON alerts (campaign_id, kind) WHERE cleared_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alerts`);
    await q.query(`DROP TABLE supervision_subjects`);
    await q.query(`DROP INDEX events_campaign_members`);
    await q.query(`DROP INDEX events_audit_recorded`);
    await q.query(`DROP INDEX events_audit_type`);
    await q.query(`DROP INDEX events_audit_actor`);
    await q.query(`DROP INDEX events_audit_unit`);
  }
}
