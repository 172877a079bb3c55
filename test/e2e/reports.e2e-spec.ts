/**
 * The report over HTTP, and blue/green rebuilds as the API sees them: while a rebuild runs, the
 * report keeps answering from the old generation; at the switch it answers from the new one.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { loadConfig, ManualClock, createHttpApp } from '@banjie/platform';
import { Projector, ReportService, type CampaignReport } from '@banjie/projections';
import { Module } from '@nestjs/common';
import { AppModule } from '../../apps/api/src/app.module';
import { ProjectorModule } from '@banjie/worker';
import { describeEachBackend, freshAppDatabase } from '../support/databases';
import { settle } from '../support/projection-helpers';
import { appendAll, generateScenario } from '../support/projection-scenario';

jest.setTimeout(180_000);

describeEachBackend('reports over HTTP', (backend) => {
  let app: NestFastifyApplication;
  let dispose: () => Promise<void>;
  let db: Database;
  let campaignId: string;

  beforeAll(async () => {
    const fresh = await freshAppDatabase(backend, 'banjie-e2e-');
    const location = fresh.location;
    dispose = fresh.dispose;
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: location.databaseUrl ?? '',
      DATA_DIR: location.dataDir ?? './data',
      DEMO: '0',
      LOG_LEVEL: 'silent',
      AUTH_MODE: 'trust-headers',
    });
    process.env.AUTH_MODE = 'trust-headers';
    // The API plus the projector (the rest of the worker — watcher, alerts — is not under test here).
    @Module({
      imports: [
        AppModule.forRoot({ config, clock: new ManualClock(new Date('2023-06-20T12:00:00+08:00')), worker: false }),
        ProjectorModule,
      ],
    })
    class ApiWithProjector {}
    app = await createHttpApp(ApiWithProjector);
    db = app.get(Database);
    const scenario = generateScenario(99, 250, 60, 'h');
    campaignId = scenario.campaignIds[0];
    await appendAll(app.get<EventStore>(EVENT_STORE), scenario.appends);
    await settle(app.get(Projector), db.pool, app.get(EVENT_STORE));
  });

  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  // Binary bodies (CSV, XLSX) arrive as Buffers.
  const get = (url: string) =>
    request(app.getHttpServer())
      .get(url)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .then((r) => ({
        statusCode: r.status,
        headers: r.headers,
        rawPayload: r.body as Buffer,
        json: () => JSON.parse((r.body as Buffer).toString('utf8')),
      }));

  it('serves the report as JSON, CSV and XLSX, and problems for bad requests', async () => {
    const json = await get(`/campaigns/${campaignId}/report?asOf=2023-06-10`);
    expect(json.statusCode).toBe(200);
    const report = json.json() as CampaignReport;
    expect(report).toMatchObject({ campaignId, asOf: '2023-06-10', knownAt: null });
    expect(report.total.issuesCollected).toBeGreaterThan(0);

    const csv = await get(`/campaigns/${campaignId}/report?asOf=2023-06-10&format=csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename=".*\.csv"/);
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.rawPayload.toString('utf8')).toContain('走访企业(家),开展帮扶活动(次)');

    const xlsx = await get(`/campaigns/${campaignId}/report?asOf=2023-06-10&format=xlsx`);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const known = await get(`/campaigns/${campaignId}/report?asOf=2023-06-10&knownAt=2020-01-01T00:00:00Z`);
    expect(known.json().total.issuesCollected).toBe(0);

    const missing = await get(`/campaigns/nope/report`);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json().code).toBe('CAMPAIGN.NOT_FOUND');
    const bad = await get(`/campaigns/${campaignId}/report?asOf=2023-13-45`);
    expect(bad.statusCode).toBe(400);
    const badFormat = await get(`/campaigns/${campaignId}/report?format=pdf`);
    expect(badFormat.statusCode).toBe(400);

    const projections = await get('/projections');
    expect(projections.statusCode).toBe(200);
    expect(projections.json().projections.map((p: { name: string; status: string }) => [p.name, p.status])).toEqual([
      ['directory', 'live'],
      ['issues', 'live'],
      ['alerts', 'live'],
    ]);
  });

  it("counts the lag from the older of the two read models' checkpoints, and keeps the JSON while neither moves", async () => {
    const url = `/campaigns/${campaignId}/report`; // live: what the iq_issues rows say
    const first = (await get(url)).json();
    expect(first).toMatchObject({ lagEvents: 0, catchingUp: false });
    // the JSON is the report as the service computes it, with the freshness after it
    const service = await app.get(ReportService).report(campaignId);
    expect(JSON.stringify(first)).toBe(JSON.stringify({ ...service, lagEvents: 0, catchingUp: false }));

    // A hand-made change moves no checkpoint: the kept answer is given (why forgetCachedCounts exists).
    const unit = first.rows.find((r: { issuesCollected: number }) => r.issuesCollected > 0);
    const generation = (await db.pool.query(`SELECT generation FROM projections WHERE name = 'issues'`)).rows[0].generation;
    const marked = `UPDATE iq_issues_g${generation} SET collecting_unit_id = $3 WHERE campaign_id = $1 AND collecting_unit_id = $2`;
    await db.pool.query(marked, [campaignId, unit.unitId, 'marked']);
    try {
      expect((await get(url)).json()).toEqual(first);

      // The directory's checkpoint set back to the start: a new stamp (the figures are read again,
      // the hand-made change shows) and every event counts as lag, since the report rests on the older checkpoint.
      const { count: total } = await app.get<EventStore>(EVENT_STORE).eventsAfter({ transactionId: '0', position: 0 });
      const saved = await db.pool.query(
        `SELECT s.name, s.transaction_id::text AS t, s.position FROM subscriptions s JOIN projections p
          ON s.name = 'projection:' || p.name || ':g' || p.generation WHERE p.name = 'directory'`,
      );
      expect(saved.rows).toHaveLength(1);
      await db.pool.query(`UPDATE subscriptions SET transaction_id = '0', position = 0 WHERE name = $1`, [saved.rows[0].name]);
      try {
        const behind = (await get(url)).json();
        expect(behind).toMatchObject({ lagEvents: total, catchingUp: true });
        expect(behind.rows.find((r: { unitId: string }) => r.unitId === unit.unitId).issuesCollected).toBe(0);
      } finally {
        await db.pool.query(`UPDATE subscriptions SET transaction_id = $2::xid8, position = $3 WHERE name = $1`, [
          saved.rows[0].name,
          saved.rows[0].t,
          saved.rows[0].position,
        ]);
      }
    } finally {
      await db.pool.query(marked, [campaignId, 'marked', unit.unitId]);
    }
    // back where it was: the answer kept for that stamp
    expect((await get(url)).json()).toEqual(first);
  });

  it('answers from the old generation during a blue/green rebuild and from the new one after the switch', async () => {
    const url = `/campaigns/${campaignId}/report`;
    const truth = (await get(url)).json() as CampaignReport;
    const unit = truth.rows.find((r) => r.issuesCollected > 0)!;
    // Mark the live (old) generation so an answer from it can be told apart: its issues counted for another unit.
    await db.pool.query(`UPDATE iq_issues_g1 SET collecting_unit_id = 'marked' WHERE campaign_id = $1 AND collecting_unit_id = $2`, [
      campaignId,
      unit.unitId,
    ]);
    // A hand-made change moves no checkpoint, so the report cache cannot see it: forget the cache.
    app.get(ReportService).forgetCachedCounts();
    const marked = (await get(url)).json() as CampaignReport;
    expect(marked.rows.find((r) => r.unitId === unit.unitId)!.issuesCollected).toBe(0);

    let during: CampaignReport | null = null;
    let statusDuring: { generation: number; status: string; rebuild: { generation: number } | null } | null = null;
    const result = await app.get(Projector).rebuild('issues', {
      beforeSwitch: async () => {
        during = (await get(url)).json();
        statusDuring = (await get('/projections')).json().projections.find((p: { name: string }) => p.name === 'issues');
      },
    });
    expect(result.generation).toBe(2);
    expect(during!.rows.find((r) => r.unitId === unit.unitId)!.issuesCollected).toBe(0);
    expect(statusDuring).toMatchObject({ generation: 1, status: 'live+rebuilding', rebuild: { generation: 2 } });

    const after = (await get(url)).json() as CampaignReport;
    expect(after).toEqual(truth);
    const status = (await get('/projections')).json().projections.find((p: { name: string }) => p.name === 'issues');
    expect(status).toMatchObject({ name: 'issues', generation: 2, status: 'live', lag: 0 });
  });
});
