/**
 * Issue #15, acceptance "one owner per subscription across processes": an API-only process takes
 * a bounded write load (issues back-dated and accepted with a due date already past, every other
 * one left open, so the deadline watcher and the alerts have work) while three worker processes
 * share the database. Three times, the worker that runs the `issues` subscription is killed with
 * kill -9 and a new worker is started; a stand-by takes over within seconds.
 *
 * Throughout, every worker's /health is sampled: at every sample at most one process runs each
 * subscription (state other than `standby`) and the deadline watcher. Afterwards: no issue has two
 * IssueBecameOverdue for one due date; the read models equal a full rebuild; the alerts equal
 * those of a single evaluator over the same events (a scratch generation built and evaluated in
 * this test process).
 */
import { Client, Pool } from 'pg';
import { SqlEventStore } from '@banjie/event-store';
import { ALERTS, AlertsEvaluator, alertsProjection, generationTable } from '@banjie/projections';
import { registerCleanup, waitFor } from '../support/cluster';
import { pgAvailable } from '../support/databases';
import {
  expectAnsweredCommandsStored,
  expectCleanAnswers,
  expectReadModelsEqualRebuild,
  readAllCommitted,
  seedForLoad,
  writeLoad,
} from '../support/fault-load';
import { httpClient } from '../support/http-client';
import { SCENARIO_CLOCK_START } from '../support/http-scenario';
import { buildGeneration, dropGeneration } from '../support/projection-helpers';
import { startServer, startWorker } from '../support/processes';

jest.setTimeout(300_000);

type Worker = Awaited<ReturnType<typeof startWorker>>;
/** Running it (owning it): not standing by, not stopped, and no longer just registered ('starting'). */
const RUNNING = (state: string) => state === 'live' || state === 'retrying' || state === 'rebuilding';

(pgAvailable() ? describe : describe.skip)('three workers, kill -9 of the owner in a loop [postgres]', () => {
  const name = `banjie_owners_${process.pid}`;
  let databaseUrl: string;
  let api: Awaited<ReturnType<typeof startServer>>;
  const workers: Worker[] = [];
  const owned: (() => void)[] = [];

  const admin = async (sql: string) => {
    const c = new Client({ connectionString: pgAvailable()! });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const env = () => ({
    DATABASE_URL: databaseUrl,
    AUTH_MODE: 'trust-headers',
    CLOCK_START: SCENARIO_CLOCK_START,
    DEMO: '0',
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: '5',
    DEADLINE_WATCHER_INTERVAL_MS: '1000',
    ALERTS_EVALUATE_INTERVAL_MS: '2000',
  });
  const addWorker = async () => {
    const w = await startWorker({ ...env(), BANJIE_ROLE: 'worker' });
    owned.push(registerCleanup({ kill: w.child.pid! }));
    workers.push(w);
    return w;
  };
  const alive = () => workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);

  beforeAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(pgAvailable()!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    api = await startServer({ ...env(), BANJIE_ROLE: 'api' });
    owned.push(registerCleanup({ kill: api.child.pid! }));
    for (let i = 0; i < 3; i++) await addWorker();
  });

  afterAll(async () => {
    await api?.stop().catch(() => undefined);
    for (const w of workers) await w.stop().catch(() => undefined);
    owned.forEach((forget) => forget());
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  });

  /** Each live worker's runtime: who runs what (a worker that does not answer in time is left out). */
  async function sample(): Promise<{ worker: Worker; running: string[] }[]> {
    return Promise.all(
      alive().map(async (worker) => {
        const h = await httpClient(worker.base, 3000).get('/health', {});
        const loops = [...(h.body?.runtime?.subscriptions ?? []), ...(h.body?.runtime?.jobs ?? [])] as {
          name: string;
          kind: string;
          state: string;
        }[];
        return {
          worker,
          running: loops.filter((l) => l.kind !== 'connection' && RUNNING(l.state) && l.name !== 'audit-checkpoint').map((l) => l.name),
        };
      }),
    );
  }

  it('at most one process runs each subscription; no overdue twice; read models = rebuild; alerts = one evaluator', async () => {
    const client = httpClient(api.base, 20_000);
    await seedForLoad(client);
    let stopLoad = false;
    const load = writeLoad(client, 'owners', () => stopLoad, { clients: 3, maxCommands: 200, paceMs: 80, overdue: true });

    const violations: string[] = [];
    let sampling = true;
    let samples = 0;
    const sampler = (async () => {
      while (sampling) {
        const s = await sample();
        samples++;
        const by = new Map<string, number>();
        for (const w of s) for (const n of w.running) by.set(n, (by.get(n) ?? 0) + 1);
        for (const [n, count] of by) if (count > 1) violations.push(`${n} run by ${count} processes at ${new Date().toISOString()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    const takeovers: number[] = [];
    for (let round = 0; round < 3; round++) {
      const owner = await waitFor(
        'a worker that runs the issues subscription',
        async () => (await sample()).find((w) => w.running.includes('issues'))?.worker,
        30_000,
        200,
      );
      await waitFor('the load to write a little more', async () => load.sent.length > (round + 1) * 25, 30_000, 100);
      owner.child.kill('SIGKILL');
      const killedAt = Date.now();
      await new Promise((r) => owner.child.once('exit', r));
      await waitFor(
        'a stand-by to take the issues subscription over',
        async () => (await sample()).some((w) => w.worker !== owner && w.running.includes('issues')) || undefined,
        30_000,
        200,
      );
      takeovers.push(Date.now() - killedAt);
      await addWorker();
    }
    stopLoad = true;
    const sent = await load.done;
    // every subscription live in one worker, lag 0, the alerts evaluated (no subject left dirty)
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    try {
      await waitFor(
        'the read side to settle',
        async () => {
          const s = await sample();
          const h = await httpClient(alive()[0].base).get('/health', {});
          if (h.status !== 200 || h.body.projectorLag !== 0) return undefined;
          const runs = s.flatMap((w) => w.running);
          if (!['directory', 'issues', 'alerts'].every((n) => runs.includes(n))) return undefined;
          const gen = (await pool.query(`SELECT generation FROM projections WHERE name = $1`, [ALERTS])).rows[0].generation;
          const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${generationTable('sv_subjects', gen)} WHERE dirty`);
          return rows[0].n === 0 || undefined;
        },
        60_000,
        500,
      );
      sampling = false;
      await sampler;
      console.log(
        `[owners] ${samples} samples; takeovers after kill -9 in ${takeovers.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')}; ` +
          `${sent.length} requests`,
      );
      expect(violations).toEqual([]);
      expect(samples).toBeGreaterThan(10);
      expect(Math.max(...takeovers)).toBeLessThan(15_000);
      expectCleanAnswers(sent, { streamConflicts: true });
      expect(await expectAnsweredCommandsStored(databaseUrl, sent)).toBeGreaterThan(50);

      const events = await readAllCommitted(new SqlEventStore('postgres', pool));
      const overdue = new Map<string, number>();
      for (const e of events.filter((x) => x.type === 'IssueBecameOverdue')) {
        const k = `${e.streamId} ${String(e.data.dueOn)}`;
        overdue.set(k, (overdue.get(k) ?? 0) + 1);
      }
      expect(overdue.size).toBeGreaterThan(5);
      expect([...overdue].filter(([, n]) => n > 1)).toEqual([]);

      await expectReadModelsEqualRebuild(databaseUrl);

      // the alerts of one evaluator over the same events, for the same business date
      const gen = (await pool.query(`SELECT generation FROM projections WHERE name = $1`, [ALERTS])).rows[0].generation;
      const scratch = 9200;
      await buildGeneration(pool, alertsProjection, scratch, events);
      try {
        await new AlertsEvaluator(pool, new SqlEventStore('postgres', pool)).runOnce('2023-06-20', { generation: scratch });
        const alerts = async (g: number) =>
          (await pool.query(`SELECT * FROM ${generationTable('sv_alerts', g)} ORDER BY alert_id`)).rows.map((r) => JSON.stringify(r));
        const multi = await alerts(gen);
        expect(multi.length).toBeGreaterThan(5);
        expect(multi).toEqual(await alerts(scratch));
      } finally {
        await dropGeneration(pool, alertsProjection, scratch);
      }
    } finally {
      sampling = false;
      await sampler;
      await pool.end();
    }
  });
});
