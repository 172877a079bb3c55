import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password sign-in (docs/access.md "Accounts and passwords"): an account name and a scrypt hash
 * per user, session tokens beside API tokens (same table, same SHA-256 storage, `kind`), failed
 * sign-ins counted per account name (existing or not, so a lock-out reveals nothing), and the
 * append-only access log of sign-ins and account administration.
 */
export class Accounts1700000007100 implements MigrationInterface {
  name = 'Accounts1700000007100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_users ADD COLUMN account text`);
    await q.query(`ALTER TABLE access_users ADD COLUMN password_hash text`);
    await q.query(`ALTER TABLE access_users ADD COLUMN password_set_at timestamptz`);
    await q.query(`ALTER TABLE access_users ADD COLUMN password_must_change boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE UNIQUE INDEX access_users_account ON access_users (account) WHERE account IS NOT NULL`);
    await q.query(`ALTER TABLE access_tokens ADD COLUMN kind text NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'session'))`);
    await q.query(`
      CREATE TABLE access_sign_in_failures (
        account         text PRIMARY KEY,
        failures        integer     NOT NULL,
        last_failed_at  timestamptz NOT NULL,
        locked_until    timestamptz
      )`);
    await q.query(`
      CREATE TABLE access_log (
        seq             bigserial PRIMARY KEY,
        at              timestamptz NOT NULL DEFAULT now(),
        action          text        NOT NULL,
        actor_user_id   uuid,
        target_user_id  uuid,
        account         text,
        address         text,
        detail          jsonb
      )`);
    await q.query(`CREATE INDEX access_log_target ON access_log (target_user_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS access_log`);
    await q.query(`DROP TABLE IF EXISTS access_sign_in_failures`);
    await q.query(`ALTER TABLE access_tokens DROP COLUMN IF EXISTS kind`);
    await q.query(`DROP INDEX IF EXISTS access_users_account`);
    for (const c of ['password_must_change', 'password_set_at', 'password_hash', 'account'])
      await q.query(`ALTER TABLE access_users DROP COLUMN IF EXISTS ${c}`);
  }
}
