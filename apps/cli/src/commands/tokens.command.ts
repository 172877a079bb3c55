import type { Command } from 'commander';
import { AccessInputError, AccessStore } from '@banjie/access';
import type { CliContext } from '../cli-context';

/**
 * `tokens create --user ID` prints the token once (to stdout, never to a log; only its SHA-256 is
 * stored) and `tokens revoke --token-id ID`.
 */
export function registerTokens(program: Command, ctx: CliContext) {
  const tokens = program.command('tokens').description('bearer tokens of users');
  tokens
    .command('create')
    .description('make a bearer token for a user; it is printed once and cannot be shown again')
    .requiredOption('--user <id>', 'the user id')
    .option('--label <text>', 'what the token is for')
    .option('--expires-in-days <n>', 'expire after n days (default: never; revoke instead)')
    .action(async (opts: { user: string; label?: string; expiresInDays?: string }) => {
      let expiresAt: Date | null = null;
      if (opts.expiresInDays !== undefined) {
        if (!/^\d+$/.test(opts.expiresInDays) || Number(opts.expiresInDays) < 1) {
          console.error('banjie: --expires-in-days must be a whole number ≥ 1');
          process.exitCode = 2;
          return;
        }
        expiresAt = new Date(Date.now() + Number(opts.expiresInDays) * 86_400_000);
      }
      await ctx.withDatabase(async (db, events) => {
        try {
          const { token, info } = await new AccessStore(db.pool, events).createToken(opts.user, { label: opts.label ?? null, expiresAt });
          console.error(
            `token ${info.tokenId} for user ${info.userId}${expiresAt ? `, expires ${expiresAt.toISOString()}` : ''} — shown once, store it now:`,
          );
          console.log(token);
        } catch (error) {
          if (!(error instanceof AccessInputError)) throw error;
          console.error(`banjie: ${error.message}`);
          process.exitCode = 2;
        }
      });
    });
  tokens
    .command('revoke')
    .description('revoke a token by its id (see `users list`)')
    .requiredOption('--token-id <id>', 'the token id')
    .action(async (opts: { tokenId: string }) => {
      await ctx.withDatabase(async (db, events) => {
        const info = await new AccessStore(db.pool, events).revokeToken(opts.tokenId);
        if (!info) {
          console.error(`banjie: token ${opts.tokenId} does not exist`);
          process.exitCode = 2;
          return;
        }
        console.log(`revoked token ${info.tokenId} of user ${info.userId} at ${info.revokedAt!.toISOString()}`);
      });
    });
}
