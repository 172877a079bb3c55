import type { SqlSession } from '@banjie/event-store';

/** A column for bulk writes through `unnest`: one array parameter per column, any row count. */
export interface Column<R> {
  name: string;
  /** PostgreSQL array type of the parameter, e.g. `text[]`, `int[]`, `timestamptz[]`. */
  type: string;
  value(row: R): unknown;
}

/**
 * INSERT … SELECT FROM unnest(…) ON CONFLICT: a whole batch in one statement with a fixed number
 * of parameters (no 65535-parameter limit, one plan). `onConflict` is the tail after the key,
 * e.g. `(issue_id) DO UPDATE SET …` or `DO NOTHING`.
 */
export async function bulkInsert<R>(
  tx: SqlSession,
  table: string,
  columns: readonly Column<R>[],
  rows: readonly R[],
  onConflict = '',
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => c.name).join(', ');
  const params = columns.map((c) => rows.map((r) => c.value(r)));
  const unnest = columns.map((c, i) => `$${i + 1}::${c.type}`).join(', ');
  await tx.query(
    `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})${onConflict ? ' ON CONFLICT ' + onConflict : ''}`,
    params,
  );
}

/** `SET a = excluded.a, …` for every column except the keys. */
export function setExcluded<R>(columns: readonly Column<R>[], keys: readonly string[]): string {
  return columns
    .filter((c) => !keys.includes(c.name))
    .map((c) => `${c.name} = excluded.${c.name}`)
    .join(', ');
}
