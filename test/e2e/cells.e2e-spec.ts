/**
 * Issue 16, acceptance "Cells test": two province cells, each its own database with its own
 * banjie (a process per cell, seeded through HTTP with a province whose counts are known), and a
 * third database holding both provinces. `cli report --cells hubei=…,hunan=…` — the national
 * roll-up — equals `cli report` of the one database: the same level groups and total (counts
 * summed, then divided), the same unit rows.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { pgAvailable } from '../support/databases';
import { httpClient } from '../support/http-client';
import { SCENARIO_AS_OF, SCENARIO_CAMPAIGN, SCENARIO_CLOCK_START, seedProvince, type ProvinceSpec } from '../support/http-scenario';
import { runCli, startServer } from '../support/processes';
import { waitFor } from '../support/cluster';

jest.setTimeout(240_000);

const HUBEI: ProvinceSpec = {
  prefix: 'hb',
  area: '420100',
  region: '湖北省',
  issuesPerUnit: 4,
  resolvedPerUnit: 3,
  satisfiedPerUnit: 2,
  dissatisfiedPerUnit: 1,
};
const HUNAN: ProvinceSpec = {
  prefix: 'hn',
  area: '430100',
  region: '湖南省',
  issuesPerUnit: 2,
  resolvedPerUnit: 1,
  satisfiedPerUnit: 0,
  dissatisfiedPerUnit: 1,
};

const describePg = pgAvailable() ? describe : describe.skip;

describePg('province cells and the national roll-up (cli report --cells)', () => {
  const admin = pgAvailable()!;
  const names = { hubei: '', hunan: '', both: '' };
  const url = (db: string) => Object.assign(new URL(admin), { pathname: `/${db}` }).toString();

  /** Seeds provinces into a database through its own banjie process, waits for its read models, stops it. */
  async function cell(db: string, provinces: ProvinceSpec[]) {
    const server = await startServer({
      DATABASE_URL: url(db),
      AUTH_MODE: 'trust-headers',
      CLOCK_START: SCENARIO_CLOCK_START,
      LOG_LEVEL: 'warn',
      DEADLINE_WATCHER_INTERVAL_MS: '0',
      ALERTS_EVALUATE_INTERVAL_MS: '0',
    });
    try {
      const api = httpClient(server.base);
      for (const [i, p] of provinces.entries()) await seedProvince(api, p, i === 0);
      await waitFor(
        'the cell’s projections to catch up',
        async () => {
          const h = await api.get('/health', {});
          return h.status === 200 && h.body.projectorLag === 0 && h.body.projections.length > 0;
        },
        60_000,
        200,
      );
    } finally {
      await server.stop();
    }
  }

  async function sql(text: string) {
    const c = new Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  }

  beforeAll(async () => {
    const suffix = randomBytes(4).toString('hex');
    for (const k of Object.keys(names) as (keyof typeof names)[]) {
      names[k] = `banjie_cell_${k}_${suffix}`;
      await sql(`CREATE DATABASE ${names[k]}`);
    }
    await cell(names.hubei, [HUBEI]);
    await cell(names.hunan, [HUNAN]);
    await cell(names.both, [HUBEI, HUNAN]);
  });

  afterAll(async () => {
    for (const n of Object.values(names)) if (n) await sql(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  });

  const args = ['report', '--campaign', SCENARIO_CAMPAIGN.id, '--as-of', SCENARIO_AS_OF, '--format', 'json'];
  const env = { CLOCK_START: SCENARIO_CLOCK_START };

  it('equals the report of one database holding both provinces: groups and total summed then divided, every unit row', async () => {
    const national = await runCli([...args, '--cells', `hubei=${url(names.hubei)},hunan=${url(names.hunan)}`], {
      ...env,
      DATABASE_URL: '',
    });
    expect(national.stderr).toBe('');
    expect(national.code).toBe(0);
    const one = await runCli([...args, '--no-catch-up'], { ...env, DATABASE_URL: url(names.both) });
    expect(one.code).toBe(0);
    const n = JSON.parse(national.stdout);
    const o = JSON.parse(one.stdout);
    expect(n.groups).toEqual(o.groups);
    expect(n.total).toEqual(o.total);
    expect({ campaignId: n.campaignId, asOf: n.asOf, knownAt: n.knownAt }).toEqual({
      campaignId: o.campaignId,
      asOf: o.asOf,
      knownAt: o.knownAt,
    });
    const byUnit = (rows: { unitId: string }[]) => [...rows].sort((a, b) => a.unitId.localeCompare(b.unitId));
    expect(byUnit(n.rows.map(({ cell: _cell, ...r }: { cell: string; unitId: string }) => r))).toEqual(byUnit(o.rows));
    expect(n.cells.map((c: { name: string; units: number; projectorLag: number }) => [c.name, c.units, c.projectorLag])).toEqual([
      ['hubei', 3, 0],
      ['hunan', 3, 0],
    ]);

    // The counts the scenarios were built to produce: 3 units each, 12 + 6 issues, 9 + 3 resolved.
    expect(n.total).toMatchObject({
      issuesCollected: 18,
      issuesResolved: 12,
      rated: 12,
      satisfied: 6,
      dissatisfied: 6,
      activities: 6,
      enterprisesVisited: 12,
    });
    expect(n.total.completionRate).toBe(12 / 18); // not the mean of 0.75 and 0.5
    expect(n.groups.find((g: { level: string }) => g.level === 'department')).toMatchObject({
      issuesCollected: 4 + 2,
      issuesResolved: 3 + 1,
    });
    expect(n.groups.find((g: { level: string }) => g.level === 'prefecture')).toMatchObject({
      issuesCollected: 8 + 4,
      issuesResolved: 6 + 2,
    });
  });

  it('writes the national table as CSV too, and names a cell that lacks the campaign', async () => {
    const csv = await runCli(
      [...args.slice(0, -2), '--format', 'csv', '--cells', `hubei=${url(names.hubei)},hunan=${url(names.hunan)}`],
      env,
    );
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('合计');
    const missing = await runCli(
      [
        'report',
        '--campaign',
        'no-such-campaign',
        '--as-of',
        SCENARIO_AS_OF,
        '--cells',
        `hubei=${url(names.hubei)},hunan=${url(names.hunan)}`,
      ],
      env,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cell hubei');
  });
});
