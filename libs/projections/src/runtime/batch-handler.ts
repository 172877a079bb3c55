/**
 * What a projection's subscription does with a batch, inside the subscription's transaction (the
 * checkpoint commits with the rows). Live: an event the projection refuses, or a batch SQL
 * refuses, is retried event by event under savepoints and the failing events are parked (the rest
 * commits) — unless the failure is the database's (transient), which fails the batch for a retry. Rebuild (the tail after the bulk phase): any error stops the rebuild (fail fast).
 */
import { isTransientDatabaseError, type BatchHandler, type StoredEvent } from '@banjie/event-store';
import { generationTable, type ProjectionContext, type ProjectionDefinition } from './projection';
import type { ProjectionStore } from './projection-store';

/** Rebuild or live; a rebuild's tail subscription becomes the live one at the switch (adoption). */
export interface Mode {
  value: 'live' | 'rebuild';
}

export interface BatchLogger {
  warn(message: string): void;
}

export function batchHandler(
  def: ProjectionDefinition,
  generation: number,
  mode: Mode,
  bookkeeping: ProjectionStore,
  logger: BatchLogger,
  onBatch?: (events: number) => void,
): BatchHandler {
  const handles = new Set(def.handles);
  // Subscriptions read every event (so the checkpoint reaches the head and lag means "events
  // not yet seen"); the projection gets only the types it declares.
  return async (all, tx) => {
    const batch = all.filter((e) => handles.has(e.type));
    const ctx: ProjectionContext = { tx, generation, table: (b) => generationTable(b, generation), mode: mode.value };
    if (mode.value === 'rebuild') {
      await bookkeeping.heartbeat(tx, def.name, generation, all.length);
      if (batch.length) await def.apply(batch, ctx);
      onBatch?.(all.length);
      return;
    }
    await bookkeeping.holdActive(tx, def.name, generation);
    if (batch.length === 0) return;
    const parked: Array<{ event: StoredEvent; error: unknown }> = [];
    const onEventError = (event: StoredEvent, error: unknown) => parked.push({ event, error });
    await tx.query('SAVEPOINT projection_batch');
    try {
      await def.apply(batch, { ...ctx, onEventError });
      await tx.query('RELEASE SAVEPOINT projection_batch');
    } catch (error) {
      // A lost connection, a deadlock, a serialization failure: nothing is wrong with the events —
      // the whole batch fails and the subscription retries it from the checkpoint. Never parked.
      if (isTransientDatabaseError(error)) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT projection_batch');
      parked.length = 0;
      for (const event of batch) {
        await tx.query('SAVEPOINT projection_event');
        try {
          await def.apply([event], { ...ctx, onEventError });
          await tx.query('RELEASE SAVEPOINT projection_event');
        } catch (error) {
          if (isTransientDatabaseError(error)) throw error;
          await tx.query('ROLLBACK TO SAVEPOINT projection_event');
          parked.push({ event, error });
        }
      }
    }
    onBatch?.(all.length);
    if (parked.length) {
      await bookkeeping.park(tx, def.name, generation, parked);
      const last = parked[parked.length - 1];
      logger.warn(
        `projection ${def.name}: parked ${parked.length} event(s); last: ${last.event.type} at ${last.event.position}: ${
          last.error instanceof Error ? last.error.message : String(last.error)
        }`,
      );
    }
  };
}
