import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { unitStream } from '@banjie/domain';
import { Database, SqlEventStore } from '@banjie/event-store';
import { businessDate } from '@banjie/domain';
import { AlertsEvaluator, Projector, PROJECTIONS } from '@banjie/projections';
import { snapshotTables } from '../support/projection-helpers';
import { pgAvailable } from '../support/databases';
import { startServer } from '../support/processes';

const HEADERS = { 'x-actor': 'u-ops-admin', 'x-role': 'admin', 'content-type': 'application/json' };
const ENV = { AUTH_MODE: 'trust-headers', BOOTSTRAP_TOKEN_FILE: 'off', LOG_FORMAT: 'json', SHUTDOWN_TIMEOUT_MS: '15000' };

interface Answer {
  id: string;
  status: number | 'no answer';
}

/** Sends POST /units with new ids from `workers` loops until the server stops answering. */
function loadUntilClosed(base: string, workers = 4): { answers: Answer[]; done: Promise<void> } {
  const answers: Answer[] = [];
  const loop = async (w: number) => {
    for (let n = 0; ; n++) {
      const id = `u-load-${w}-${n}-${randomUUID().slice(0, 8)}`;
      try {
        const res = await fetch(`${base}/units`, {
          method: 'POST',
          headers: HEADERS,
          body: JSON.stringify({ id, name: `负载单位 ${w}-${n}`, level: 'prefecture', region: '武汉市' }),
        });
        answers.push({ id, status: res.status });
        await res.arrayBuffer();
      } catch {
        answers.push({ id, status: 'no answer' });
        return; // connection refused or reset: the listener is gone
      }
    }
  };
  return { answers, done: Promise.all(Array.from({ length: workers }, (_, w) => loop(w))).then(() => undefined) };
}

/** Every row of every table of each projection's active generation, in a stable order (volatile columns left out). */
async function readModels(db: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const def of PROJECTIONS) {
    const { rows } = await db.pool.query(`SELECT generation FROM projections WHERE name = $1`, [def.name]);
    if (rows[0]?.generation === undefined) continue;
    for (const [table, data] of Object.entries(await snapshotTables(db.pool, def))) out[`${def.name}.${table}`] = data;
  }
  return out;
}

const backends: [string, () => Promise<{ env: Record<string, string>; open: () => Promise<Database>; dispose: () => Promise<void> }>][] = [
  [
    'pglite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'banjie-shutdown-'));
      const dataDir = join(dir, 'data');
      return {
        env: { DATA_DIR: dataDir, DATABASE_URL: '' },
        open: () => Database.open({ dataDir }),
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
];
const adminUrl = pgAvailable();
if (adminUrl) {
  backends.push([
    'postgres',
    async () => {
      const name = `banjie_t_shut_${randomUUID().slice(0, 8)}`;
      const admin = async (sql: string) => {
        const c = new Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(sql).finally(() => c.end());
      };
      await admin(`CREATE DATABASE ${name}`);
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      const databaseUrl = u.toString();
      return {
        env: { DATABASE_URL: databaseUrl },
        open: () => Database.open({ databaseUrl }),
        dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      };
    },
  ]);
}

describe.each(backends)('graceful shutdown under load [%s]', (_kind, make) => {
  it('exits 0 on SIGTERM, logs each step, answers no 2xx without its event, and its read models equal a rebuild', async () => {
    const backend = await make();
    try {
      const server = await startServer({ ...backend.env, ...ENV });
      const load = loadUntilClosed(server.base);
      await new Promise((r) => setTimeout(r, 1500));
      const code = await server.stop(); // SIGTERM while the loops keep sending
      await load.done;
      if (code !== 0)
        console.log(
          server
            .output()
            .split('\n')
            .filter((l) => !l.includes('"context":"http"'))
            .slice(-25)
            .join('\n'),
        );
      expect(code).toBe(0);

      const ok = load.answers.filter((a) => typeof a.status === 'number' && a.status >= 200 && a.status < 300);
      expect(ok.length).toBeGreaterThan(5);
      // every answer was a success, a 503 "closing", or no answer at all — never a 500
      expect(load.answers.filter((a) => a.status !== 'no answer' && a.status !== 503 && !(a.status >= 200 && a.status < 300))).toEqual([]);

      const lines = server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg: string; time: string });
      const step = (re: RegExp) => lines.findIndex((l) => re.test(l.msg));
      const steps = [
        /^SIGTERM received: closing/,
        /^HTTP: listener closing/,
        /^HTTP: server closed/,
        /^closed the (pglite|postgres) database/,
        /exiting with 0$/,
      ].map(step);
      expect(steps.every((i) => i >= 0)).toBe(true);
      expect([...steps].sort((a, b) => a - b)).toEqual(steps);

      // restart (PGlite: the folder lock was released), let the projector catch up, stop again
      const again = await startServer({ ...backend.env, ...ENV });
      const deadline = Date.now() + 30_000;
      for (;;) {
        const health = (await (await fetch(`${again.base}/health`)).json()) as { projectorLag: number };
        if (health.projectorLag === 0) break;
        if (Date.now() > deadline) throw new Error(`projector did not catch up: ${JSON.stringify(health)}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(await again.stop()).toBe(0);

      const db = await backend.open();
      try {
        const registered: string[] = [];
        for await (const batch of new SqlEventStore(db.kind, db.pool).readAll({ types: ['UnitRegistered'] }))
          registered.push(...batch.map((e) => e.streamId));
        const stored = new Set(registered);
        expect(ok.filter((a) => !stored.has(unitStream(a.id)))).toEqual([]);

        // the alerts as evaluated today (a rebuild evaluates them for today before its switch)
        await new AlertsEvaluator(db.pool, new SqlEventStore(db.kind, db.pool)).runOnce(businessDate(new Date()));
        const live = await readModels(db);
        expect(Object.keys(live).length).toBeGreaterThan(0);
        const projector = new Projector(new SqlEventStore(db.kind, db.pool), db.pool, PROJECTIONS);
        for (const def of PROJECTIONS) await projector.rebuild(def.name, { force: true });
        await projector.stop();
        expect(await readModels(db)).toEqual(live);
      } finally {
        await db.close();
      }
    } finally {
      await backend.dispose();
    }
  }, 120_000);
});
