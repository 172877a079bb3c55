import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Database, type DatabaseOptions } from '@banjie/event-store';

/**
 * The real backends a database suite runs over. Each `open()` gives a fresh, empty database:
 * a new PostgreSQL database created from TEST_DATABASE_URL, or PGlite in a new temp folder.
 */
export interface Backend {
  kind: 'postgres' | 'pglite';
  /** Opens a fresh database (or, with `reuse`, the same one again, as after a restart). */
  open(options?: Omit<DatabaseOptions, 'databaseUrl' | 'dataDir'>): Promise<TestDatabase>;
}

export interface TestDatabase {
  db: Database;
  /** Options that open this same database again (a restart). */
  location: { databaseUrl?: string; dataDir?: string };
  /** Close and open the same database again, as a restarted process would. */
  reopen(options?: Omit<DatabaseOptions, 'databaseUrl' | 'dataDir'>): Promise<Database>;
  /** Close and throw the database away. */
  dispose(): Promise<void>;
}

export function pgAvailable(): string | null {
  return process.env.BANJIE_TEST_PG || null;
}

export function backends(): Backend[] {
  const list: Backend[] = [pgliteBackend()];
  const url = pgAvailable();
  if (url) list.push(postgresBackend(url));
  return list;
}

/**
 * Where a whole app (which opens its own pool) keeps a fresh database of the backend: PGlite a
 * temp folder holding a copy of the run's migrated template (global-setup.js: initdb and the
 * migrations are paid once per run, not per app); PostgreSQL a new database, closed here so the
 * app is its only client.
 */
export async function freshAppDatabase(
  backend: Backend,
  prefix: string,
): Promise<{ location: TestDatabase['location']; dispose(): Promise<void> }> {
  if (backend.kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), prefix));
    const template = process.env.BANJIE_PGLITE_APP_TEMPLATE;
    if (template) cpSync(template, join(dataDir, 'pglite'), { recursive: true });
    return { location: { dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const t = await backend.open();
  await t.db.close();
  return { location: t.location, dispose: () => t.dispose() };
}

/** describe() once per available backend. */
export function describeEachBackend(title: string, fn: (backend: Backend) => void) {
  for (const backend of backends()) describe(`${title} [${backend.kind}]`, () => fn(backend));
}

function pgliteBackend(): Backend {
  return {
    kind: 'pglite',
    async open(options = {}) {
      const dataDir = mkdtempSync(join(tmpdir(), 'banjie-test-'));
      // Start from the run's initdb'd template (global-setup.js) instead of paying initdb again.
      const template = process.env.BANJIE_PGLITE_TEMPLATE;
      if (template) cpSync(template, join(dataDir, 'pglite'), { recursive: true });
      const t: TestDatabase = {
        db: await Database.open({ ...options, dataDir }),
        location: { dataDir },
        async reopen(again = options) {
          await t.db.close();
          t.db = await Database.open({ ...again, dataDir });
          return t.db;
        },
        async dispose() {
          await t.db.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
      return t;
    },
  };
}

function postgresBackend(adminUrl: string): Backend {
  return {
    kind: 'postgres',
    async open(options = {}) {
      const name = `banjie_t_${randomBytes(6).toString('hex')}`;
      await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const databaseUrl = url.toString();
      const t: TestDatabase = {
        db: await Database.open({ ...options, databaseUrl }),
        location: { databaseUrl },
        async reopen(again = options) {
          await t.db.close();
          t.db = await Database.open({ ...again, databaseUrl });
          return t.db;
        },
        async dispose() {
          await t.db.close();
          await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
      };
      return t;
    },
  };
}

async function adminQuery(url: string, sql: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
