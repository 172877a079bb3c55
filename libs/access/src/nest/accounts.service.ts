import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database } from '@banjie/event-store';
import { ProblemError } from '@banjie/platform';
import { ACCESS_CONFIG, type AccessConfig } from '../access.config';
import { PasswordSignIn } from '../accounts/password-sign-in';
import { AccessLog, type AccessLogAction } from '../store/access-log';
import { AccessInputError, AccessStore, type User } from '../store/access-store';

/** Who asked, for the access log: the caller (null before sign-in) and the client address. */
export interface Requester {
  userId: string | null;
  address: string | null;
}

export interface SignedIn {
  token: string;
  expiresAt: string;
  mustChangePassword: boolean;
  user: PublicUser;
}

export type PublicUser = Pick<User, 'userId' | 'name' | 'account' | 'role' | 'unitId'>;

/**
 * Accounts and sessions as use cases: sign in (password → session token), sign out, change one's
 * own password, and the administrator's account actions — each written to the access log (and one
 * log line). Credential expiry and lock-outs run on wall-clock time, never the business clock a
 * demo may replay (docs/access.md).
 */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger('Access');
  private readonly signIns: PasswordSignIn;
  readonly log: AccessLog;

  constructor(
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
    private readonly store: AccessStore,
    db: Database,
  ) {
    this.signIns = new PasswordSignIn(db.pool, store, config.signInLockout);
    this.log = new AccessLog(db.pool);
  }

  async signIn(account: unknown, password: unknown, requester: Requester): Promise<SignedIn> {
    const now = new Date();
    const outcome = await this.signIns.check(account, password, now);
    if (!outcome.ok) {
      const name = outcome.account;
      if (outcome.reason === 'locked') {
        await this.record('sign_in_failed', requester, { account: name, detail: { reason: 'locked' } });
        throw locked(outcome.lockedUntil, now);
      }
      if (outcome.reason === 'disabled') {
        await this.record('sign_in_failed', requester, { account: name, target: outcome.user.userId, detail: { reason: 'disabled' } });
        throw new ProblemError(403, 'AUTH.ACCOUNT_DISABLED', 'this account is disabled; ask an administrator');
      }
      await this.record('sign_in_failed', requester, { account: name, detail: { reason: 'bad_credentials' } });
      if (outcome.lockedUntil) {
        await this.record('account_locked', requester, { account: name, detail: { until: outcome.lockedUntil.toISOString() } });
        throw locked(outcome.lockedUntil, now);
      }
      throw new ProblemError(401, 'AUTH.SIGN_IN_FAILED', 'the account name or the password is wrong');
    }
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlHours * 3_600_000);
    const { token, info } = await this.store.createSession(outcome.user.userId, expiresAt);
    await this.record(
      'signed_in',
      { ...requester, userId: outcome.user.userId },
      {
        account: outcome.user.account,
        target: outcome.user.userId,
        detail: { tokenId: info.tokenId },
      },
    );
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      mustChangePassword: outcome.user.mustChangePassword,
      user: publicUser(outcome.user),
    };
  }

  /** Ends the presented session. An API token is not ended here (an administrator revokes it). */
  async signOut(credential: { tokenId: string; kind: string } | undefined, requester: Requester): Promise<void> {
    if (!credential || credential.kind !== 'session') {
      throw new ProblemError(
        400,
        'AUTH.NOT_A_SESSION',
        'only a password sign-in session is ended here; revoke an API token with POST /tokens/:id/revoke',
      );
    }
    await this.store.revokeToken(credential.tokenId);
    await this.record('signed_out', requester, { target: requester.userId, detail: { tokenId: credential.tokenId } });
  }

  /** The person's own change: the current password is checked (a stolen session alone cannot change it). */
  async changeOwnPassword(
    userId: string,
    credential: { tokenId: string } | undefined,
    currentPassword: string,
    newPassword: string,
    requester: Requester,
  ): Promise<PublicUser> {
    const user = await this.store.getUser(userId);
    if (!user?.account)
      throw new ProblemError(400, 'AUTH.NO_PASSWORD', 'this user has no account name and password; an administrator sets them');
    const outcome = await this.signIns.check(user.account, currentPassword, new Date());
    if (!outcome.ok) {
      await this.record('sign_in_failed', requester, { account: user.account, target: userId, detail: { reason: 'password_change' } });
      if (outcome.reason === 'locked') throw locked(outcome.lockedUntil, new Date());
      throw new ProblemError(403, 'AUTH.CURRENT_PASSWORD_WRONG', 'the current password is wrong', {
        errors: [{ field: 'currentPassword', message: '当前密码不正确' }],
      });
    }
    if (currentPassword === newPassword) {
      throw inputProblem(new AccessInputError('newPassword', '新密码不能与当前密码相同', 'PASSWORD.UNCHANGED'));
    }
    const changed = await this.input(
      () => this.store.setPassword(userId, newPassword, { mustChange: false, keepTokenId: credential?.tokenId }),
      'newPassword',
    );
    await this.record('password_changed', requester, { account: changed.account, target: userId });
    return publicUser(changed);
  }

  async createUser(
    input: { name: string; role: string; unitId?: string | null; account?: string | null; password?: string | null },
    requester: Requester,
  ): Promise<User> {
    const user = await this.input(() => this.store.createUser(input));
    await this.record('user_created', requester, {
      account: user.account,
      target: user.userId,
      detail: { role: user.role, unitId: user.unitId },
    });
    return user;
  }

  async resetPassword(userId: string, password: string, account: string | undefined, requester: Requester): Promise<User> {
    const user = await this.input(() => this.store.setPassword(userId, password, { mustChange: true, account }));
    await this.record('password_reset', requester, { account: user.account, target: userId });
    return user;
  }

  async assign(userId: string, input: { role: string; unitId?: string | null; name?: string }, requester: Requester): Promise<User> {
    const user = await this.input(() => this.store.assign(userId, input));
    await this.record('user_assigned', requester, {
      account: user.account,
      target: userId,
      detail: { role: user.role, unitId: user.unitId },
    });
    return user;
  }

  async setDisabled(userId: string, disabled: boolean, requester: Requester): Promise<User> {
    if (disabled && userId === requester.userId) {
      throw new ProblemError(409, 'USER.SELF_DISABLE', 'you cannot disable your own user (another administrator can)');
    }
    const user = await this.store.setDisabled(userId, disabled);
    if (!user) throw new ProblemError(404, 'USER.NOT_FOUND', `user ${userId} does not exist`);
    await this.record(disabled ? 'user_disabled' : 'user_enabled', requester, { account: user.account, target: userId });
    return user;
  }

  async record(
    action: AccessLogAction,
    requester: Requester,
    what: { account?: string | null; target?: string | null; detail?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.log.record({
      action,
      actorUserId: requester.userId,
      targetUserId: what.target ?? null,
      account: what.account ?? null,
      address: requester.address,
      detail: what.detail ?? null,
    });
    this.logger.log({
      msg: `access: ${action}`,
      action,
      account: what.account ?? null,
      targetUserId: what.target ?? null,
      address: requester.address,
    });
  }

  /** An input refusal of the store as a 4xx problem (404 for an unknown user). */
  async input<T>(fn: () => Promise<T>, passwordField = 'password'): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof AccessInputError) throw inputProblem(error, passwordField);
      throw error;
    }
  }
}

export function publicUser(u: User): PublicUser {
  return { userId: u.userId, name: u.name, account: u.account, role: u.role, unitId: u.unitId };
}

export function inputProblem(error: AccessInputError, passwordField = 'password'): ProblemError {
  const field = error.field === 'password' ? passwordField : error.field;
  if (error.field === 'user' && /does not exist/.test(error.message)) {
    return new ProblemError(404, 'USER.NOT_FOUND', error.message, { errors: [{ field, message: error.message }] });
  }
  const errors = error.problems.length ? error.problems.map((p) => ({ field, message: p.message })) : [{ field, message: error.message }];
  const status = error.code === 'ACCOUNT.TAKEN' ? 409 : 422;
  return new ProblemError(status, error.code ?? 'USER.INVALID', error.message, { errors });
}

function locked(until: Date, now: Date): ProblemError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new ProblemError(423, 'AUTH.ACCOUNT_LOCKED', `too many wrong passwords: this account is locked until ${until.toISOString()}`, {
    retryAfter: seconds,
    lockedUntil: until.toISOString(),
  } as never);
}
