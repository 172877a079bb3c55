import { EventStore1700000000001 } from './1700000000001-event-store';
import { EventStoreAuditIndexes1700000005000 } from './1700000005000-event-store-audit-indexes';
import { EventAnchors1700000005100 } from './1700000005100-event-anchors';
import { AppendFunction1700000009000 } from './1700000009000-append-function';
import { AppendFunctionLean1700000009100 } from './1700000009100-append-function-lean';

export const EVENT_STORE_MIGRATIONS = [
  EventStore1700000000001,
  EventStoreAuditIndexes1700000005000,
  EventAnchors1700000005100,
  AppendFunction1700000009000,
  AppendFunctionLean1700000009100,
];
