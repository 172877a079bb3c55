import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { SqlEventStore } from '@banjie/event-store';
import { pgAvailable } from '../support/databases';
import { startServer } from '../support/processes';

const adminUrl = pgAvailable();
const meta = {
  actor: { userId: 'ops', unitId: null, role: 'system' },
  correlationId: 'ops-health',
  causationId: null,
  source: 'cli',
} as const;

async function sql(url: string, text: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * /health/ready against a PostgreSQL database the test can take away: it goes unready when a
 * projection falls more than READY_MAX_LAG events behind and when the database refuses
 * connections, and ready again once each is repaired; /health/live stays up throughout.
 */
(adminUrl ? describe : describe.skip)('operations: readiness [postgres]', () => {
  const name = `banjie_t_ops_${randomBytes(5).toString('hex')}`;
  let url: string;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    await sql(adminUrl!, `CREATE DATABASE ${name}`);
    const u = new URL(adminUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    server = await startServer({
      DATABASE_URL: url,
      AUTH_MODE: 'trust-headers',
      BOOTSTRAP_TOKEN_FILE: 'off',
      READY_MAX_LAG: '20',
      LOG_FORMAT: 'json',
    });
  });
  afterAll(async () => {
    await sql(adminUrl!, `ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    if (server) expect(await server.stop()).toBe(0);
    await sql(adminUrl!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  const ready = async () => {
    const res = await fetch(`${server.base}/health/ready`);
    return { status: res.status, body: (await res.json()) as { status: string; error: Record<string, { message?: string }> } };
  };

  it('is ready on a fresh database, unready while a projection is behind, ready once it catches up', async () => {
    const first = await until('ready at start', ready, (r) => r.status === 200);
    expect(first.body.status).toBe('ok');
    expect((await fetch(`${server.base}/health/live`)).status).toBe(200);

    // A projection that no process runs: its lag is every event after its (absent) checkpoint.
    await sql(url, `INSERT INTO projections (name, version, generation, status) VALUES ('ops-probe', 1, 1, 'live')`);
    const pool = new Pool({ connectionString: url, max: 1 });
    try {
      const events = Array.from({ length: 25 }, (_, i) => ({ type: 'OpsProbeRecorded', data: { n: i }, metadata: { ...meta } }));
      await new SqlEventStore('postgres', pool).append('opsprobe-1', 'no_stream', events);
    } finally {
      await pool.end();
    }
    // the running projections catch up with the 25 events; the one nobody runs stays behind
    const behind = await until(
      'unready while behind',
      ready,
      (r) => r.status === 503 && r.body.error.projector?.message === 'behind by more than 20 events: ops-probe (25)',
    );
    expect(behind.body.status).toBe('error');
    expect(behind.body.error.database).toBeUndefined();
    const summary = (await (await fetch(`${server.base}/health`)).json()) as { projections: unknown[] };
    expect(summary.projections).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'ops-probe', lagEvents: 25 })]));

    const probe = new Pool({ connectionString: url, max: 1 });
    const head = await new SqlEventStore('postgres', probe).head().finally(() => probe.end());
    await sql(url, `INSERT INTO subscriptions (name, transaction_id, position) VALUES ('projection:ops-probe:g1', $1::xid8, $2)`, [
      head.checkpoint.transactionId,
      head.checkpoint.position,
    ]);
    await until('ready after catching up', ready, (r) => r.status === 200);
    await sql(url, `DELETE FROM projections WHERE name = 'ops-probe'`);
  });

  it('is unready while the database refuses connections, live throughout, and ready again after', async () => {
    await sql(url, `DELETE FROM projections WHERE name = 'ops-probe'`);
    await until('ready', ready, (r) => r.status === 200);
    await sql(adminUrl!, `ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
    await sql(adminUrl!, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
    const down = await until('unready without a database', ready, (r) => r.status === 503);
    expect(down.body.error.database).toBeDefined();
    expect((await fetch(`${server.base}/health/live`)).status).toBe(200);
    expect((await fetch(`${server.base}/health`)).status).toBe(503);

    await sql(adminUrl!, `ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
    const back = await until('ready again', ready, (r) => r.status === 200);
    expect(back.body.status).toBe('ok');
    expect(server.child.exitCode).toBeNull(); // the outage did not crash it
  });
});
