import type { Pool } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { EmbeddedPostgres } from './embedded-postgres';
import { StandbyDatabaseError, survivesLostConnections } from './database-faults';
import { ReadReplicas, type Queryable, type ReadReplicaOptions } from './read-replicas';

export type StoreKind = 'postgres' | 'pglite';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite in `dataDir` is used. */
  databaseUrl?: string;
  /** PGlite data folder (default ./data); `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  poolSize?: number;
  migrations?: DataSourceOptions['migrations'];
  entities?: DataSourceOptions['entities'];
  /**
   * Where banjie's own session-level connections dial (LISTEN, and any session advisory lock):
   * PostgreSQL itself, when `databaseUrl` goes through pgbouncer in transaction mode, which
   * carries neither (DATABASE_DIRECT_URL; default `databaseUrl`).
   */
  directUrl?: string;
  /** Hot standbys for reports, lists and the audit search (READ_DATABASE_URL); PostgreSQL only. */
  readUrls?: readonly string[];
  readReplicas?: ReadReplicaOptions;
  /**
   * Open a standby without complaint (read-only use: a province cell's replica for the national
   * roll-up). Otherwise a DATABASE_URL that reaches a hot standby is refused at open.
   */
  readOnly?: boolean;
}

/**
 * The one door to the database: a TypeORM DataSource with the postgres driver. The event store
 * runs its SQL on the same `pg` pool (`driver.master`), so nothing opens a second connection by
 * accident — which matters on PGlite, where the pool is exactly one connection.
 */
export class Database {
  private constructor(
    readonly kind: StoreKind,
    readonly dataSource: DataSource,
    private readonly embedded: EmbeddedPostgres | null,
    /** For LISTEN on PostgreSQL (and other session-level work): dedicated connections outside the pool, to DATABASE_DIRECT_URL. */
    readonly listenConfig: Record<string, unknown> | null,
    /** Read replicas, when READ_DATABASE_URL names any (see read-replicas.ts). */
    readonly replicas: ReadReplicas | null = null,
  ) {}

  static async open(options: DatabaseOptions): Promise<Database> {
    const common = {
      type: 'postgres' as const,
      synchronize: false,
      migrationsRun: false,
      migrationsTableName: 'schema_migrations',
      migrations: options.migrations ?? [],
      entities: options.entities ?? [],
      logging: false,
    };
    if (options.databaseUrl) {
      const dataSource = new DataSource({
        ...common,
        url: options.databaseUrl,
        extra: { max: options.poolSize ?? 20, idleTimeoutMillis: 30_000, application_name: 'banjie' },
      });
      await dataSource.initialize();
      const pool = (dataSource.driver as unknown as { master: Pool }).master;
      survivesLostConnections(pool);
      try {
        const { rows } = await pool.query(`SELECT pg_is_in_recovery() AS standby`);
        if (rows[0].standby && !options.readOnly) throw new StandbyDatabaseError('DATABASE_URL');
      } catch (error) {
        await dataSource.destroy();
        throw error;
      }
      const replicas = options.readUrls?.length ? new ReadReplicas(pool, options.readUrls, options.readReplicas) : null;
      await replicas?.start();
      // Named like the pool's connections: an operator's query on application_name sees them all.
      const direct = { connectionString: options.directUrl ?? options.databaseUrl, application_name: 'banjie' };
      return new Database('postgres', dataSource, null, direct, replicas);
    }
    const embedded = await EmbeddedPostgres.start(options.dataDir ?? './data');
    try {
      const dataSource = new DataSource({
        ...common,
        ...embedded.connectionOptions(),
        // One backend, one connection; never let the pool drop and re-dial it mid-work.
        extra: { max: 1, idleTimeoutMillis: 0 },
      });
      await dataSource.initialize();
      return new Database('pglite', dataSource, embedded, null);
    } catch (error) {
      await embedded.stop();
      throw error;
    }
  }

  get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /**
   * Where bounded-staleness reads go (reports, rankings, lists, the audit search): a usable read
   * replica, else the primary. Everything that writes, and every read that must see its own
   * write, uses `pool`.
   */
  get readPool(): Queryable {
    return this.replicas?.pool ?? this.pool;
  }

  /** A pool for a read that must include everything committed before it started (see ReadReplicas.fresh). */
  async freshReadPool(): Promise<Queryable> {
    return this.replicas ? this.replicas.fresh() : this.pool;
  }

  /** Applies pending migrations; returns the names applied. */
  async migrate(): Promise<string[]> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  }

  /** The newest applied migration (its timestamp), or 0 on an empty database. */
  async schemaVersion(): Promise<{ version: number; pending: number }> {
    const exists = await this.pool.query(`SELECT to_regclass('schema_migrations') AS t`);
    const known = this.dataSource.migrations.length;
    if (!exists.rows[0].t) return { version: 0, pending: known };
    const { rows } = await this.pool.query(`SELECT max(timestamp) AS v, count(*)::int AS n FROM schema_migrations`);
    return { version: Number(rows[0].v ?? 0), pending: Math.max(0, known - rows[0].n) };
  }

  private closing: Promise<void> | null = null;

  /** Idempotent: a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.replicas?.close();
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
      if (this.embedded) await this.embedded.stop();
    })();
    return this.closing;
  }
}
