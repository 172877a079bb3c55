import { EventStore1700000000001 } from './1700000000001-event-store';
import { EventAnchors1700000005100 } from './1700000005100-event-anchors';

export const EVENT_STORE_MIGRATIONS = [EventStore1700000000001, EventAnchors1700000005100];
