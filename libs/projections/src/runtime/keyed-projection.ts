/**
 * A read model written as `evolve(row | null, event) → row` over typed events (STYLE.md habit 6),
 * one row per key, with its table declared once (runtime/table.ts). The helper does the rest the
 * same way for every read model: live, it loads the rows a batch touches (one query per table),
 * evolves them in memory and writes each changed row once (one statement per table); in a
 * rebuild's bulk phase it keeps the rows in memory (a bounded RowBuffer) and writes what changed
 * when they leave memory (most rows once, with COPY on PostgreSQL). A model may also append rows to a history table (an issue's ended
 * snapshots, an activity's visits), derived from a row's change.
 *
 * Events arrive through `asBanjieEvent` (upcast, checked); an event a model cannot take (it throws)
 * is reported through `onEventError` live (the projector parks it) and fails a rebuild.
 */
import { asBanjieEvent, type BanjieEventType, type TypedEvent } from '@banjie/domain';
import type { StoredEvent } from '@banjie/event-store';
import {
  RowBuffer,
  type ProjectionContext,
  type ProjectionDefinition,
  type RebuildSession,
  type RebuildSessionOptions,
} from './projection';
import type { Table } from './table';

/** A stored event as the domain event of its type (the envelope kept). */
export type Stored<T extends BanjieEventType = BanjieEventType> = TypedEvent<StoredEvent, T>;

/** An event a read model cannot take (e.g. an issue event before its IssueCollected): parked live, fatal in a rebuild. */
export class ProjectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectionError';
  }
}

export interface KeyedModel<R extends object, T extends BanjieEventType, H extends object = never> {
  readonly table: Table<R>;
  /** The event types this model reads (each event goes to every model that handles its type). */
  readonly handles: readonly T[];
  /** The key (the table's one primary-key column) of the row an event touches. */
  key(event: Stored<T>): string;
  /** The next row; must return a new object (rows handed to a write are never mutated). */
  evolve(row: R | null, event: Stored<T>): R;
  /** Rows this change appends to an append-only table. */
  readonly history?: {
    readonly table: Table<H>;
    rows(before: R | null, after: R, event: Stored<T>): readonly H[];
  };
}

/** A model with its types erased, for a projection's list (each `model(...)` call is checked on its own). */
export interface AnyModel {
  readonly m: KeyedModel<any, any, any>;
}

export function model<R extends object, T extends BanjieEventType, H extends object = never>(m: KeyedModel<R, T, H>): AnyModel {
  return { m };
}

type Model = AnyModel['m'];

/** One event of a batch, read once. */
interface Read {
  stored: StoredEvent;
  event: Stored | null;
  error: unknown;
  targets: Model[];
}

/** The rows a batch changed, per model, and the history rows it appended, per table. */
interface Changes {
  rows: Map<Model, Map<string, object>>;
  history: Map<Table<object>, object[]>;
}

function emptyChanges(): Changes {
  return { rows: new Map(), history: new Map() };
}

export interface KeyedProjectionSpec {
  name: string;
  /** Bump when a model's evolve or a table changes: the projector rebuilds the read model on start. */
  version: number;
  models: readonly AnyModel[];
  /** Extra steps of a rebuild, before the switch. */
  beforeSwitch?: ProjectionDefinition['beforeSwitch'];
}

export function keyedProjection(spec: KeyedProjectionSpec): ProjectionDefinition {
  const models = spec.models.map((x) => x.m);
  const byType = new Map<string, Model[]>();
  for (const m of models) for (const t of m.handles) byType.set(t, [...(byType.get(t) ?? []), m]);
  const tables = [...new Set(models.flatMap((m) => (m.history ? [m.table, m.history.table] : [m.table])))];

  /** A batch read once: each event the models handle as the typed union (or why it cannot be read). */
  function read(events: readonly StoredEvent[]): Read[] {
    const out: Read[] = [];
    for (const stored of events) {
      const targets = byType.get(stored.type);
      if (!targets) continue;
      try {
        out.push({ stored, event: asBanjieEvent(stored), error: null, targets });
      } catch (error) {
        out.push({ stored, event: null, error, targets });
      }
    }
    return out;
  }

  /**
   * Evolves a batch over the rows `working(m)` gives (the working set, updated as it goes) and
   * collects what changed. An event that fails in any model changes nothing and goes to `onError`
   * (or is thrown without one).
   */
  function evolveAll(
    batch: readonly Read[],
    working: (m: Model) => Map<string, object | null>,
    changes: Changes,
    onError?: (event: StoredEvent, error: unknown) => void,
  ): void {
    for (const { stored, event, error: unreadable, targets } of batch) {
      try {
        if (!event) throw unreadable;
        const updates = targets.map((m) => {
          const key = m.key(event);
          const before = working(m).get(key) ?? null;
          return { m, key, before, after: m.evolve(before, event) as object };
        });
        for (const { m, key, before, after } of updates) {
          working(m).set(key, after);
          let changed = changes.rows.get(m);
          if (!changed) changes.rows.set(m, (changed = new Map()));
          changed.set(key, after);
          if (m.history) {
            const added = m.history.rows(before, after, event) as object[];
            if (added.length) {
              const list = changes.history.get(m.history.table) ?? [];
              for (const h of added) list.push(h);
              changes.history.set(m.history.table, list);
            }
          }
        }
      } catch (error) {
        if (!onError) throw error;
        onError(stored, error);
      }
    }
  }

  /** The keys a batch touches, per model (events that cannot be read are left to evolveAll to report). */
  function keysOf(batch: readonly Read[]): Map<Model, Set<string>> {
    const keys = new Map<Model, Set<string>>();
    for (const { event, targets } of batch) {
      if (!event) continue;
      for (const m of targets) {
        let set = keys.get(m);
        if (!set) keys.set(m, (set = new Set()));
        try {
          set.add(m.key(event));
        } catch {
          /* reported by evolveAll */
        }
      }
    }
    return keys;
  }

  async function write(ctx: ProjectionContext, changes: Changes): Promise<void> {
    for (const [m, rows] of changes.rows) await m.table.write(ctx.tx, ctx.table(m.table.name), [...rows.values()], 'upsert');
    for (const [table, rows] of changes.history) await table.write(ctx.tx, ctx.table(table.name), rows, 'insert');
  }

  return {
    name: spec.name,
    version: spec.version,
    handles: [...byType.keys()],
    tables,
    beforeSwitch: spec.beforeSwitch,

    async apply(events, ctx) {
      const batch = read(events);
      const working = new Map<Model, Map<string, object | null>>();
      for (const [m, keys] of keysOf(batch)) {
        const loaded = new Map<string, object | null>();
        for (const row of await m.table.read(ctx.tx, ctx.table(m.table.name), [...keys])) loaded.set(keyOfRow(m, row), row);
        working.set(m, loaded);
      }
      const changes = emptyChanges();
      evolveAll(
        batch,
        (m) => {
          let w = working.get(m);
          if (!w) working.set(m, (w = new Map()));
          return w;
        },
        changes,
        ctx.onEventError,
      );
      await write(ctx, changes);
    },

    rebuildSession: (options) => new KeyedRebuild(models, options, read, keysOf, evolveAll),
  };
}

function keyOfRow(m: Model, row: object): string {
  return String((row as Record<string, unknown>)[m.table.options.primaryKey[0]]);
}

/**
 * Rebuild fast path: each model's rows in a RowBuffer for the bulk phase (write-back: a row is
 * written when it leaves memory or at the end, mostly once — with COPY when it is new, an upsert
 * when it was written before); history rows are append-only and go in with COPY at each drain.
 */
class KeyedRebuild implements RebuildSession {
  private readonly buffers = new Map<Model, RowBuffer<object>>();
  private history: Changes['history'] = new Map();

  constructor(
    private readonly models: readonly Model[],
    options: RebuildSessionOptions,
    private readonly read: (events: readonly StoredEvent[]) => Read[],
    private readonly keysOf: (batch: readonly Read[]) => Map<Model, Set<string>>,
    private readonly evolveAll: (batch: readonly Read[], working: (m: Model) => Map<string, object | null>, changes: Changes) => void,
  ) {
    for (const m of models) this.buffers.set(m, new RowBuffer(options.cacheEntities));
  }

  async apply(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void> {
    const read = this.read(events);
    for (const [m, keys] of this.keysOf(read)) {
      const buffer = this.buffers.get(m)!;
      const missing = buffer.missing(keys);
      if (missing.length)
        for (const row of await m.table.read(ctx.tx, ctx.table(m.table.name), missing)) buffer.loaded(keyOfRow(m, row), row);
    }
    // The buffers are the working set; every changed row is set back (dirty, most recently touched).
    const batch = emptyChanges();
    this.evolveAll(read, (m) => this.buffers.get(m)!.map as Map<string, object | null>, batch);
    for (const [m, rows] of batch.rows) {
      const buffer = this.buffers.get(m)!;
      for (const [key, row] of rows) buffer.set(key, row);
    }
    for (const [table, rows] of batch.history) {
      const list = this.history.get(table) ?? [];
      for (const r of rows) list.push(r);
      this.history.set(table, list);
    }
  }

  drain(final: boolean): (ctx: ProjectionContext) => Promise<void> {
    const rows = this.models.map((m) => ({ m, drained: this.buffers.get(m)!.drain(final) }));
    const history = this.history;
    this.history = new Map();
    return async (ctx) => {
      for (const { m, drained } of rows) {
        const physical = ctx.table(m.table.name);
        await m.table.insertMany(ctx.tx, physical, drained.fresh, ctx.copyIn);
        await m.table.write(ctx.tx, physical, drained.rewritten, 'upsert');
      }
      for (const [table, list] of history) await table.insertMany(ctx.tx, ctx.table(table.name), list, ctx.copyIn);
    };
  }

  committed(): void {
    for (const buffer of this.buffers.values()) buffer.committed();
  }
}
