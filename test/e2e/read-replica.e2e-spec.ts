/**
 * Issue 16, acceptance "Replica test": a hot standby made by `pg_basebackup -R` from a primary of
 * the test's own (pg_createcluster, free ports, dropped at the end). With READ_DATABASE_URL set:
 * - the report and the lists come from the standby — asserted by the read router's per-target
 *   counter on /metrics, by the standby's pg_stat_activity, and beyond doubt by pausing the
 *   standby's replay: the report then lags the primary while commands still succeed;
 * - every command goes to the primary (the standby is read-only: a command sent there would fail);
 * - once caught up, every routed read equals what a process on the primary alone answers;
 * - a standby further behind than READ_MAX_LAG_SECONDS is not read from;
 * - stopping the standby falls back to the primary with no error to the client;
 * - /health and /metrics show the replica's replay lag;
 * - DATABASE_URL pointing at the standby is refused at start with one clear line, and a database
 *   that stops taking writes under a running process gets commands a 503, never a 500.
 */
import { describeWithPgClusters, PgCluster, registerCleanup, waitFor } from '../support/cluster';
import { httpClient, officer, type HttpClient } from '../support/http-client';
import { runCli, startServer } from '../support/processes';
import { creditCode, SCENARIO_AS_OF, SCENARIO_CAMPAIGN, SCENARIO_CLOCK_START, seedProvince } from '../support/http-scenario';

jest.setTimeout(240_000);

type Server = Awaited<ReturnType<typeof startServer>>;

const READS = [
  `/campaigns/${SCENARIO_CAMPAIGN.id}/report?asOf=${SCENARIO_AS_OF}`,
  `/campaigns/${SCENARIO_CAMPAIGN.id}/report`,
  `/campaigns/${SCENARIO_CAMPAIGN.id}/rankings`,
  '/units',
  '/enterprises',
  '/activities',
  `/issues?campaignId=${SCENARIO_CAMPAIGN.id}`,
  '/audit?pageSize=100',
  '/alerts',
];

describeWithPgClusters('read replicas (READ_DATABASE_URL) on a pg_basebackup hot standby', () => {
  let primary: PgCluster;
  let standby: PgCluster;
  let withReplica: Server;
  let primaryOnly: Server;
  let a: HttpClient;
  let b: HttpClient;
  const servers: Server[] = [];
  const owned: (() => void)[] = [];

  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: primary.url('banjie'),
    AUTH_MODE: 'trust-headers',
    CLOCK_START: SCENARIO_CLOCK_START,
    DEMO: '0',
    LOG_LEVEL: 'warn',
    DEADLINE_WATCHER_INTERVAL_MS: '0',
    ALERTS_EVALUATE_INTERVAL_MS: '0',
    ...extra,
  });

  /** The standby has replayed everything the primary has written so far. */
  async function standbyCaughtUp() {
    const [{ lsn }] = await primary.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`);
    await waitFor(
      'the standby to replay the primary',
      async () => (await standby.query<{ ok: boolean }>(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok`, [lsn]))[0].ok,
      30_000,
      100,
    );
  }

  /** Projections caught up on the primary, then replayed on the standby. */
  async function settled() {
    await waitFor(
      'the projections to catch up',
      async () => {
        const r = await b.get('/health');
        return r.status === 200 && r.body.projectorLag === 0 && r.body.projections.length > 0;
      },
      60_000,
      200,
    );
    await standbyCaughtUp();
  }

  beforeAll(async () => {
    primary = await PgCluster.create({ settings: { hot_standby_feedback: 'on' } });
    await primary.createDatabase('banjie');
    standby = await PgCluster.standbyOf(primary, { settings: { hot_standby_feedback: 'on' } });
    // The API + worker on the primary, reading through the standby (reads checked every 200 ms;
    // a generous lag bound, so the paused-replay check below sees the standby serve).
    withReplica = await startServer(
      env({ READ_DATABASE_URL: standby.url('banjie'), READ_CHECK_INTERVAL_MS: '200', READ_MAX_LAG_SECONDS: '3600' }),
    );
    servers.push(withReplica);
    owned.push(registerCleanup({ kill: withReplica.child.pid! }));
    // The same database without replicas: what the primary answers.
    primaryOnly = await startServer(env({ BANJIE_ROLE: 'api' }));
    servers.push(primaryOnly);
    owned.push(registerCleanup({ kill: primaryOnly.child.pid! }));
    a = httpClient(withReplica.base);
    b = httpClient(primaryOnly.base);
    await seedProvince(a, {
      prefix: 'hb',
      area: '420100',
      region: '湖北省',
      issuesPerUnit: 4,
      resolvedPerUnit: 3,
      satisfiedPerUnit: 2,
      dissatisfiedPerUnit: 1,
    });
    await settled();
  });

  afterAll(async () => {
    for (const s of servers) await s.stop().catch(() => undefined);
    owned.forEach((forget) => forget());
    await standby?.drop();
    await primary?.drop();
  });

  it('refuses to start with DATABASE_URL on the standby, in one line naming the fix', async () => {
    const r = await runCli(['verify'], { DATABASE_URL: standby.url('banjie') });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('DATABASE_URL is a hot standby');
    expect(r.stderr).toContain('READ_DATABASE_URL');
    await expect(startServer(env({ DATABASE_URL: standby.url('banjie') }), 30_000)).rejects.toThrow(/hot standby/);
  });

  it('sends reports, rankings, lists and the audit search to the standby; once caught up they equal the primary', async () => {
    const before = await a.metric('banjie_routed_reads_total', { target: 'replica-1' });
    for (const path of READS) {
      const [viaReplica, onPrimary] = [await a.get(path), await b.get(path)];
      expect({ path, status: viaReplica.status }).toEqual({ path, status: 200 });
      expect({ path, body: viaReplica.body }).toEqual({ path, body: onPrimary.body });
    }
    const after = await a.metric('banjie_routed_reads_total', { target: 'replica-1' });
    expect(after - before).toBeGreaterThanOrEqual(READS.length);
    // The reads' connections are the standby's own sessions.
    const sessions = await standby.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'banjie-read' AND datname = 'banjie'`,
    );
    expect(sessions[0].n).toBeGreaterThan(0);
    // The report's figures are the scenario's: 3 units × 4 issues, 3 resolved each.
    const report = (await a.get(`/campaigns/${SCENARIO_CAMPAIGN.id}/report?asOf=${SCENARIO_AS_OF}`)).body;
    expect(report.total).toMatchObject({ issuesCollected: 12, issuesResolved: 9, rated: 9, satisfied: 6 });
  });

  it('reads from the standby even while its replay is paused (within the bound), while commands go to the primary', async () => {
    await standby.query(`SELECT pg_wal_replay_pause()`);
    try {
      const reportPath = `/campaigns/${SCENARIO_CAMPAIGN.id}/report`;
      const stale = (await a.get(reportPath)).body.total.issuesCollected;
      // A command succeeds: it went to the primary (the standby would refuse any write).
      const code = creditCode('420100', 99);
      await a.ok('/enterprises', { creditCode: code, name: '湖北新企业', region: '湖北省' }, officer('hb-city'));
      await a.ok(
        '/issues',
        {
          id: 'hb-city-issue-late',
          campaignId: SCENARIO_CAMPAIGN.id,
          unitId: 'hb-city',
          enterpriseCode: code,
          kind: 'suggestion',
          category: '行政审批',
          title: '延迟复制期间收集',
          description: '副本暂停回放时写入主库',
        },
        officer('hb-city'),
      );
      await waitFor(
        'the primary to count the new issue',
        async () => (await b.get(reportPath)).body.total.issuesCollected === stale + 1,
        30_000,
      );
      // The standby has not replayed it: the report served with READ_DATABASE_URL still lacks it.
      expect((await a.get(reportPath)).body.total.issuesCollected).toBe(stale);
      // A single item after a command reads its own write: from the primary.
      expect((await a.get('/issues/hb-city-issue-late', officer('hb-city'))).status).toBe(200);
      // Lists wait for the standby to replay what the primary has (up to a second), then read the primary.
      const list = await a.get(`/issues?campaignId=${SCENARIO_CAMPAIGN.id}&unitId=hb-city&pageSize=100`);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain('hb-city-issue-late');

      // A process with a 1-second bound stops reading from the paused standby.
      const strict = await startServer(
        env({ BANJIE_ROLE: 'api', READ_DATABASE_URL: standby.url('banjie'), READ_CHECK_INTERVAL_MS: '200', READ_MAX_LAG_SECONDS: '1' }),
      );
      servers.push(strict);
      const forget = registerCleanup({ kill: strict.child.pid! });
      const c = httpClient(strict.base);
      const health = await waitFor(
        'the strict process to see the standby behind its bound',
        async () => {
          const h = await c.get('/health');
          const r = h.body.readReplicas?.replicas?.[0];
          return r && r.lagSeconds > 1 && !r.usable ? h.body : undefined;
        },
        30_000,
        200,
      );
      expect(health.readReplicas.replicas[0]).toMatchObject({ name: 'replica-1', up: true, standby: true, usable: false });
      expect((await c.get(reportPath)).body.total.issuesCollected).toBe(stale + 1);
      await strict.stop();
      forget();
    } finally {
      await standby.query(`SELECT pg_wal_replay_resume()`);
    }
    await settled();
    const reportPath = `/campaigns/${SCENARIO_CAMPAIGN.id}/report`;
    await waitFor(
      'the standby to serve the new issue',
      async () => (await a.get(reportPath)).body.total.issuesCollected === 13,
      30_000,
      200,
    );
  });

  it('shows the replica and its replay lag in /health and as metrics', async () => {
    const health = await waitFor(
      'a fresh check of the standby',
      async () => {
        const h = (await a.get('/health')).body;
        return h.readReplicas?.replicas?.[0]?.usable ? h : undefined;
      },
      30_000,
      200,
    );
    const replica = health.readReplicas.replicas[0];
    expect(replica).toMatchObject({ name: 'replica-1', up: true, standby: true, usable: true, target: `127.0.0.1:${standby.port}/banjie` });
    expect(typeof replica.lagSeconds).toBe('number');
    expect(JSON.stringify(health)).not.toContain('postgres@'); // no user or password in /health
    expect(await a.metric('banjie_read_replica_up', { replica: 'replica-1' })).toBe(1);
    const metrics = String((await a.get('/metrics', {})).body);
    expect(metrics).toMatch(/^banjie_read_replica_lag_seconds\{replica="replica-1"\} \d/m);
  });

  it('falls back to the primary with no error to the client when the standby stops', async () => {
    const primaryReads = await a.metric('banjie_routed_reads_total', { target: 'primary' });
    await standby.stop('fast');
    // At once, before any check has noticed: every read still answers, and equals the primary's.
    for (const path of READS) {
      const [viaReplica, onPrimary] = [await a.get(path), await b.get(path)];
      expect({ path, status: viaReplica.status }).toEqual({ path, status: 200 });
      expect({ path, body: viaReplica.body }).toEqual({ path, body: onPrimary.body });
    }
    expect(await a.metric('banjie_routed_reads_total', { target: 'primary' })).toBeGreaterThan(primaryReads);
    const health = await waitFor(
      'the standby to be reported down',
      async () => {
        const h = await a.get('/health');
        return h.body.readReplicas?.replicas?.[0]?.up === false ? h : undefined;
      },
      30_000,
      200,
    );
    expect(health.status).toBe(200); // the process is fine: it reads from the primary
    expect(health.body.readReplicas.replicas[0]).toMatchObject({ up: false, usable: false });
    expect((await a.get('/health/ready')).status).toBe(200);
    // Commands never needed it.
    await a.ok('/units', { id: 'hb-new', name: '湖北某区住建局', level: 'county', region: '湖北省', parentUnitId: 'hb-city' });
    // Back up: reads return to it.
    await standby.start();
    await waitFor(
      'the standby to be usable again',
      async () => (await a.get('/health')).body.readReplicas?.replicas?.[0]?.usable === true,
      30_000,
      200,
    );
  });

  it('a database that stops taking writes under a running process (as a demoted primary does): commands answer 503 with Retry-After, never 500', async () => {
    // Every new transaction read-only, as on a standby: nextval() and INSERT fail with SQLSTATE 25006.
    await primary.query(`ALTER SYSTEM SET default_transaction_read_only = on`);
    await primary.query(`SELECT pg_reload_conf()`);
    try {
      const r = await waitFor(
        'the primary to refuse writes',
        async () => {
          const answer = await b.post('/units', { id: `hb-ro-${Date.now()}`, name: '只读期间', level: 'prefecture', region: '湖北省' });
          return answer.status !== 201 ? answer : undefined;
        },
        15_000,
        200,
      );
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ code: 'DATABASE.UNAVAILABLE' });
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      // Reads are unaffected.
      expect((await b.get(`/campaigns/${SCENARIO_CAMPAIGN.id}/report`)).status).toBe(200);
    } finally {
      await primary.query(`ALTER SYSTEM RESET default_transaction_read_only`);
      await primary.query(`SELECT pg_reload_conf()`);
    }
    await waitFor(
      'writes to be accepted again',
      async () =>
        (await b.post('/units', { id: `hb-rw-${Date.now()}`, name: '恢复写入', level: 'prefecture', region: '湖北省' })).status === 201,
      15_000,
      200,
    );
  });
});
