/**
 * Issue #15, acceptance: a read side that heals itself, on the built server (one process, API and
 * worker together, BANJIE_ROLE=all), under a bounded write load with an Idempotency-Key on every
 * command.
 *
 * 1. Every connection of the process to its database is terminated (`pg_terminate_backend`) five
 *    times during the load: the process stays up, every answered command has its event, and within
 *    30 s of the last kill every subscription is live with lag 0 and the read models equal a full
 *    rebuild. (A database of its own on the shared server: only that database's backends are killed.)
 * 2. A cluster of the test's own (pg_createcluster, free port, dropped after) is stopped for 20 s
 *    during the load and started again: the same process recovers; /health/ready is 503 during the
 *    outage and until the subscriptions are live and caught up again, then 200; nothing lost or
 *    applied twice; the read models equal a rebuild.
 * 3. An API-only process (BANJIE_ROLE=api) runs no subscription and no background job (its /health);
 *    with no worker running, its lists answer after the bounded wait with `Read-Models-Behind`.
 */
import { Client } from 'pg';
import { describeWithPgClusters, PgCluster, registerCleanup, waitFor } from '../support/cluster';
import { httpClient, type HttpClient } from '../support/http-client';
import { SCENARIO_CLOCK_START } from '../support/http-scenario';
import { pgAvailable } from '../support/databases';
import {
  expectAnsweredCommandsStored,
  expectCleanAnswers,
  expectReadModelsEqualRebuild,
  seedForLoad,
  waitForLiveAndCaughtUp,
  writeLoad,
} from '../support/fault-load';
import { startServer } from '../support/processes';

jest.setTimeout(300_000);

type Server = Awaited<ReturnType<typeof startServer>>;

const env = (databaseUrl: string, extra: Record<string, string> = {}) => ({
  DATABASE_URL: databaseUrl,
  AUTH_MODE: 'trust-headers',
  CLOCK_START: SCENARIO_CLOCK_START,
  DEMO: '0',
  LOG_LEVEL: 'warn',
  DB_POOL_SIZE: '6',
  DEADLINE_WATCHER_INTERVAL_MS: '0',
  ALERTS_EVALUATE_INTERVAL_MS: '0',
  ...extra,
});

/** A fresh database on the shared server (TEST_DATABASE_URL), dropped afterwards. */
async function sharedServerDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = pgAvailable()!;
  const run = async (sql: string) => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => void (await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

const withPostgres = pgAvailable() ? describe : describe.skip;

const answered = (sent: readonly { answer: { status: number } }[]) =>
  sent.filter((s) => s.answer.status >= 200 && s.answer.status < 300).length;

withPostgres('runtime faults: every connection terminated five times under load [postgres]', () => {
  let database: { url: string; drop(): Promise<void> };
  let server: Server;
  let api: HttpClient;
  const owned: (() => void)[] = [];

  beforeAll(async () => {
    database = await sharedServerDatabase(`banjie_faults_${process.pid}`);
    server = await startServer(env(database.url));
    owned.push(registerCleanup({ kill: server.child.pid! }));
    api = httpClient(server.base, 20_000);
    await seedForLoad(api);
  });

  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    owned.forEach((forget) => forget());
    if (!process.env.KEEP_FAULT_DB) await database?.drop().catch(() => undefined);
  });

  it('stays up, stores every answered command, and is live with lag 0 and rebuild-equal read models within 30 s of the last kill', async () => {
    const dbName = new URL(database.url).pathname.slice(1);
    let stopLoad = false;
    const load = writeLoad(api, 'term', () => stopLoad, { clients: 3, maxCommands: 250, paceMs: 60 });
    const killer = new Client({ connectionString: pgAvailable()! });
    await killer.connect();
    const terminated: number[] = [];
    try {
      await waitFor('the load to get going', async () => answered(load.sent) >= 5, 30_000, 50);
      for (let round = 0; round < 5; round++) {
        const { rows } = await killer.query(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE datname = $1 AND application_name = 'banjie' AND pid <> pg_backend_pid()`,
          [dbName],
        );
        terminated.push(rows[0].n);
        await new Promise((r) => setTimeout(r, 2000)); // the load goes on between two kills
      }
    } finally {
      await killer.end();
    }
    const lastKill = Date.now();
    stopLoad = true;
    const sent = await load.done;
    console.log(
      `[faults] terminated ${terminated.join(', ')} connections; ${sent.length} requests, ${answered(sent)} answered 2xx, ` +
        `${sent.filter((s) => s.answer.status === 503).length} × 503, ${sent.filter((s) => s.answer.status === 0).length} unanswered`,
    );
    expect(terminated.every((n) => n > 0)).toBe(true);
    expect(server.child.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/Unhandled 'error' event|uncaughtException/);
    expectCleanAnswers(sent);
    expect(await expectAnsweredCommandsStored(database.url, sent)).toBeGreaterThan(25);
    const waited = await waitForLiveAndCaughtUp(server.base, 30_000 - (Date.now() - lastKill));
    console.log(`[faults] live with lag 0 ${((Date.now() - lastKill) / 1000).toFixed(1)} s after the last kill (waited ${waited} ms)`);
    await expectReadModelsEqualRebuild(database.url);
    // the LISTEN connection was re-opened too (it is one of those killed)
    const health = await api.get('/health', {});
    expect(health.body.runtime.jobs).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'listen', state: 'live' })]));
    expect(server.child.exitCode).toBeNull();
  });
});

describeWithPgClusters('runtime faults: the database stopped for 20 s under load (own cluster)', () => {
  let pg: PgCluster;
  let databaseUrl: string;
  let server: Server;
  let api: HttpClient;
  const owned: (() => void)[] = [];

  beforeAll(async () => {
    pg = await PgCluster.create();
    databaseUrl = await pg.createDatabase('banjie');
    server = await startServer(env(databaseUrl, { READY_MAX_LAG: '25' }));
    owned.push(registerCleanup({ kill: server.child.pid! }));
    api = httpClient(server.base, 10_000);
    await seedForLoad(api);
    await waitForLiveAndCaughtUp(server.base, 30_000);
  });

  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    owned.forEach((forget) => forget());
    await pg?.drop();
  });

  it('recovers with no restart; /health/ready 503 during the outage and the catch-up, then 200; nothing lost or twice', async () => {
    const pid = server.child.pid;
    let stopLoad = false;
    const load = writeLoad(api, 'outage', () => stopLoad, { clients: 3, maxCommands: 120, paceMs: 60, retryForMs: 45_000 });
    await waitFor('the load to get going', async () => load.sent.filter((s) => s.answer.status === 201).length >= 5, 30_000, 50);
    await waitFor('ready under the load', async () => (await api.get('/health/ready', {})).status === 200, 20_000, 100);

    await pg.stop('fast');
    const stoppedAt = Date.now();
    const during: number[] = [];
    while (Date.now() - stoppedAt < 20_000) {
      during.push((await api.get('/health/ready', {})).status);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const outage = await api.get('/health/ready', {});
    await pg.start();
    const startedAt = Date.now();

    // Ready again only once every subscription is live and caught up; until then 503.
    const samples: { status: number; lag: number | null; states: string[] }[] = [];
    await waitFor(
      '/health/ready to answer 200 again',
      async () => {
        const ready = await api.get('/health/ready', {});
        const health = await api.get('/health', {});
        samples.push({
          status: ready.status,
          lag: health.body?.projectorLag ?? null,
          states: (health.body?.runtime?.subscriptions ?? []).map((s: { name: string; state: string }) => `${s.name}:${s.state}`),
        });
        return ready.status === 200;
      },
      60_000,
      200,
    ).catch((error) => {
      throw new Error(
        `${(error as Error).message}\nlast samples ${JSON.stringify(samples.slice(-3))}\n--- server\n${server.output().slice(-4000)}`,
      );
    });
    stopLoad = true;
    const sent = await load.done;
    console.log(
      `[faults] outage: ready ${during.join(',')}; 200 again ${((Date.now() - startedAt) / 1000).toFixed(1)} s after the start; ` +
        `${sent.length} requests, ${sent.filter((s) => s.answer.status === 503).length} × 503`,
    );

    expect(during.length).toBeGreaterThanOrEqual(15);
    expect(during.every((s) => s === 503)).toBe(true);
    expect(JSON.stringify(outage.body)).toMatch(/retrying|database/);
    // during the outage readiness named the subscriptions that were retrying, with their cause
    expect(outage.body.error.subscriptions.message).toMatch(/retrying/);
    // after the start, 200 only with every subscription live again (and within READY_MAX_LAG=25 events)
    for (const s of samples.filter((x) => x.status === 200)) expect(s.states.every((st) => st.endsWith(':live'))).toBe(true);
    expect(server.child.pid).toBe(pid);
    expect(server.child.exitCode).toBeNull();
    expectCleanAnswers(sent);
    expect(await expectAnsweredCommandsStored(databaseUrl, sent)).toBeGreaterThan(10);
    await waitForLiveAndCaughtUp(server.base, 30_000);
    await expectReadModelsEqualRebuild(databaseUrl);
  });
});

withPostgres('an API-only process (BANJIE_ROLE=api) [postgres]', () => {
  let database: { url: string; drop(): Promise<void> };
  let server: Server;
  const owned: (() => void)[] = [];

  beforeAll(async () => {
    database = await sharedServerDatabase(`banjie_apionly_${process.pid}`);
    server = await startServer(env(database.url, { BANJIE_ROLE: 'api' }));
    owned.push(registerCleanup({ kill: server.child.pid! }));
  });

  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    owned.forEach((forget) => forget());
    await database?.drop().catch(() => undefined);
  });

  it('runs no subscription and no background job (asserted from /health); its lists say when the worker is behind', async () => {
    const api = httpClient(server.base);
    await api.ok('/units', { id: 'u-1', name: '某市住建局', level: 'prefecture', region: '湖北省' });
    const health = await api.get('/health', {});
    expect(health.status).toBe(200);
    expect(health.body.runtime.subscriptions).toEqual([]);
    expect(health.body.runtime.jobs.map((j: { name: string }) => j.name)).toEqual([]);
    // No worker runs here: a list waits for the directory's checkpoint (bounded), then answers and says so.
    const units = await api.get('/units');
    expect(units.status).toBe(200);
    expect(units.headers.get('read-models-behind')).toBe('directory');
    const projections = await api.get('/projections');
    expect(projections.body.projections.map((p: { runtime: unknown }) => p.runtime)).toEqual(projections.body.projections.map(() => null));
  });
});
