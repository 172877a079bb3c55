import type { Command } from 'commander';
import { USER_ROLES, AccessInputError, AccessStore } from '@banjie/access';
import type { CliContext } from '../cli-context';

/** `users create --name --unit --role` and `users list` (docs/access.md). */
export function registerUsers(program: Command, ctx: CliContext) {
  const users = program.command('users').description('people who may use the API');
  users
    .command('create')
    .description('create a user (then `tokens create --user ID` gives them a token)')
    .requiredOption('--name <name>', 'the person or office')
    .requiredOption('--role <role>', USER_ROLES.join(' | '))
    .option('--unit <id>', 'the unit an officer works for (required for officer)')
    .action(async (opts: { name: string; role: string; unit?: string }) => {
      await ctx.withDatabase(async (db, events) => {
        try {
          const user = await new AccessStore(db.pool, events).createUser({ name: opts.name, role: opts.role, unitId: opts.unit ?? null });
          console.log(`created user ${user.userId} (${user.role}${user.unitId ? `, unit ${user.unitId}` : ''}): ${user.name}`);
        } catch (error) {
          if (!(error instanceof AccessInputError)) throw error;
          console.error(`banjie: ${error.message}`);
          process.exitCode = 2;
        }
      });
    });
  users
    .command('list')
    .description('list users and their tokens (ids only; tokens are never stored)')
    .action(async () => {
      await ctx.withDatabase(async (db, events) => {
        const store = new AccessStore(db.pool, events);
        const tokens = await store.listTokens();
        for (const u of await store.listUsers()) {
          console.log(`${u.userId}  ${u.role.padEnd(10)} ${(u.unitId ?? '-').padEnd(36)} ${u.name}`);
          for (const t of tokens.filter((t) => t.userId === u.userId))
            console.log(
              `    token ${t.tokenId} created ${t.createdAt.toISOString()}${t.revokedAt ? ` REVOKED ${t.revokedAt.toISOString()}` : ''}${t.label ? ` (${t.label})` : ''}`,
            );
        }
      });
    });
}
