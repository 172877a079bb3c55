import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ACCESS_CONFIG, type AccessConfig } from '../access.config';
import { AccessStore } from '../store/access-store';

/** Fixed ids, so two API processes starting at once on one empty database create them once. */
export const BOOTSTRAP_ADMIN_ID = '00000000-0000-4000-8000-00000000ad01';
export const BOOTSTRAP_SUPERVISOR_ID = '00000000-0000-4000-8000-00000000ad02';

/**
 * First start: with no user at all, create an administrator and a supervision-office user and
 * write their tokens to BOOTSTRAP_TOKEN_FILE (mode 0600). The tokens are never printed or logged;
 * the log says only where the file is. Delete the file once the tokens are stored elsewhere;
 * revoke them with `cli tokens revoke` when real users exist.
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
    const admin = await this.store.createUserOnce({ userId: BOOTSTRAP_ADMIN_ID, name: 'bootstrap administrator', role: 'admin' });
    if (!admin) return; // another process won the race and wrote the file
    await this.store.createUserOnce({ userId: BOOTSTRAP_SUPERVISOR_ID, name: 'supervision office (bootstrap)', role: 'supervisor' });
    const a = await this.store.createToken(BOOTSTRAP_ADMIN_ID, { label: 'bootstrap' });
    const s = await this.store.createToken(BOOTSTRAP_SUPERVISOR_ID, { label: 'bootstrap' });
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      [
        '# banjie first-start tokens (shown nowhere else). Use as: Authorization: Bearer <token>',
        '# Move them somewhere safe and delete this file; revoke with `npm run cli -- tokens revoke --token-id ID`.',
        `admin       user ${BOOTSTRAP_ADMIN_ID} token-id ${a.info.tokenId} token ${a.token}`,
        `supervisor  user ${BOOTSTRAP_SUPERVISOR_ID} token-id ${s.info.tokenId} token ${s.token}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    this.logger.log(`no users yet: created an administrator and a supervisor; their tokens are in ${path} (mode 0600)`);
  }
}
