import type { SqlSession, StoredEvent } from '@banjie/event-store/event-store.port';

/**
 * What a projection declares: its name, its code version (bump it when `apply` or its tables
 * change: the projector then rebuilds it on start), the event types it handles and the tables it
 * owns. The tables are created by migrations as empty templates; each generation of the read
 * model lives in copies named `<table>_g<generation>` (blue/green rebuilds, see docs/projections.md).
 */
export interface ProjectionDefinition {
  readonly name: string;
  readonly version: number;
  readonly handles: readonly string[];
  readonly tables: readonly string[];
  /**
   * Tables only ever inserted into (never read back by `apply`): a rebuild fills them without
   * their indexes and builds those once, after the bulk of the history (much faster).
   */
  readonly appendOnlyTables?: readonly string[];
  /**
   * Applies a batch inside the subscription's transaction (`ctx.tx`). In live mode an event it
   * cannot take is reported through `ctx.onEventError` and skipped (parked); in rebuild mode
   * `onEventError` is absent and the error is thrown (fail fast).
   */
  apply(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void>;
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
