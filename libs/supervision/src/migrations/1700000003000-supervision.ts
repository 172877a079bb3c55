import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision's first tables: the alerts and the evaluator's work list (replaced by the
 * `supervision` projection's generation tables, ReadSide1700000006000). The audit indexes it once
 * created on the event table belong to the event store (EventStoreAuditIndexes1700000005000).
 */
export class Supervision1700000003000 implements MigrationInterface {
  name = 'Supervision1700000003000';

  async up(q: QueryRunner): Promise<void> {
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
  }
}
