/**
 * Issue #13's first start, with the real process on a fresh embedded (PGlite) data folder: `npm
 * start` loads the circular's campaign through the command bus while the deadline watcher and the
 * alert evaluator are set to fire every 500 ms — they must wait for the load, whatever the
 * machine's speed. Then the report as of 2023-07-10 is the circular's table. A second run kills the
 * process (SIGKILL) in the middle of the load and starts it again: the load resumes and finishes,
 * nothing is written twice, the table is the same and `cli verify` is OK.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, SqlEventStore } from '@banjie/event-store';
import { DEMO_CAMPAIGN_ID, generateDemoScenario, streamOf } from '@banjie/demo';
import { runCli, startServer, stopProcess, waitUntil } from '../support/processes';
import { recordSecret } from '../support/secrets';

/** A demo load of 16 095 commands takes one to several minutes on two busy cores. */
const LOAD_MS = 15 * 60_000;
jest.setTimeout(2 * LOAD_MS);

const ENV = {
  DATABASE_URL: '',
  DEMO: '1',
  DEADLINE_WATCHER_INTERVAL_MS: '500',
  ALERTS_EVALUATE_INTERVAL_MS: '500',
  LOG_LEVEL: 'info',
  LOG_FORMAT: 'json',
};

type Server = Awaited<ReturnType<typeof startServer>>;
interface DemoStatus {
  state: string;
  loaded: number;
  total: number;
}

const SCENARIO = generateDemoScenario();
const STEPS = SCENARIO.steps.length; // every step lies in 2023: all are due on a start today
/** Each stream's number of steps: a complete, exactly-once load has exactly these demo events. */
const PER_STREAM = new Map<string, number>();
for (const step of SCENARIO.steps) PER_STREAM.set(streamOf(step), (PER_STREAM.get(streamOf(step)) ?? 0) + 1);

async function health(server: Server): Promise<{ demo: DemoStatus; projectorLag: number }> {
  return (await fetch(`${server.base}/health`)).json() as never;
}

/** The supervisor's token the first start wrote (BOOTSTRAP_TOKEN_FILE), recorded for the leak scan. */
function supervisorToken(dataDir: string): string {
  const line = readFileSync(join(dataDir, 'bootstrap-tokens.txt'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('supervisor'));
  const token = /token (\S+)\s*$/.exec(line ?? '')![1];
  recordSecret(token, 'bootstrap supervisor token');
  return token;
}

const envFor = (dataDir: string) => ({ ...ENV, DATA_DIR: dataDir, BOOTSTRAP_TOKEN_FILE: join(dataDir, 'bootstrap-tokens.txt') });

/** The report as of 07-10 once the statistics have caught up with every event (report.catchingUp false). */
async function settledReport(server: Server, token: string): Promise<any> {
  return waitUntil(
    'the report as of 2023-07-10 to be caught up',
    async () => {
      const res = await fetch(`${server.base}/campaigns/${DEMO_CAMPAIGN_ID}/report?asOf=2023-07-10`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) return undefined;
      const report = (await res.json()) as any;
      return report.catchingUp ? undefined : report;
    },
    LOAD_MS,
  );
}

/** The circular's table (seed/000_3159178822529981.txt, DESIGN §6). */
function expectCircular(report: any) {
  const counts = (r: any) => [r.enterprisesVisited, r.activities, r.issuesCollected, r.issuesResolved];
  expect(counts(report.total)).toEqual([3340, 3459, 2348, 2092]);
  expect(counts(report.groups.find((g: any) => g.level === 'department'))).toEqual([274, 263, 245, 215]);
  expect(counts(report.groups.find((g: any) => g.level === 'prefecture'))).toEqual([3066, 3196, 2103, 1877]);
  expect(report.total.completionRate).toBeCloseTo(2092 / 2348, 10);
}

/**
 * What the store holds after the process stopped: the demo's events per stream (a complete,
 * exactly-once load matches the scenario's steps stream by stream), and where the deadline
 * watcher's events lie (after the demo's last one: it waited).
 */
async function storeFacts(dataDir: string) {
  const db = await Database.open({ dataDir });
  try {
    // through the store's port (the only door to the events)
    const facts = { demo: 0, last_demo: 0, watcher: 0, first_watcher: null as number | null };
    const perStream = new Map<string, number>();
    for await (const batch of new SqlEventStore(db.kind, db.pool).readAll({ batchSize: 5000 }))
      for (const e of batch) {
        if (e.metadata.source === 'demo') {
          facts.demo++;
          facts.last_demo = Math.max(facts.last_demo, e.position);
          perStream.set(e.streamId, (perStream.get(e.streamId) ?? 0) + 1);
        } else if (e.metadata.source === 'watcher') {
          facts.watcher++;
          facts.first_watcher = Math.min(facts.first_watcher ?? Infinity, e.position);
        }
      }
    // streams whose demo events differ from the scenario's steps (more: written twice; fewer: missing)
    const differing = [...perStream].filter(([stream, n]) => PER_STREAM.get(stream) !== n).map(([stream]) => stream);
    return { ...facts, streams: perStream.size, differing };
  } finally {
    await db.close();
  }
}

describe('npm start on an empty embedded store loads the demo before the watcher and the alert evaluator act', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'banjie-first-start-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("shows the circular's table as of 2023-07-10, with the watcher firing every 500 ms", async () => {
    const dataDir = fresh();
    const server = await startServer(envFor(dataDir), 180_000);
    try {
      // While it loads: /health says how far, readiness says not yet, a report says it is catching up.
      const during = await waitUntil(
        'the demo to be part-loaded',
        async () => {
          const { demo } = await health(server);
          return demo.state === 'loading' && demo.loaded > 0 ? demo : undefined;
        },
        LOAD_MS,
        100,
      );
      expect(during.total).toBe(STEPS);
      expect(during.loaded).toBeLessThan(STEPS);
      const ready = await fetch(`${server.base}/health/ready`);
      if ((await health(server)).demo.state === 'loading') expect(ready.status).toBe(503);

      const done = await waitUntil(
        'the demo to be loaded',
        async () => {
          const { demo } = await health(server);
          if (demo.state === 'failed') throw new Error(`demo load failed: ${JSON.stringify(demo)}`);
          return demo.state === 'loaded' ? demo : undefined;
        },
        LOAD_MS,
      );
      expect(done).toEqual({ state: 'loaded', loaded: STEPS, total: STEPS });
      // the dashboard's poll: the same status without the database
      expect(await (await fetch(`${server.base}/health/demo`)).json()).toEqual(done);
      const token = supervisorToken(dataDir);
      expectCircular(await settledReport(server, token));
      // the watcher does fire once the load is over: issues still open in 2023 are overdue today
      await waitUntil(
        'the watcher to record overdue issues',
        async () => {
          const res = await fetch(`${server.base}/audit?type=IssueBecameOverdue&pageSize=1`, {
            headers: { authorization: `Bearer ${token}` },
          });
          return res.status === 200 && ((await res.json()) as any).items.length > 0 ? true : undefined;
        },
        LOAD_MS,
      );
    } finally {
      const code = await stopProcess(server.child);
      if (code !== 0) console.log(server.output().slice(-4000));
      expect(code).toBe(0);
    }
    const facts = await storeFacts(dataDir);
    expect(facts).toMatchObject({ demo: STEPS, streams: PER_STREAM.size, differing: [] });
    expect(facts.watcher).toBeGreaterThan(0);
    expect(facts.first_watcher).toBeGreaterThan(facts.last_demo);
  });

  it('resumes after SIGKILL in the middle of the load: same table, nothing written twice, cli verify OK', async () => {
    const dataDir = fresh();
    const first = await startServer(envFor(dataDir), 180_000);
    let killedAt: DemoStatus;
    try {
      killedAt = await waitUntil(
        'the demo to be a third loaded',
        async () => {
          const { demo } = await health(first);
          return demo.state === 'loading' && demo.loaded >= STEPS / 3 ? demo : undefined;
        },
        LOAD_MS,
        100,
      );
    } finally {
      await stopProcess(first.child, 'SIGKILL');
    }
    expect(first.child.signalCode).toBe('SIGKILL');
    const partial = await storeFacts(dataDir);
    expect(partial.demo).toBeGreaterThanOrEqual(killedAt.loaded);
    expect(partial.demo).toBeLessThan(STEPS);
    expect(partial.watcher).toBe(0); // it was waiting for the load

    const second = await startServer(envFor(dataDir), 180_000);
    try {
      // it counts what is there and goes on from it (it never starts again from nothing)
      await waitUntil(
        'the resumed load to count the steps already written',
        async () => ((await health(second)).demo.loaded >= partial.demo ? true : undefined),
        LOAD_MS,
        100,
      );
      await waitUntil(
        'the resumed demo to be loaded',
        async () => {
          const { demo } = await health(second);
          if (demo.state === 'failed') throw new Error(`demo load failed: ${JSON.stringify(demo)}`);
          return demo.state === 'loaded' ? demo : undefined;
        },
        LOAD_MS,
      );
      expectCircular(await settledReport(second, supervisorToken(dataDir)));
    } finally {
      const code = await stopProcess(second.child);
      if (code !== 0) console.log(second.output().slice(-4000));
      expect(code).toBe(0);
    }
    const facts = await storeFacts(dataDir);
    expect(facts).toMatchObject({ demo: STEPS, streams: PER_STREAM.size, differing: [] });
    expect(facts.first_watcher ?? Infinity).toBeGreaterThan(facts.last_demo);

    const verify = await runCli(['verify'], { DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^OK: \d+ events in \d+ streams/m);
  });
});
