/**
 * HTTP under 64 connections (autocannon): `GET /campaigns/:id/report?asOf=` and
 * `POST /issues/:id/progress`, against the API process as `npm run start:api` runs it
 * (BANJIE_ROLE=api: no worker in the process), authenticated with bearer tokens of officers of
 * the issues' units. Reported, no goal; no raw baseline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { AccessStore } from '@banjie/access';
import { SqlEventStore } from '@banjie/event-store';
import type { OpenIssue } from '../generate';
import type { CampaignWindow } from './report';
import { dateOf, dayOf } from '../generate';
import { Rng } from '../rng';
import { fmt, log, round, type Row } from '../support';

const CONNECTIONS = 64;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** How many distinct report questions the GET workload repeats. */
const REPORT_QUESTIONS = 16;

async function startApi(url: string, port: number, authMode: string): Promise<{ proc: ChildProcess; output: () => string }> {
  const main = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js');
  // BENCH_API_CPU_PROF=<dir>: profile the API process (written when it stops).
  const prof = process.env.BENCH_API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_CPU_PROF}`] : [];
  const proc = spawn(process.execPath, [...prof, main], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      BANJIE_ROLE: 'api',
      DEMO: '0',
      LOG_LEVEL: 'warn',
      AUTH_MODE: authMode,
      BOOTSTRAP_TOKEN_FILE: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output = (output + d).slice(-4000)));
  proc.stderr!.on('data', (d) => (output = (output + d).slice(-4000)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the API exited ${proc.exitCode}: ${output.trim()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not answer /health in 90 s: ${output.trim()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { proc, output: () => output };
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const closed = new Promise((r) => proc.once('close', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
  await closed;
  clearTimeout(timer);
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** Officers (one per unit) and a supervisor, with bearer tokens; null when the access store is not there. */
async function tokens(url: string, unitIds: string[]): Promise<{ officer: Map<string, string>; supervisor: string } | string> {
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const access = new AccessStore(pool, new SqlEventStore('postgres', pool));
    const officer = new Map<string, string>();
    for (const unitId of unitIds) {
      const user = await access.createUser({ name: `bench officer ${unitId}`, unitId, role: 'officer' });
      officer.set(unitId, (await access.createToken(user.userId, { label: 'bench' })).token);
    }
    const sup = await access.createUser({ name: 'bench supervisor', unitId: null, role: 'supervisor' });
    return { officer, supervisor: (await access.createToken(sup.userId, { label: 'bench' })).token };
  } catch (error) {
    return (error as Error).message;
  } finally {
    await pool.end();
  }
}

function summary(r: autocannon.Result) {
  const ok = r['2xx'];
  const seconds = r.duration;
  return {
    requestsPerSecond: round(ok / seconds),
    latencyP50: r.latency.p50,
    latencyP99: r.latency.p99,
    ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    seconds,
  };
}

/**
 * `busRate`: the command's rate through the CommandBus at 16 clients in the same run (the append
 * workload), the yardstick of the POST: what HTTP adds beyond the bus.
 */
export async function httpWorkloads(
  url: string,
  issues: OpenIssue[],
  campaigns: CampaignWindow[],
  seconds: number,
  busRate: number | null = null,
): Promise<Row[]> {
  // Units of the issues the POSTs go to (at most 40 units: plenty of distinct streams, few tokens).
  const units = [...new Set(issues.map((i) => i.unitId))].slice(0, 40);
  const mine = issues.filter((i) => units.includes(i.unitId));
  const auth = await tokens(url, units);
  const authMode = typeof auth === 'string' ? 'trust-headers' : 'token';
  if (typeof auth === 'string') log(`  could not make tokens (${auth}); AUTH_MODE=trust-headers`);
  const port = await freePort();
  log(`http: starting the API (BANJIE_ROLE=api, AUTH_MODE=${authMode}) on port ${port}`);
  const api = await startApi(url, port, authMode);
  const base = `http://127.0.0.1:${port}`;
  const rows: Row[] = [];
  const authHeaders = (unitId: string | null): Record<string, string> =>
    typeof auth === 'string'
      ? unitId
        ? { 'x-actor': `bench-${unitId}`, 'x-unit': unitId, 'x-role': 'officer' }
        : { 'x-actor': 'bench-supervisor', 'x-role': 'supervisor' }
      : { authorization: `Bearer ${unitId ? auth.officer.get(unitId) : auth.supervisor}` };
  try {
    // GET report
    // Repeated questions (#20's goal): 16 (campaign, date) pairs drawn once, asked in random
    // order — the dashboards of a province ask about a few dates (today, the circular's 7月10日 …).
    const rng = new Rng(11);
    const questions = Array.from({ length: REPORT_QUESTIONS }, () => {
      const c = rng.pick(campaigns);
      return `/campaigns/${c.campaignId}/report?asOf=${dateOf(rng.int(dayOf(c.from), dayOf(c.to)))}`;
    });
    const reportPath = () => rng.pick(questions);
    const probe = await fetch(base + reportPath(), { headers: authHeaders(null) });
    const reportWorkload = `HTTP GET /campaigns/:id/report?asOf= (${REPORT_QUESTIONS} repeated campaign/date questions), ${CONNECTIONS} connections`;
    if (probe.status === 404 && !(await probe.text()).includes('CAMPAIGN.NOT_FOUND')) {
      rows.push({
        workload: reportWorkload,
        banjie: '',
        baseline: '—',
        ratio: null,
        goal: 'reported',
        met: null,
        pending: 'no GET /campaigns/:id/report route in the API yet',
        details: {},
      });
    } else {
      const probeText = (await probe.text()).slice(0, 200);
      // Repeated questions: each asked once before the timing (not timed), as a dashboard's
      // questions have been asked before — the goal is about answering them again.
      for (const question of questions) await (await fetch(base + question, { headers: authHeaders(null) })).arrayBuffer();
      log(
        `http: GET report, ${CONNECTIONS} connections, ${seconds} s (first answer ${probe.status}${probe.status >= 300 ? ' ' + probeText : ''})`,
      );
      const r = await run({
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        headers: authHeaders(null),
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: reportPath() }) }],
      });
      const s = summary(r);
      log(`  ${fmt(s.requestsPerSecond)} req/s, p99 ${s.latencyP99} ms, non-2xx ${s.non2xx}`);
      rows.push({
        workload: reportWorkload,
        banjie: `${fmt(s.requestsPerSecond)} req/s, p50 ${s.latencyP50} ms, p99 ${s.latencyP99} ms${s.non2xx ? ` (${s.non2xx} non-2xx)` : ''}`,
        baseline: '—',
        ratio: null,
        goal: '≥ 300 req/s (repeated questions)',
        met: s.non2xx === 0 && s.requestsPerSecond >= 300,
        details: { ...s, firstStatus: probe.status },
      });
    }

    // POST a command: each request takes the next issue that no request in flight has, so no two
    // in-flight requests share a stream (two would race for its version: 409 for one of them).
    // autocannon hands setupRequest and onResponse the same context for one request.
    let next = 0;
    const inFlight = new Set<number>();
    const take = (): number => {
      for (let tries = 0; tries < mine.length; tries++) {
        const i = next++ % mine.length;
        if (!inFlight.has(i)) return i;
      }
      return next++ % mine.length; // every issue in flight (fewer issues than connections): share one
    };
    const postWorkload = `HTTP POST /issues/:id/progress (RecordProgress), ${CONNECTIONS} connections`;
    log(
      `http: POST /issues/:id/progress, ${CONNECTIONS} connections, ${seconds} s (${mine.length} issues, ${units.length} units, ${authMode})`,
    );
    const body = JSON.stringify({ note: '已电话告知企业办理进度及下一步需补充的材料。' });
    const first = mine[next++];
    const probePost = await fetch(`${base}/issues/${first.issueId}/progress`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...authHeaders(first.unitId) },
    });
    const probePostAnswer = `${probePost.status} ${(await probePost.text()).slice(0, 300)}`;
    log(`  first POST answered ${probePostAnswer}`);
    const r = await run({
      url: base,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (req, context) => {
            const i = take();
            inFlight.add(i);
            (context as { issue?: number }).issue = i;
            const issue = mine[i];
            return {
              ...req,
              path: `/issues/${issue.issueId}/progress`,
              body,
              headers: { 'content-type': 'application/json', ...authHeaders(issue.unitId) },
            };
          },
          onResponse: (_status, _body, context) => {
            inFlight.delete((context as { issue?: number }).issue as number);
          },
        },
      ],
    });
    const s = summary(r);
    log(`  ${fmt(s.requestsPerSecond)} req/s, p99 ${s.latencyP99} ms, non-2xx ${s.non2xx}`);
    rows.push({
      workload: postWorkload,
      banjie: `${fmt(s.requestsPerSecond)} req/s, p50 ${s.latencyP50} ms, p99 ${s.latencyP99} ms${s.non2xx ? ` (${s.non2xx} non-2xx)` : ''}`,
      baseline: busRate ? `the bus, 16 clients (command append above): ${fmt(busRate)} events/s` : '—',
      ratio: busRate ? s.requestsPerSecond / busRate : null,
      goal: '≥ 0.6× the bus, p99 ≤ 250 ms',
      met: busRate ? s.non2xx === 0 && s.requestsPerSecond / busRate >= 0.6 && s.latencyP99 <= 250 : null,
      details: { ...s, authMode, firstAnswer: probePostAnswer, busRate },
    });
  } finally {
    await stop(api.proc);
  }
  return rows;
}
