/**
 * Crash safety: a projector process is killed with SIGKILL mid-batch, again and again, while
 * events flow in; after a restart its read models equal a full rebuild. PostgreSQL only: PGlite is
 * an in-process database, so no second process can run a projector on it (docs/projections.md).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EVENT_STORE_MIGRATIONS, SqlEventStore } from '@banjie/event-store';
import { backends, type TestDatabase } from '../../../test/support/databases';
import { settle, snapshotTables } from '../../../test/support/projection-helpers';
import { appendAll, generateScenario, prng, readEverything, reckon } from '../../../test/support/projection-scenario';
import {
  AlertsEvaluator,
  directoryProjection,
  issuesProjection,
  listProjections,
  PROJECTIONS,
  PROJECTIONS_MIGRATIONS,
  Projector,
  ReportService,
} from './index';

jest.setTimeout(240_000);

const root = resolve(__dirname, '../../..');
const postgres = backends().find((b) => b.kind === 'postgres');
const describePg = postgres ? describe : describe.skip;

describePg('projector crash safety [postgres]', () => {
  let t: TestDatabase;
  let dist: string;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    // The child runs the libraries compiled (swc, as `npm run build` does) into a private folder.
    dist = mkdtempSync(join(tmpdir(), 'banjie-crash-'));
    const swc = spawnSync(
      join(root, 'node_modules/.bin/swc'),
      [
        'libs',
        '-d',
        dist,
        '--config-file',
        '.swcrc',
        '--copy-files',
        '--only',
        '**/*.ts',
        '--ignore',
        '**/*.spec.ts,**/*.int-spec.ts',
        '-q',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (swc.status !== 0) throw new Error(`swc failed: ${swc.stderr}`);
    symlinkSync(join(root, 'node_modules'), join(dist, 'node_modules'));
    t = await postgres!.open({ migrations: [...EVENT_STORE_MIGRATIONS, ...PROJECTIONS_MIGRATIONS] });
    await t.db.migrate();
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await t?.dispose();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  function startChild(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [join(root, 'test/support/projector-child.js'), dist, t.location.databaseUrl!], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    return new Promise((resolveStarted, reject) => {
      child.stdout!.on('data', (d) => String(d).includes('started') && resolveStarted(child));
      child.on('exit', (code, signal) => signal !== 'SIGKILL' && reject(new Error(`projector child exited ${code}: ${err}`)));
    });
  }

  function kill(child: ChildProcess): Promise<void> {
    return new Promise((r) => {
      child.once('exit', () => r());
      child.kill('SIGKILL');
    });
  }

  async function checkpoints(): Promise<number[]> {
    const { rows } = await t.db.pool.query(`SELECT position FROM subscriptions WHERE name LIKE 'projection:%' ORDER BY name`);
    return rows.map((r) => Number(r.position));
  }

  it('read models after repeated SIGKILLs equal a full rebuild', async () => {
    const store = new SqlEventStore('postgres', t.db.pool, t.db.listenConfig);
    const scenario = generateScenario(4242, 700, 150, 'k');
    const writing = appendAll(store, scenario.appends);
    const r = prng(7);
    const seen: Array<{ checkpoints: number[]; head: number }> = [];
    for (let round = 0; round < 6; round++) {
      const child = await startChild();
      await new Promise((w) => setTimeout(w, r.int(150, 900)));
      await kill(child);
      const head = (await store.head()).position;
      seen.push({ checkpoints: await checkpoints(), head });
    }
    await writing;
    // the kills landed while work was left: checkpoints moved between kills and trailed the head
    expect(seen.some((s) => s.checkpoints.some((c) => c > 0 && c < s.head))).toBe(true);
    expect(new Set(seen.map((s) => s.checkpoints.join())).size).toBeGreaterThan(2);

    const child = await startChild();
    await settle({ caughtUp: async () => undefined }, t.db.pool, store, 120_000);
    await kill(child);

    // the alerts as evaluated on one day (the rebuild evaluates them for the same day before its switch)
    const day = new Date('2023-06-20T04:00:00Z');
    await new AlertsEvaluator(t.db.pool, store).runOnce('2023-06-20');
    const live = [];
    for (const def of PROJECTIONS) live.push(await snapshotTables(t.db.pool, def));
    const projector = new Projector(store, t.db.pool, PROJECTIONS, { clock: () => day });
    for (const def of PROJECTIONS) await projector.rebuild(def.name);
    for (const [i, def] of PROJECTIONS.entries()) {
      const rebuilt = await snapshotTables(t.db.pool, def);
      for (const table of Object.keys(rebuilt)) expect({ table, rows: live[i][table] }).toEqual({ table, rows: rebuilt[table] });
    }
    // and both equal the reckoning from the raw events
    const events = await readEverything(store);
    const report = await new ReportService(t.db.pool, () => new Date('2023-06-20T04:00:00Z')).report(scenario.campaignIds[0]);
    const expected = reckon(events, scenario.campaignIds[0], '2023-06-20');
    for (const row of report.rows) {
      const x = expected.get(row.unitId!);
      expect({
        unit: row.unitId,
        collected: row.issuesCollected,
        resolved: row.issuesResolved,
        visited: row.enterprisesVisited,
        activities: row.activities,
      }).toEqual({
        unit: row.unitId,
        collected: x?.issuesCollected ?? 0,
        resolved: x?.issuesResolved ?? 0,
        visited: x?.enterprisesVisited ?? 0,
        activities: x?.activities ?? 0,
      });
    }

    // New code versions rebuild themselves on start (blue/green; several in one pass over the history), then go on live.
    const before = await listProjections(t.db.pool, store, PROJECTIONS);
    const generation = before.find((p) => p.name === issuesProjection.name)!.generation!;
    const directoryGeneration = before.find((p) => p.name === directoryProjection.name)!.generation!;
    const upgraded = { ...issuesProjection, version: issuesProjection.version + 1 };
    const upgradedDirectory = { ...directoryProjection, version: directoryProjection.version + 1 };
    const next = new Projector(store, t.db.pool, [upgradedDirectory, upgraded], { pollMs: 20 });
    const reads = jest.spyOn(store, 'readAll');
    await next.start();
    const deadline = Date.now() + 60_000;
    let status = await listProjections(t.db.pool, store, [upgradedDirectory, upgraded]);
    // until the new generations serve and have caught up (each reads 'catching_up' between the switch and its first empty poll)
    while (status.some((s) => s.version !== s.codeVersion || s.status !== 'live') && Date.now() < deadline) {
      await new Promise((w) => setTimeout(w, 100));
      status = await listProjections(t.db.pool, store, [upgradedDirectory, upgraded]);
    }
    expect(status.map((s) => [s.name, s.version, s.codeVersion, s.generation, s.status])).toEqual([
      [directoryProjection.name, upgradedDirectory.version, upgradedDirectory.version, directoryGeneration + 1, 'live'],
      [issuesProjection.name, upgraded.version, upgraded.version, generation + 1, 'live'],
    ]);
    expect(reads).toHaveBeenCalledTimes(1); // one read of the history for both
    reads.mockRestore();
    expect(await snapshotTables(t.db.pool, upgraded)).toEqual(await snapshotTables(t.db.pool, issuesProjection, generation + 1));
    expect(await snapshotTables(t.db.pool, upgradedDirectory)).toEqual(
      await snapshotTables(t.db.pool, directoryProjection, directoryGeneration + 1),
    );
    await next.stop();
    await store.close();
  });
});
