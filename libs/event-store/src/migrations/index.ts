import { EventStore1700000000001 } from './1700000000001-event-store';

export const EVENT_STORE_MIGRATIONS = [EventStore1700000000001];
