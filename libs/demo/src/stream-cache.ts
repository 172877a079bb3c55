/**
 * Why the demo loads in seconds, not minutes: the command handlers read every stream they touch
 * (their own, and the campaign, unit, enterprises and activity they refer to) before each
 * append — five or six statements per command, most of them re-reading what the same loader
 * wrote a moment earlier. On PGlite each statement costs about half a millisecond of the one
 * CPU it runs on.
 *
 * While the loader runs, the store's stream reads are served from memory for the loader's own
 * commands only (an AsyncLocalStorage scope): the cache is seeded with one scan of the store,
 * and every append made in the scope adds its events. Writes are untouched — each command still
 * appends with its expected version, so a stale cache could only ever cause a ConcurrencyError,
 * never a wrong event. Reads and appends outside the scope (HTTP requests, the projector, when
 * the API loads the demo at start-up) pass straight through; an outside append drops that
 * stream from the cache.
 *
 * Events the scope appended are kept as the handlers need them (type, data, business time,
 * version); their hashes and record times are not known here, which is why nothing outside the
 * scope ever sees the cache.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppendResult, EventStore, ExpectedVersion, NewEvent, ReadStreamOptions, StoredEvent } from '@banjie/event-store';

type Patched = Pick<EventStore, 'readStream' | 'streamVersion' | 'append'>;

export class StreamReadCache {
  private readonly scope = new AsyncLocalStorage<StreamReadCache>();
  private readonly streams = new Map<string, StoredEvent[]>();
  /** Streams whose content is not known (changed outside the scope, or a failed append). */
  private readonly unknown = new Set<string>();
  /** After a full scan, a stream the cache does not hold is empty. */
  private complete = false;
  hits = 0;
  misses = 0;

  /** Runs `fn` with its store reads served from the cache. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.scope.run(this, fn);
  }

  /** Patches `store` (the instance the handlers hold) and scans it once. Returns the undo. */
  async attach(store: EventStore): Promise<() => void> {
    const target = store as unknown as Patched & Record<string, unknown>;
    const own = (['readStream', 'streamVersion', 'append'] as const).map(
      (m) => [m, Object.prototype.hasOwnProperty.call(target, m), target[m]] as const,
    );
    const original: Patched = {
      readStream: store.readStream.bind(store),
      streamVersion: store.streamVersion.bind(store),
      append: store.append.bind(store),
    };
    target.readStream = (streamId: string, options?: ReadStreamOptions) =>
      this.scope.getStore() === this ? this.read(original, streamId, options) : original.readStream(streamId, options);
    target.streamVersion = async (streamId: string) => {
      if (this.scope.getStore() !== this) return original.streamVersion(streamId);
      const events = await this.read(original, streamId);
      return events.length ? events[events.length - 1].streamVersion : 0;
    };
    target.append = async (streamId: string, expected: ExpectedVersion, events: readonly NewEvent[]) => {
      const inside = this.scope.getStore() === this;
      let result: AppendResult;
      try {
        result = await original.append(streamId, expected, events);
      } catch (error) {
        this.forget(streamId);
        throw error;
      }
      if (inside && !result.duplicate && this.streams.has(streamId)) this.remember(streamId, result, events);
      else this.forget(streamId);
      return result;
    };
    const undo = () => {
      const slots = target as Record<string, unknown>;
      for (const [m, wasOwn, fn] of own) {
        if (wasOwn) slots[m] = fn;
        else delete slots[m];
      }
    };
    try {
      for await (const batch of store.readAll({ batchSize: 5000 })) {
        for (const e of batch) {
          const list = this.streams.get(e.streamId);
          if (list) list.push(e);
          else this.streams.set(e.streamId, [e]);
        }
      }
      this.complete = true;
    } catch (error) {
      undo();
      throw error;
    }
    return undo;
  }

  private async read(original: Patched, streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    let events = this.streams.get(streamId);
    if (!events && this.complete && !this.unknown.has(streamId)) {
      events = [];
      this.streams.set(streamId, events);
    }
    if (events) this.hits++;
    else {
      this.misses++;
      events = await original.readStream(streamId);
      this.streams.set(streamId, events);
      this.unknown.delete(streamId);
    }
    return select(events, options);
  }

  private remember(streamId: string, result: AppendResult, events: readonly NewEvent[]): void {
    const list = this.streams.get(streamId)!;
    const first = result.nextVersion - events.length + 1;
    if (list.length !== first - 1) return this.forget(streamId);
    const now = new Date();
    events.forEach((e, i) => {
      list.push({
        eventId: e.eventId ?? '',
        type: e.type,
        schemaVersion: e.schemaVersion ?? 1,
        streamId,
        streamVersion: first + i,
        position: result.positions[i],
        transactionId: '0',
        occurredAt: e.occurredAt ?? now,
        recordedAt: now,
        // as the database gives it back: JSON, not the writer's objects
        data: JSON.parse(JSON.stringify(e.data)),
        metadata: JSON.parse(JSON.stringify(e.metadata)),
        prevHash: null,
        hash: '',
      });
    });
  }

  private forget(streamId: string): void {
    this.streams.delete(streamId);
    this.unknown.add(streamId);
  }
}

function select(events: readonly StoredEvent[], options: ReadStreamOptions): StoredEvent[] {
  const backward = options.direction === 'backward';
  const from = options.fromVersion ?? (backward ? Number.MAX_SAFE_INTEGER : 1);
  const picked = backward ? events.filter((e) => e.streamVersion <= from).reverse() : events.filter((e) => e.streamVersion >= from);
  return options.maxCount !== undefined ? picked.slice(0, options.maxCount) : picked;
}
