import { ACCESS_MIGRATIONS } from '@banjie/access';
import { EVENT_STORE_MIGRATIONS } from '@banjie/event-store';
import { PROJECTIONS_MIGRATIONS } from '@banjie/projections';
import { SUPERVISION_MIGRATIONS } from '@banjie/supervision';
import type { MigrationInterface } from 'typeorm';

/**
 * Every schema migration banjie has, in order. Each library contributes its own list; the
 * TypeORM migration table (`schema_migrations`) records which ran.
 */
export const ALL_MIGRATIONS: Array<new () => MigrationInterface> = [
  ...EVENT_STORE_MIGRATIONS,
  ...PROJECTIONS_MIGRATIONS,
  ...SUPERVISION_MIGRATIONS,
  ...ACCESS_MIGRATIONS,
];
