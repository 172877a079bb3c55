/**
 * Issue #14, acceptance: `cli projections rebuild --all` rebuilds every read model that
 * `GET /projections` lists, and `GET /issues` answers identically before and after — on PGlite
 * (the server stopped while the CLI holds the data folder) and on PostgreSQL.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { createHttpApp, loadConfig, ManualClock } from '@banjie/platform';
import { Projector } from '@banjie/projections';
import { AppModule } from '../../apps/api/src/app.module';

import { describeEachBackend, freshAppDatabase } from '../support/databases';
import { settle } from '../support/projection-helpers';
import { appendAll, generateScenario } from '../support/projection-scenario';
import { runCli } from '../support/processes';

jest.setTimeout(300_000);

const SUPERVISOR = { 'x-actor': 'user-s', 'x-role': 'supervisor' };

describeEachBackend('cli projections rebuild --all', (backend) => {
  let location: { databaseUrl?: string; dataDir?: string };
  let dispose: () => Promise<void>;
  let app: NestFastifyApplication | null = null;
  const clock = new ManualClock(new Date('2023-06-20T12:00:00+08:00'));
  const config = () =>
    loadConfig({
      ...process.env,
      DATABASE_URL: location.databaseUrl ?? '',
      DATA_DIR: location.dataDir ?? './data',
      DEMO: '0',
      LOG_LEVEL: 'silent',
      AUTH_MODE: 'trust-headers',
    });
  /** The API with the read models (no watcher, no alert schedule: nothing but the test writes). */
  const boot = async () => {
    process.env.AUTH_MODE = 'trust-headers';
    app = await createHttpApp(AppModule.forRoot({ config: config(), clock, worker: false }));
    await caughtUp();
  };
  /** Every read model of the app has applied every event committed. */
  const caughtUp = () => settle(app!.get(Projector), app!.get(Database).pool, app!.get<EventStore>(EVENT_STORE));
  const get = (url: string) => request(app!.getHttpServer()).get(url).set(SUPERVISOR);

  /** Every answer the issue list gives for a few filters, every page. */
  async function issueLists(campaignId: string) {
    const out: Record<string, unknown> = {};
    for (const q of [
      `campaignId=${campaignId}`,
      `campaignId=${campaignId}&state=in_progress`,
      `campaignId=${campaignId}&overdue=true`,
      `campaignId=${campaignId}&asOf=2023-05-20`,
      `asOf=2023-06-01&overdue=true`,
    ]) {
      const pages = [];
      for (let page = 1; ; page++) {
        const res = await get(`/issues?${q}&pageSize=200&page=${page}`);
        expect(res.status).toBe(200);
        pages.push(res.body);
        if (page * 200 >= res.body.total) break;
      }
      out[q] = pages;
    }
    return out;
  }

  beforeAll(async () => {
    ({ location, dispose } = await freshAppDatabase(backend, 'banjie-rebuild-'));
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('rebuilds every read model GET /projections lists; GET /issues answers the same before and after', async () => {
    await boot();
    const scenario = generateScenario(4711, 300, 60, 'rb');
    await appendAll(app!.get<EventStore>(EVENT_STORE), scenario.appends);
    await caughtUp();
    const before = await issueLists(scenario.campaignIds[0]);
    expect((before[`campaignId=${scenario.campaignIds[0]}`] as Array<{ total: number }>)[0].total).toBeGreaterThan(100);
    const listed = (await get('/projections')).body.projections as Array<{ name: string; generation: number }>;
    expect(listed.map((p) => p.name).sort()).toEqual(['alerts', 'directory', 'issues']);
    await app!.close();
    app = null;

    const env = { DATABASE_URL: location.databaseUrl ?? '', DATA_DIR: location.dataDir ?? '', CLOCK_START: '2023-06-20T12:00:00+08:00' };
    const rebuilt = await runCli(['projections', 'rebuild', '--all'], env);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    for (const p of listed) expect(rebuilt.stdout).toContain(`${p.name}: generation ${p.generation + 1} active (was ${p.generation})`);

    await boot();
    const after = (await get('/projections')).body.projections as Array<{ name: string; generation: number; status: string; lag: number }>;
    expect(after.map((p) => [p.name, p.generation, p.status, p.lag])).toEqual(listed.map((p) => [p.name, p.generation + 1, 'live', 0]));
    expect(await issueLists(scenario.campaignIds[0])).toEqual(before);
  });
});
