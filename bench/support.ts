/** What every workload shares: options, the throwaway database, timing and statistics, the table. */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';

export interface BenchOptions {
  quick: boolean;
  events: number;
  /** Seconds each append / HTTP measurement runs. */
  seconds: number;
  /** Interleaved rounds of the append workloads (the median is kept). */
  rounds: number;
  /** PostgreSQL server (any database on it); the bench creates its own database there. */
  url: string;
  keep: boolean;
  fresh: boolean;
  seed: number;
  only: string[] | null;
  out: string | null;
}

export function parseArgs(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const value = (name: string) => {
    const i = argv.findIndex((a) => a === name || a.startsWith(name + '='));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].slice(name.length + 1) : argv[i + 1];
  };
  const known = ['--quick', '--events', '--seconds', '--rounds', '--keep', '--fresh', '--seed', '--only', '--out', '--help'];
  for (const a of argv) {
    if (a.startsWith('--') && !known.includes(a.split('=')[0])) throw new Error(`unknown option ${a} (try --help)`);
  }
  if (argv.includes('--help')) {
    console.log(`npm run bench -- [--quick] [--events N] [--seconds S] [--only a,b] [--keep] [--fresh] [--seed N] [--out FILE]
  --quick       ~1-minute smoke run (50,000 events, 3 s per timed workload)
  --events N    size of the synthetic history (default 1,000,000)
  --seconds S   how long each append / HTTP measurement runs (default 10; quick 3)
  --rounds N    interleaved rounds of each append measurement, median kept (default 3; quick 1)
  --only LIST   run only these workloads: import, read, report, append, http
  --keep        keep the bench database (default: dropped at the end)
  --fresh       regenerate the history even if a cached one of that size exists
  --out FILE    results file (default bench/results/<date>[-quick].json)
BENCH_DATABASE_URL  PostgreSQL server to use (default postgres://postgres@127.0.0.1:5432/test)`);
    process.exit(0);
  }
  const events = Number((value('--events') ?? (quick ? '50000' : '1000000')).replace(/_/g, ''));
  if (!Number.isInteger(events) || events < 2000) throw new Error('--events must be an integer ≥ 2000');
  const seconds = Number(value('--seconds') ?? (quick ? 3 : 10));
  const rounds = Number(value('--rounds') ?? (quick ? 1 : 3));
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  if (!(seconds > 0)) throw new Error('--seconds must be positive');
  return {
    quick,
    events,
    seconds,
    rounds,
    url: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    keep: argv.includes('--keep'),
    fresh: argv.includes('--fresh'),
    seed: Number(value('--seed') ?? 20230711),
    only:
      value('--only')
        ?.split(',')
        .map((s) => s.trim()) ?? null,
    out: value('--out') ?? null,
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function machine(url: string): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const settings: Record<string, string> = {};
    for (const name of [
      'server_version',
      'shared_buffers',
      'synchronous_commit',
      'fsync',
      'wal_level',
      'max_wal_size',
      'max_connections',
      'work_mem',
    ]) {
      settings[name] = (await client.query(`SHOW ${name}`)).rows[0][name];
    }
    return {
      nproc: cpus().length,
      cpu: cpus()[0]?.model,
      memoryMB: Math.round(totalmem() / 2 ** 20),
      freeMemoryMB: Math.round(freemem() / 2 ** 20),
      node: process.version,
      postgres: settings,
      loadavg: loadavg().map((l) => Number(l.toFixed(2))),
    };
  } finally {
    await client.end();
  }
}

export const now = () => performance.now();

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function latencyStats(samples: number[]) {
  const sorted = Float64Array.from(samples).sort();
  const arr = Array.from(sorted);
  return {
    p50: round(percentile(arr, 50), 2),
    p95: round(percentile(arr, 95), 2),
    p99: round(percentile(arr, 99), 2),
    max: round(arr[arr.length - 1] ?? NaN, 2),
  };
}

export const round = (n: number, digits = 0) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

/** Runs `clients` loops of `op` for `seconds` (after `warmup` seconds) and counts completions. */
export async function closedLoop(
  clients: number,
  seconds: number,
  op: (client: number, i: number) => Promise<number | void>,
  warmup = Math.min(2, seconds / 3),
): Promise<{ ops: number; events: number; seconds: number; latencies: number[]; errors: number; firstError?: string }> {
  const latencies: number[] = [];
  let ops = 0;
  let events = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = now();
  const measureFrom = t0 + warmup * 1000;
  const until = measureFrom + seconds * 1000;
  let measuredStart = Infinity;
  let measuredEnd = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; ; i++) {
        const start = now();
        if (start >= until) break;
        let n: number | void;
        try {
          n = await op(c, i);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message ?? String(error);
          if (errors > 100) throw new Error(`too many errors; first: ${firstError}`, { cause: error });
          continue;
        }
        const end = now();
        if (start >= measureFrom) {
          measuredStart = Math.min(measuredStart, start);
          measuredEnd = Math.max(measuredEnd, end);
          latencies.push(end - start);
          ops++;
          events += typeof n === 'number' ? n : 1;
        }
      }
    }),
  );
  return { ops, events, seconds: (measuredEnd - measuredStart) / 1000, latencies, errors, firstError };
}

export interface Row {
  workload: string;
  banjie: string;
  baseline: string;
  ratio: number | null;
  goal: string;
  /** true / false, or null when there is no goal to meet (reported only, or pending). */
  met: boolean | null;
  /** The banjie side does not exist yet: what is missing. */
  pending?: string;
  details: Record<string, unknown>;
}

export function markdownTable(rows: Row[]): string {
  const lines = ['| workload | banjie | raw baseline (same run) | ratio | goal | met |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const banjie = r.pending ? `pending: ${r.pending}` : r.banjie;
    const ratio = r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`;
    const met = r.pending ? 'pending' : r.met === null ? '—' : r.met ? 'yes' : '**no**';
    lines.push(`| ${r.workload} | ${banjie} | ${r.baseline} | ${ratio} | ${r.goal} | ${met} |`);
  }
  return lines.join('\n');
}

export const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n));

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
