import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One read side (issue #14): every read model is a registered projection whose generation tables
 * the projector creates from the projection's own declarations, so the read models' template tables
 * go, and so do the read models they replace — unit statistics' counters and facts, the old issue
 * queue, the API's hand-written `dir_*` directory and the alerts' tables — with their bookkeeping
 * rows and checkpoints. The new read models are built from the events on the next start.
 */
export class ReadSide1700000006000 implements MigrationInterface {
  name = 'ReadSide1700000006000';

  async up(q: QueryRunner): Promise<void> {
    const generations: { tablename: string }[] = await q.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename ~ '^(us|iq)_[a-z_]+_g[0-9]+$'`,
    );
    for (const r of generations) await q.query(`DROP TABLE IF EXISTS ${r.tablename}`);
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
      'dir_supervision_notices',
      'dir_issues',
      'dir_activities',
      'dir_campaigns',
      'dir_enterprises',
      'dir_units',
      'alerts',
      'supervision_subjects',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`DELETE FROM projection_parked_events WHERE projection IN ('unit-statistics', 'issue-queue')`);
    await q.query(`DELETE FROM projections WHERE name IN ('unit-statistics', 'issue-queue')`);
    await q.query(
      `DELETE FROM subscriptions WHERE name IN ('directory', 'supervision-alerts')
          OR name LIKE 'projection:unit-statistics:%' OR name LIKE 'projection:issue-queue:%'`,
    );
  }

  async down(): Promise<void> {
    // The read models are rebuilt from the events; there is nothing to restore.
  }
}
