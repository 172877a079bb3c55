import { EVENT_STORE_MIGRATIONS } from '@banjie/event-store';

/**
 * Every schema migration banjie has, in order. Each library contributes its own list; the
 * TypeORM migration table (`schema_migrations`) records which ran.
 */
export const ALL_MIGRATIONS: Function[] = [...EVENT_STORE_MIGRATIONS];

/** Every TypeORM entity (read models). */
export const ALL_ENTITIES: Function[] = [];
