import type { Pool } from 'pg';
import { decoyHash, verifyPassword } from '../passwords/password-hash';
import type { AccessStore, User } from '../store/access-store';
import { normalizeAccount } from './account-name';

export type SignInOutcome =
  | { ok: true; user: User }
  | { ok: false; reason: 'bad_credentials'; account: string | null; lockedUntil: Date | null }
  | { ok: false; reason: 'locked'; account: string; lockedUntil: Date }
  | { ok: false; reason: 'disabled'; account: string; user: User };

/**
 * Checks an account name and password, with the lock-out (docs/access.md "Lock-out"): `failures`
 * wrong passwords for one account name within `durationMs` lock that name for `durationMs`, during
 * which even the right password is refused. Failures are counted per account NAME, existing or
 * not, so an unknown name locks exactly like a known one and answers take as long (a decoy hash is
 * verified): neither the answer nor its timing tells whether an account exists. A success
 * forgets the failures. `now` is wall-clock time, passed in.
 */
export class PasswordSignIn {
  constructor(
    private readonly db: Pick<Pool, 'query'>,
    private readonly store: AccessStore,
    private readonly lockout: { failures: number; durationMs: number } | null,
  ) {}

  async check(rawAccount: unknown, password: unknown, now: Date): Promise<SignInOutcome> {
    const account = normalizeAccount(rawAccount);
    const secret = typeof password === 'string' ? password : '';
    if (!account) {
      await verifyPassword(secret, await decoyHash());
      return { ok: false, reason: 'bad_credentials', account: null, lockedUntil: null };
    }
    const lockedUntil = await this.lockedUntil(account, now);
    if (lockedUntil) return { ok: false, reason: 'locked', account, lockedUntil };
    const user = await this.store.userByAccount(account);
    const hash = user ? await this.store.passwordHashOf(user.userId) : null;
    const matches = await verifyPassword(secret, hash ?? (await decoyHash()));
    if (!user || !hash || !matches) {
      return { ok: false, reason: 'bad_credentials', account, lockedUntil: await this.countFailure(account, now) };
    }
    await this.db.query(`DELETE FROM access_sign_in_failures WHERE account = $1`, [account]);
    if (user.disabledAt) return { ok: false, reason: 'disabled', account, user };
    return { ok: true, user };
  }

  private async lockedUntil(account: string, now: Date): Promise<Date | null> {
    const { rows } = await this.db.query(`SELECT locked_until FROM access_sign_in_failures WHERE account = $1`, [account]);
    const until = rows[0]?.locked_until ? new Date(rows[0].locked_until) : null;
    return until && until.getTime() > now.getTime() ? until : null;
  }

  /** Counts one failure (atomically: concurrent guesses each count); answers the lock's end when this one locked it. */
  private async countFailure(account: string, now: Date): Promise<Date | null> {
    if (!this.lockout) return null;
    const windowStart = new Date(now.getTime() - this.lockout.durationMs);
    const { rows } = await this.db.query(
      `INSERT INTO access_sign_in_failures AS f (account, failures, last_failed_at) VALUES ($1, 1, $2)
       ON CONFLICT (account) DO UPDATE SET
         failures = CASE WHEN f.last_failed_at < $3 OR (f.locked_until IS NOT NULL AND f.locked_until <= $2) THEN 1 ELSE f.failures + 1 END,
         locked_until = CASE WHEN f.locked_until IS NOT NULL AND f.locked_until <= $2 THEN NULL ELSE f.locked_until END,
         last_failed_at = $2
       RETURNING failures`,
      [account, now, windowStart],
    );
    if (rows[0].failures < this.lockout.failures) return null;
    const until = new Date(now.getTime() + this.lockout.durationMs);
    await this.db.query(`UPDATE access_sign_in_failures SET locked_until = $2, failures = 0 WHERE account = $1`, [account, until]);
    return until;
  }
}
