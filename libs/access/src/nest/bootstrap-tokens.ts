import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ACCESS_CONFIG, type AccessConfig } from '../access.config';
import { hashPassword } from '../passwords/password-hash';
import { passwordProblems } from '../passwords/password-policy';
import { AccessStore } from '../store/access-store';

/** Fixed ids, so two API processes starting at once on one empty database create them once. */
export const BOOTSTRAP_ADMIN_ID = '00000000-0000-4000-8000-00000000ad01';
export const BOOTSTRAP_SUPERVISOR_ID = '00000000-0000-4000-8000-00000000ad02';

export const BOOTSTRAP_ACCOUNTS = { admin: 'admin', supervisor: 'supervisor' } as const;

/** 4-4-4 groups of letters and digits without look-alikes (≈59 bits): easy to type from the file, within the policy. */
export function generatedPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  for (;;) {
    const groups = [0, 1, 2].map(() => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join(''));
    const password = groups.join('-');
    if (passwordProblems(password).length === 0) return password;
  }
}

/**
 * First start: with no user at all, create an administrator (account `admin`) and a
 * supervision-office user (account `supervisor`), each with a generated password to sign in with
 * in the browser and an API token, and write them to BOOTSTRAP_TOKEN_FILE (mode 0600). Passwords
 * and tokens are never printed or logged; the log says only where the file is. These passwords
 * need no change at first sign-in (nobody but the file's reader knows them); change them on the
 * admin page, delete the file, and revoke the tokens when real users exist.
 */
@Injectable()
export class BootstrapTokens implements OnApplicationBootstrap {
  private readonly logger = new Logger('Access');

  constructor(
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
    private readonly store: AccessStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.bootstrapTokenFile;
    if (!file || (await this.store.userCount()) > 0) return;
    const adminPassword = generatedPassword();
    const supervisorPassword = generatedPassword();
    const admin = await this.store.createUserOnce({
      userId: BOOTSTRAP_ADMIN_ID,
      name: '系统管理员',
      role: 'admin',
      account: BOOTSTRAP_ACCOUNTS.admin,
      passwordHash: await hashPassword(adminPassword),
    });
    if (!admin) return; // another process won the race and wrote the file
    await this.store.createUserOnce({
      userId: BOOTSTRAP_SUPERVISOR_ID,
      name: '督办专班',
      role: 'supervisor',
      account: BOOTSTRAP_ACCOUNTS.supervisor,
      passwordHash: await hashPassword(supervisorPassword),
    });
    const a = await this.store.createToken(BOOTSTRAP_ADMIN_ID, { label: 'bootstrap' });
    const s = await this.store.createToken(BOOTSTRAP_SUPERVISOR_ID, { label: 'bootstrap' });
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      [
        '# banjie first start (shown nowhere else). Sign in on the dashboard (/) or the admin page (/admin):',
        `account ${BOOTSTRAP_ACCOUNTS.admin} password ${adminPassword}`,
        `account ${BOOTSTRAP_ACCOUNTS.supervisor} password ${supervisorPassword}`,
        '# API tokens for programs. Use as: Authorization: Bearer <token>',
        '# Change the passwords on /admin, move the tokens somewhere safe and delete this file;',
        '# revoke tokens with `npm run cli -- tokens revoke --token-id ID` once real users exist.',
        `admin       user ${BOOTSTRAP_ADMIN_ID} token-id ${a.info.tokenId} token ${a.token}`,
        `supervisor  user ${BOOTSTRAP_SUPERVISOR_ID} token-id ${s.info.tokenId} token ${s.token}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    this.logger.log(
      `no users yet: created an administrator and a supervisor; their accounts, passwords and tokens are in ${path} (mode 0600)`,
    );
  }
}
