import { ACCESS_MIGRATIONS } from '@banjie/access/migrations';
import { EVENT_STORE_MIGRATIONS } from '@banjie/event-store';
import { PROJECTIONS_MIGRATIONS } from '@banjie/projections/migrations';
import { SUPERVISION_MIGRATIONS } from '@banjie/supervision/migrations';
import { API_MIGRATIONS } from '../../../apps/api/src/persistence/migrations';

/**
 * Every schema migration banjie has, in order. Each library contributes its own list; the
 * TypeORM migration table (`schema_migrations`) records which ran.
 */
export const ALL_MIGRATIONS: Function[] = [
  ...EVENT_STORE_MIGRATIONS,
  ...PROJECTIONS_MIGRATIONS,
  ...API_MIGRATIONS,
  ...SUPERVISION_MIGRATIONS,
  ...ACCESS_MIGRATIONS,
];
