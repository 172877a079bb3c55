import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indexes behind `EventStore.search` (the audit trail): each filter paired with `position`, so
 * "newest first, filtered by unit / actor / type" is an index scan that stops after one page,
 * however large the store. They were created by the supervision migration before the event store
 * became the only code that touches the events table; `IF NOT EXISTS` keeps older databases as
 * they are. The index of the campaign members is gone: the alerts read the read models now.
 */
export class EventStoreAuditIndexes1700000005000 implements MigrationInterface {
  name = 'EventStoreAuditIndexes1700000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS events_audit_unit ON events (((metadata->'actor'->>'unitId')), position)`);
    await q.query(`CREATE INDEX IF NOT EXISTS events_audit_actor ON events (((metadata->'actor'->>'userId')), position)`);
    await q.query(`CREATE INDEX IF NOT EXISTS events_audit_type ON events (type, position)`);
    await q.query(`CREATE INDEX IF NOT EXISTS events_audit_recorded ON events (recorded_at)`);
    await q.query(`DROP INDEX IF EXISTS events_campaign_members`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['events_audit_recorded', 'events_audit_type', 'events_audit_actor', 'events_audit_unit'])
      await q.query(`DROP INDEX IF EXISTS ${index}`);
  }
}
