/**
 * A read model's table, declared once: its columns (a row's properties, in snake_case in SQL), its
 * key and its indexes. The same declaration creates each generation's table (there are no template
 * tables and no migration per read model), writes rows in bulk and reads them back typed, so a
 * column added to a row type is added everywhere at once (and a code `version` bump rebuilds it).
 */
import { COPY_NULL, copyText, type SqlSession } from '@banjie/event-store';

/**
 * `COPY <table> (…) FROM STDIN` on the write's connection, fed COPY text (PostgreSQL, in a
 * rebuild's bulk phase). Absent on PGlite: rows are inserted in batches there.
 */
export type CopyIn = (sql: string, chunks: Iterable<string>) => Promise<void>;

export type ColumnType = 'text' | 'integer' | 'bigint' | 'boolean' | 'timestamptz' | 'jsonb';

export interface ColumnSpec {
  type: ColumnType;
  /** Nullable columns hold `null` for a row property that is null or undefined. */
  nullable?: boolean;
}

export interface IndexSpec {
  /** Suffix of the index name (the physical name is `<table>_<name>`). */
  name: string;
  /** The index's column list, in SQL (e.g. `responsible_unit_id, state, due_on`). */
  on: string;
  unique?: boolean;
  where?: string;
}

export interface TableOptions<R> {
  primaryKey: readonly (keyof R & string)[];
  indexes?: readonly IndexSpec[];
  /**
   * Only ever inserted into (never read back while a projection applies events): a rebuild fills
   * it without any index, its primary key included, and builds them once after the bulk phase.
   */
  appendOnly?: boolean;
  /**
   * Work state rather than a function of the events (how often a row was touched, when a job last
   * looked at it): a rebuild may hold other values there, so equality checks of live and rebuilt
   * read models leave these columns out.
   */
  volatile?: readonly (keyof R & string)[];
}

const ARRAY_TYPES: Record<ColumnType, string> = {
  text: 'text[]',
  integer: 'int[]',
  bigint: 'bigint[]',
  boolean: 'boolean[]',
  timestamptz: 'timestamptz[]',
  jsonb: 'jsonb[]',
};

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

interface Column<R> {
  key: keyof R & string;
  name: string;
  spec: ColumnSpec;
}

export class Table<R extends object> {
  readonly columns: readonly Column<R>[];
  private readonly byKey: Map<string, Column<R>>;

  constructor(
    readonly name: string,
    columns: { readonly [K in keyof R & string]-?: ColumnSpec },
    readonly options: TableOptions<R>,
  ) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`bad table name ${name}`);
    this.columns = Object.entries(columns).map(([key, spec]) => ({
      key: key as keyof R & string,
      name: snakeCase(key),
      spec: spec as ColumnSpec,
    }));
    this.byKey = new Map(this.columns.map((c) => [c.key, c]));
    for (const k of options.primaryKey) if (!this.byKey.has(k)) throw new Error(`${name}: primary key ${k} is not a column`);
  }

  get appendOnly(): boolean {
    return this.options.appendOnly ?? false;
  }

  /** The SQL names of the volatile columns (TableOptions.volatile). */
  get volatileColumns(): string[] {
    return (this.options.volatile ?? []).map((k) => this.column(k));
  }

  /** The SQL name of a row property. */
  column(key: keyof R & string): string {
    const c = this.byKey.get(key);
    if (!c) throw new Error(`${this.name} has no column ${key}`);
    return c.name;
  }

  /** The primary key's columns, in SQL. */
  get keyColumns(): string[] {
    return this.options.primaryKey.map((k) => this.column(k));
  }

  /** CREATE TABLE of one generation's copy; without the primary key when a rebuild fills it first. */
  createSql(physical: string, withPrimaryKey = true): string {
    const cols = this.columns.map((c) => `${c.name} ${c.spec.type}${c.spec.nullable ? '' : ' NOT NULL'}`);
    if (withPrimaryKey) cols.push(this.primaryKeySql(physical));
    return `CREATE TABLE ${physical} (\n  ${cols.join(',\n  ')}\n)`;
  }

  primaryKeySql(physical: string): string {
    return `CONSTRAINT ${physical}_pkey PRIMARY KEY (${this.keyColumns.join(', ')})`;
  }

  /** The secondary indexes of one generation's copy. */
  indexSql(physical: string): string[] {
    return (this.options.indexes ?? []).map(
      (i) => `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${physical}_${i.name} ON ${physical} (${i.on})${i.where ? ` WHERE ${i.where}` : ''}`,
    );
  }

  /** A row as read back from the table. */
  fromRow(row: Record<string, unknown>): R {
    const out: Record<string, unknown> = {};
    for (const c of this.columns) {
      const v = row[c.name];
      out[c.key] = v === null || v === undefined ? null : c.spec.type === 'bigint' ? Number(v) : v;
    }
    return out as R;
  }

  private param(c: Column<R>, rows: readonly R[]): unknown[] {
    return rows.map((r) => {
      const v = (r as Record<string, unknown>)[c.key];
      if (v === undefined || v === null) return null;
      return c.spec.type === 'jsonb' ? JSON.stringify(v) : v;
    });
  }

  /**
   * INSERT … SELECT FROM unnest(…): any number of rows in one statement with a fixed number of
   * parameters (no 65535-parameter limit, one plan). `upsert` replaces a row with the same key.
   */
  async write(tx: SqlSession, physical: string, rows: readonly R[], mode: 'insert' | 'upsert' = 'upsert'): Promise<void> {
    if (rows.length === 0) return;
    const names = this.columns.map((c) => c.name);
    const unnest = this.columns.map((c, i) => `$${i + 1}::${ARRAY_TYPES[c.spec.type]}`).join(', ');
    const keys = this.keyColumns;
    const set = names.filter((n) => !keys.includes(n)).map((n) => `${n} = excluded.${n}`);
    const conflict =
      mode === 'upsert' ? ` ON CONFLICT (${keys.join(', ')}) DO ${set.length ? `UPDATE SET ${set.join(', ')}` : 'NOTHING'}` : '';
    await tx.query(
      `INSERT INTO ${physical} (${names.join(', ')}) SELECT * FROM unnest(${unnest})${conflict}`,
      this.columns.map((c) => this.param(c, rows)),
    );
  }

  /**
   * Inserts rows known not to be in the table yet: with `copyIn`, one COPY fed in ~1 MB chunks of
   * text made as it goes (no parameter arrays, no statement per row); else `write(…, 'insert')`.
   */
  async insertMany(tx: SqlSession, physical: string, rows: readonly R[], copyIn?: CopyIn): Promise<void> {
    if (rows.length === 0) return;
    if (!copyIn) return this.write(tx, physical, rows, 'insert');
    await copyIn(`COPY ${physical} (${this.columns.map((c) => c.name).join(', ')}) FROM STDIN`, this.copyChunks(rows));
  }

  private *copyChunks(rows: readonly R[]): Generator<string> {
    let chunk = '';
    for (const row of rows) {
      chunk += this.copyLine(row);
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk;
  }

  /** One row in COPY's text format, the columns in declaration order. */
  copyLine(row: R): string {
    let line = '';
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i];
      const v = (row as Record<string, unknown>)[c.key];
      if (i > 0) line += '\t';
      if (v === undefined || v === null) line += COPY_NULL;
      else if (c.spec.type === 'jsonb') line += copyText(JSON.stringify(v));
      else if (c.spec.type === 'boolean') line += v ? 't' : 'f';
      else if (v instanceof Date) line += v.toISOString();
      else line += copyText(String(v));
    }
    return line + '\n';
  }

  /** The rows whose single-column key is one of `keys`. */
  async read(tx: SqlSession, physical: string, keys: readonly string[]): Promise<R[]> {
    if (keys.length === 0) return [];
    if (this.keyColumns.length !== 1) throw new Error(`${this.name}: read by key needs a single-column key`);
    const { rows } = await tx.query(`SELECT * FROM ${physical} WHERE ${this.keyColumns[0]} = ANY($1::text[])`, [keys]);
    return rows.map((r) => this.fromRow(r));
  }
}
