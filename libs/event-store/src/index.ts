export * from './event-store.port';
export * from './database';
export * from './embedded-postgres';
export * from './sql-event-store';
export * from './hash';
export { EVENT_STORE_MIGRATIONS } from './migrations';
export * from './event-store.module';
export * from './ndjson-transfer';
export * from './transaction';
