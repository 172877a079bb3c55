import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, EVENT_STORE_MIGRATIONS, SqlEventStore } from '@banjie/event-store';
import { tamperWithStoredEvent } from '@banjie/event-store/testing';
import { backends } from '../support/databases';
import { runCli, startServer } from '../support/processes';

const meta = { actor: { userId: 'u', unitId: null, role: 'system' }, correlationId: 'c', causationId: null, source: 'cli' } as const;

describe('npm start on the embedded database', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'banjie-start-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves /health with the store kind and schema version, with no database installed', async () => {
    const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
    try {
      const res = await fetch(`${server.base}/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { schemaVersion: number };
      expect(body).toMatchObject({ store: 'pglite', pendingMigrations: 0 });
      expect(body.schemaVersion).toBeGreaterThan(0);
      // a second process on the same folder is refused with a clear line naming it
      const second = await runCli(['verify'], { DATA_DIR: dataDir, DATABASE_URL: '' });
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain(dataDir);
      expect(second.stderr).toContain('in use by another banjie process');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

for (const backend of backends()) {
  describe(`cli verify [${backend.kind}]`, () => {
    it('prints OK on an untouched store, and names the broken stream/version after an UPDATE', async () => {
      const t = await backend.open({ migrations: EVENT_STORE_MIGRATIONS });
      await t.db.migrate();
      const store = new SqlEventStore(t.db.kind, t.db.pool);
      await store.append(
        'issue-x',
        'no_stream',
        [1, 2, 3].map((n) => ({ type: 'IssueProgressRecorded', data: { note: `n${n}` }, metadata: { ...meta } })),
      );
      await store.append('unit-y', 'no_stream', [{ type: 'UnitRegistered', data: { name: 'y' }, metadata: { ...meta } }]);
      const env = { DATABASE_URL: t.location.databaseUrl ?? '', DATA_DIR: t.location.dataDir };
      await t.db.close(); // PGlite: one process at a time

      const ok = await runCli(['verify'], env);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^OK: 4 events in 2 streams/m);

      const db = await Database.open({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR });
      await tamperWithStoredEvent(db.pool, 'issue-x', 2, { data: { note: 'forged' } });
      await db.close();

      const broken = await runCli(['verify'], env);
      expect(broken.code).not.toBe(0);
      expect(broken.stdout).toContain('stream issue-x version 2');
      expect(broken.stdout).toContain('hash mismatch');
      const one = await runCli(['verify', '--stream', 'unit-y'], env);
      expect(one.code).toBe(0);
      await t.reopen();
      await t.dispose();
    });
  });
}
