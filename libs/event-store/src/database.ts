import type { Pool } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { EmbeddedPostgres } from './embedded-postgres';

export type StoreKind = 'postgres' | 'pglite';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite in `dataDir` is used. */
  databaseUrl?: string;
  /** PGlite data folder (default ./data); `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  poolSize?: number;
  migrations?: DataSourceOptions['migrations'];
  entities?: DataSourceOptions['entities'];
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
    /** For LISTEN on PostgreSQL: a dedicated connection outside the pool. */
    readonly listenConfig: Record<string, unknown> | null,
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
      return new Database('postgres', dataSource, null, { connectionString: options.databaseUrl });
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
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
      if (this.embedded) await this.embedded.stop();
    })();
    return this.closing;
  }
}
