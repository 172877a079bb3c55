import type { Pool } from 'pg';
import type { EventStore, SqlSession, StoredEvent } from '@banjie/event-store';
import type { Table } from './table';

/**
 * What a projection declares: its name, its code version (bump it when `apply` or its tables
 * change: the projector then rebuilds it on start), the event types it handles and the tables it
 * owns (each declared once, runtime/table.ts). Each generation of the read model lives in copies
 * named `<table>_g<generation>`, created from those declarations (blue/green rebuilds, see
 * docs/projections.md). Most read models are written with `keyedProjection` (runtime/keyed-projection.ts).
 */
export interface ProjectionDefinition {
  readonly name: string;
  readonly version: number;
  readonly handles: readonly string[];
  readonly tables: readonly Table<any>[];
  /**
   * Applies a batch inside the subscription's transaction (`ctx.tx`). In live mode an event it
   * cannot take is reported through `ctx.onEventError` and skipped (parked); in rebuild mode
   * `onEventError` is absent and the error is thrown (fail fast).
   */
  apply(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void>;
  /**
   * Optional fast path for the bulk phase of a rebuild: the new generation is private until the
   * switch, so the projection may keep its whole state in memory instead of reading the touched
   * rows back per batch. Without it the bulk phase calls `apply` per batch.
   */
  rebuildSession?(options: RebuildSessionOptions): RebuildSession;
  /**
   * A rebuild's last step before the switch, once the new generation has caught up: work it needs
   * besides the events (the alerts evaluate every subject for today). Fails the rebuild if it throws.
   */
  beforeSwitch?(ctx: SwitchContext): Promise<void>;
}

/** What `beforeSwitch` gets: the new generation's tables, the database, the store and the clock. */
export interface SwitchContext {
  readonly generation: number;
  table(base: string): string;
  readonly pool: Pool;
  readonly store: EventStore;
  readonly now: Date;
}

export interface RebuildSessionOptions {
  /**
   * How many entities (e.g. issues) the session keeps in memory at most, beyond those changed
   * since its last write; the least recently touched written ones are dropped and read back from
   * the generation's tables if an event touches them again (issues are busy for weeks, the
   * history spans years, so that is rare). Bounds the rebuild's memory on any history.
   */
  cacheEntities: number;
}

/**
 * A rebuild's in-memory state (see `ProjectionDefinition.rebuildSession`).
 *
 * - `apply` evolves a batch in memory and throws on the first event it cannot take (fail fast).
 *   `ctx.tx` reads committed rows of the generation (outside any write), for entities the session
 *   dropped.
 * - `drain` takes everything changed since the previous drain — synchronously, so later `apply`
 *   calls do not leak into it — and returns the write that persists exactly that; the projector
 *   runs it in the transaction that moves the checkpoint to the last event applied before the
 *   drain. Row objects handed to a write must not be mutated afterwards (evolve returns new ones).
 * - `committed` is called when every write drained so far has committed: entities not changed
 *   since may now be dropped from memory.
 */
export interface RebuildSession {
  apply(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void>;
  drain(): (ctx: ProjectionContext) => Promise<void>;
  committed(): void;
}

/**
 * A bounded map for a rebuild session: entries in recency order (touch moves one to the end), a
 * record of every key ever held (so a key never seen is known to have no row: no read needed),
 * and eviction of the oldest entries not in `dirty` down to `cap`.
 */
export class RebuildCache<V> {
  readonly map = new Map<string, V>();
  private readonly known = new Set<string>();
  constructor(private readonly cap: number) {}

  /** Keys that were held before but are not in memory now: to be read back before applying. */
  missing(keys: Iterable<string>): string[] {
    const out: string[] = [];
    for (const k of keys) if (!this.map.has(k) && this.known.has(k)) out.push(k);
    return [...new Set(out)];
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /** Sets (or refreshes) an entry as the most recently touched. */
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.known.add(key);
  }

  touch(key: string): void {
    const v = this.map.get(key);
    if (v !== undefined) this.set(key, v);
  }

  evict(dirty: { has(key: string): boolean }): void {
    if (this.map.size <= this.cap) return;
    for (const k of this.map.keys()) {
      if (this.map.size <= this.cap) break;
      if (!dirty.has(k)) this.map.delete(k);
    }
  }
}

export interface ProjectionContext {
  readonly tx: SqlSession;
  readonly generation: number;
  /** The physical name of one of the projection's tables in this generation. */
  table(base: string): string;
  readonly mode: 'live' | 'rebuild';
  onEventError?: (event: StoredEvent, error: unknown) => void;
}

export function generationTable(base: string, generation: number): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(base)) throw new Error(`bad table name ${base}`);
  return `${base}_g${generation}`;
}

export function subscriptionName(projection: string, generation: number): string {
  return `projection:${projection}:g${generation}`;
}
