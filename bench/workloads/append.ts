/**
 * Command append: one event per command, on issues in progress, through the real command path —
 * `RecordProgressCommand` on the CommandBus of a Nest application context (CoreModule +
 * CommandsModule: load the stream, fold, decide, append with the expected version and the hash
 * chain) — against a plain INSERT of the same row, one per transaction, into a twin table.
 * A third measurement, the store alone (`SqlEventStore.append` with the expected version the
 * client tracks), splits the command's time into its store and command-layer halves.
 */
import { randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import { loadConfig } from '@banjie/platform';
import { CoreModule } from '@banjie/core';
import { CommandsModule, RecordProgressCommand } from '@banjie/application';
import type { OpenIssue } from '../generate';
import { closedLoop, fmt, latencyStats, log, round, type Row } from '../support';
import { closePeer, openPeer, peerAppend, type Peer } from './peer';

const NOTE = '已与建设单位约谈，明确了付款计划，正在跟踪落实。';

export interface AppendMeasure {
  clients: number;
  eventsPerSecond: number;
  events: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  firstError?: string;
}

function measure(clients: number, r: Awaited<ReturnType<typeof closedLoop>>): AppendMeasure {
  return {
    clients,
    eventsPerSecond: round(r.events / r.seconds),
    events: r.events,
    seconds: round(r.seconds, 2),
    ...latencyStats(r.latencies),
    errors: r.errors,
    firstError: r.firstError,
  };
}

/** Each client works on its own issues (no two clients touch a stream), round robin. */
function slices(issues: OpenIssue[], clients: number): OpenIssue[][] {
  const out: OpenIssue[][] = Array.from({ length: clients }, () => []);
  issues.forEach((issue, i) => out[i % clients].push(issue));
  if (out.some((s) => s.length === 0)) throw new Error(`need at least ${clients} issues in progress, the history has ${issues.length}`);
  return out;
}

/** The raw baseline's twin table: each stream's head version. */
async function rawVersions(pool: Pool, issues: OpenIssue[]): Promise<Map<string, number>> {
  const { rows } = await pool.query(
    `SELECT stream_id, max(stream_version) AS v FROM raw_events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
    [issues.map((i) => `issue-${i.issueId}`)],
  );
  return new Map(rows.map((r) => [r.stream_id as string, Number(r.v)]));
}

/** The store's own heads, through its port. */
async function storeVersions(store: EventStore, issues: OpenIssue[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const i of issues) out.set(`issue-${i.issueId}`, await store.streamVersion(`issue-${i.issueId}`));
  return out;
}

const metadataOf = (issue: OpenIssue) => {
  const id = randomUUID();
  return {
    actor: { userId: `officer-${issue.unitId}-1`, unitId: issue.unitId, role: 'officer' },
    correlationId: id,
    causationId: id,
    idempotencyKey: null,
    source: 'api',
  };
};

/** Plain INSERT of the same row, autocommit (one per transaction); the twin table assigns the position. */
export async function rawInsert(url: string, issues: OpenIssue[], clients: number, seconds: number): Promise<AppendMeasure> {
  const pool = new Pool({ connectionString: url, max: clients });
  try {
    const mine = slices(issues, clients);
    const heads = await rawVersions(pool, issues);
    const hash = 'f'.repeat(64);
    const r = await closedLoop(clients, seconds, async (c, i) => {
      const issue = mine[c][i % mine[c].length];
      const stream = `issue-${issue.issueId}`;
      const version = (heads.get(stream) ?? 0) + 1;
      heads.set(stream, version);
      const at = new Date();
      await pool.query(
        `INSERT INTO raw_events (event_id, stream_id, stream_version, type, schema_version, occurred_at, recorded_at, data, metadata, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          randomUUID(),
          stream,
          version,
          'IssueProgressRecorded',
          1,
          at,
          at,
          JSON.stringify({ note: NOTE }),
          JSON.stringify(metadataOf(issue)),
          hash,
          hash,
        ],
      );
    });
    return measure(clients, r);
  } finally {
    await pool.end();
  }
}

/** The application context the command workloads dispatch through (no HTTP, no worker). */
export async function commandContext(url: string): Promise<INestApplicationContext> {
  const config = loadConfig({ DATABASE_URL: url, DB_POOL_SIZE: '20', LOG_LEVEL: 'warn', DEMO: '0' });
  @Module({ imports: [CoreModule.forRoot({ config }), CommandsModule] })
  class BenchCommandsModule {}
  return NestFactory.createApplicationContext(BenchCommandsModule, { logger: ['error', 'warn'] });
}

export async function commandAppend(
  app: INestApplicationContext,
  issues: OpenIssue[],
  clients: number,
  seconds: number,
): Promise<AppendMeasure> {
  const bus = app.get(CommandBus);
  const mine = slices(issues, clients);
  const r = await closedLoop(clients, seconds, async (c, i) => {
    const issue = mine[c][i % mine[c].length];
    await bus.execute(
      new RecordProgressCommand(
        { issueId: issue.issueId, note: NOTE },
        { actor: { userId: `officer-${issue.unitId}-1`, unitId: issue.unitId, role: 'officer' }, source: 'api' },
      ),
    );
  });
  return measure(clients, r);
}

export async function storeAppend(
  app: INestApplicationContext,
  url: string,
  issues: OpenIssue[],
  clients: number,
  seconds: number,
): Promise<AppendMeasure> {
  const store = app.get<EventStore>(EVENT_STORE);
  const heads = await storeVersions(store, issues);
  const mine = slices(issues, clients);
  const r = await closedLoop(clients, seconds, async (c, i) => {
    const issue = mine[c][i % mine[c].length];
    const stream = `issue-${issue.issueId}`;
    const expected = heads.get(stream) ?? 0;
    const result = await store.append(stream, expected, [
      { type: 'IssueProgressRecorded', data: { note: NOTE }, metadata: metadataOf(issue) as never, occurredAt: new Date() },
    ]);
    heads.set(stream, result.nextVersion);
  });
  return measure(clients, r);
}

const describe = (m: AppendMeasure, latency: boolean) =>
  `${fmt(m.eventsPerSecond)} events/s` +
  (latency ? `, p50 ${m.p50} ms, p99 ${m.p99} ms` : '') +
  (m.errors ? ` (${m.errors} errors: ${m.firstError})` : '');

/** The median of the rounds' throughputs; the latencies of that round. */
function median(rounds: AppendMeasure[]): AppendMeasure & { rounds: number[] } {
  const sorted = [...rounds].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)];
  return { ...mid, errors: rounds.reduce((n, r) => n + r.errors, 0), rounds: rounds.map((r) => r.eventsPerSecond) };
}

/**
 * Raw, command and store-alone measurements interleaved in `rounds` rounds (the median is kept):
 * on a shared machine the load drifts, and interleaving gives each side the same weather.
 */
export async function appendWorkloads(url: string, issues: OpenIssue[], seconds: number, rounds = 3): Promise<Row[]> {
  log(`append: ${issues.length} issues in progress to work on; ${rounds} interleaved rounds of ${seconds} s`);
  const app = await commandContext(url);
  const rows: Row[] = [];
  let peer: Peer | null = null;
  // The command and the store-alone loops each get their own half of the issues, so neither
  // lengthens the streams the other reads (the command reads its stream; a store-alone append
  // does not). The raw loop writes to the twin table, on the command's half.
  const commandIssues = issues.filter((_, i) => i % 2 === 0);
  const storeIssues = issues.filter((_, i) => i % 2 === 1);
  try {
    // The peer writes to its own tables (filled with the same history), on the command's half.
    peer = await openPeer(url, commandIssues, 16);
    for (const clients of [16, 1]) {
      const m = { raw: [] as AppendMeasure[], cmd: [] as AppendMeasure[], store: [] as AppendMeasure[], peer: [] as AppendMeasure[] };
      const p = peer;
      for (let round = 1; round <= rounds; round++) {
        // The order rotates from round to round: no side always runs first (or after the same neighbour).
        const runs = [
          async () => m.raw.push(await rawInsert(url, commandIssues, clients, seconds)),
          async () => m.cmd.push(await commandAppend(app, commandIssues, clients, seconds)),
          async () => m.store.push(await storeAppend(app, url, storeIssues, clients, seconds)),
          async () => m.peer.push(measure(clients, await peerAppend(p, slices(commandIssues, clients), clients, seconds))),
        ];
        for (let k = 0; k < runs.length; k++) await runs[(k + round - 1) % runs.length]();
        log(
          `  ${clients} client(s), round ${round}: raw ${fmt(m.raw[round - 1].eventsPerSecond)}, command ${fmt(m.cmd[round - 1].eventsPerSecond)}, store alone ${fmt(m.store[round - 1].eventsPerSecond)}, Emmett ${fmt(m.peer[round - 1].eventsPerSecond)} events/s`,
        );
      }
      const raw = median(m.raw);
      const cmd = median(m.cmd);
      const store = median(m.store);
      const emmett = median(m.peer);
      const ratio = cmd.eventsPerSecond / raw.eventsPerSecond;
      rows.push({
        workload: `command append, 1 event/command, ${clients} client${clients > 1 ? 's' : ''} (RecordProgressCommand via CommandBus)`,
        banjie: describe(cmd, true),
        baseline: `${describe(raw, true)} (INSERT, 1 per transaction)`,
        ratio,
        goal: '≥ 0.7×',
        met: cmd.errors === 0 && ratio >= 0.7,
        details: { command: cmd, raw, store },
      });
      rows.push({
        workload: `↳ phase split: SqlEventStore.append alone, ${clients} client${clients > 1 ? 's' : ''}`,
        banjie: describe(store, true),
        baseline: 'same INSERT as above',
        ratio: store.eventsPerSecond / raw.eventsPerSecond,
        goal: 'informative',
        met: null,
        details: { store },
      });
      const versusPeer = cmd.eventsPerSecond / emmett.eventsPerSecond;
      rows.push({
        workload: `↳ peer: the command ÷ Emmett 0.42 \`appendToStream\` (1 event, expected version, no command layer), ${clients} client${clients > 1 ? 's' : ''}`,
        banjie: describe(cmd, false),
        baseline: `Emmett ${describe(emmett, true)}; store alone ÷ Emmett ${(store.eventsPerSecond / emmett.eventsPerSecond).toFixed(2)}×`,
        ratio: versusPeer,
        goal: clients > 1 ? '≥ 1.5×' : 'informative',
        met: clients > 1 ? cmd.errors === 0 && emmett.errors === 0 && versusPeer >= 1.5 : null,
        details: { command: cmd, emmett },
      });
    }
  } finally {
    if (peer) await closePeer(peer);
    await app.close();
  }
  return rows;
}
