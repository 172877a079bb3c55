import type { Pool } from 'pg';
import type { EventStore, SqlSession, StoredEvent } from '@banjie/event-store';
import type { CopyIn, Table } from './table';

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
   * How many entities (e.g. issues) per model the session keeps in memory between two writes; the
   * least recently touched beyond that are written (if changed) and dropped, and read back from
   * the generation's tables if an event touches them again (issues are busy for weeks, the history
   * spans years, so that is rare). Bounds the rebuild's memory on any history.
   */
  cacheEntities: number;
}

/**
 * A rebuild's in-memory state (see `ProjectionDefinition.rebuildSession`). The new generation is
 * private until the switch and its bulk phase is not resumed after a crash (the rebuild starts
 * over), so the session may hold changes as long as it likes: rows are written when they leave
 * memory or at the end — most of them exactly once, with COPY where the backend has it.
 *
 * - `apply` evolves a batch in memory and throws on the first event it cannot take (fail fast).
 *   `ctx.tx` reads committed rows of the generation (outside any write), for entities the session
 *   dropped.
 * - `drain(final)` takes what is to be written now — synchronously, so later `apply` calls do not
 *   leak into it: with `final`, everything not yet written; else what must leave memory — and
 *   returns the write that persists exactly that (in the rebuild's transaction, `ctx.copyIn` given
 *   on PostgreSQL). Row objects handed to a write must not be mutated afterwards.
 * - `committed` is called when every write drained so far has committed: what left may be dropped.
 */
export interface RebuildSession {
  apply(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void>;
  drain(final: boolean): (ctx: ProjectionContext) => Promise<void>;
  committed(): void;
}

/** What a drain of a RowBuffer hands to the write: rows never written (COPY) and rows written before (upsert). */
export interface Drained<R> {
  fresh: R[];
  rewritten: R[];
}

/**
 * A rebuild session's rows of one model, keyed, in recency order (most recently set last), with
 * write-back: a changed row stays in memory until it must leave (beyond `cap` at a drain, or the
 * final drain), then it is written once. Remembers which keys have a row in the table, so a key
 * never written is known to have none (no read back) and a first write can be a plain insert.
 */
export class RowBuffer<R> {
  readonly map = new Map<string, R>();
  private readonly written = new Set<string>();
  private readonly dirty = new Set<string>();
  private leaving: Map<string, R> | null = null;
  constructor(private readonly cap: number) {}

  /** Keys with a row in the table but not in memory: to be read back (`loaded`) before applying. */
  missing(keys: Iterable<string>): string[] {
    const out = new Set<string>();
    for (const k of keys) if (!this.map.has(k) && this.written.has(k)) out.add(k);
    return [...out];
  }

  /** A row read back from the table. */
  loaded(key: string, row: R): void {
    this.map.set(key, row);
  }

  get(key: string): R | undefined {
    return this.map.get(key);
  }

  /** A changed row, now the most recently touched. */
  set(key: string, row: R): void {
    this.map.delete(key);
    this.map.set(key, row);
    this.dirty.add(key);
  }

  /** The changed rows that leave memory now (all of them when `final`), split by whether the table has them. */
  drain(final: boolean): Drained<R> {
    const out: Drained<R> = { fresh: [], rewritten: [] };
    const leaving = new Map<string, R>();
    let excess = final ? 0 : this.map.size - this.cap;
    for (const [key, row] of this.map) {
      if (!final && excess-- <= 0) break;
      if (!final) leaving.set(key, row);
      if (!this.dirty.has(key)) continue;
      this.dirty.delete(key);
      (this.written.has(key) ? out.rewritten : out.fresh).push(row);
      this.written.add(key);
    }
    this.leaving = leaving;
    return out;
  }

  /** The drained write committed: rows that left and were not changed since are dropped. */
  committed(): void {
    for (const [key, row] of this.leaving ?? []) if (this.map.get(key) === row) this.map.delete(key);
    this.leaving = null;
  }
}

export interface ProjectionContext {
  readonly tx: SqlSession;
  readonly generation: number;
  /** The physical name of one of the projection's tables in this generation. */
  table(base: string): string;
  readonly mode: 'live' | 'rebuild';
  /** A rebuild's bulk write on PostgreSQL: COPY into the generation's tables (Table.insertMany). */
  readonly copyIn?: CopyIn;
  onEventError?: (event: StoredEvent, error: unknown) => void;
}

export function generationTable(base: string, generation: number): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(base)) throw new Error(`bad table name ${base}`);
  return `${base}_g${generation}`;
}

export function subscriptionName(projection: string, generation: number): string {
  return `projection:${projection}:g${generation}`;
}
