/**
 * `npm run bench [-- --quick | --events N | …]`: banjie's workloads beside the raw PostgreSQL
 * limit measured in the same run, on a province-scale synthetic history loaded into a fresh
 * database. Prints a markdown table and writes bench/results/<date>[-quick].json.
 * See docs/performance.md for the method and the latest figures.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, rawBaseline } from '@banjie/event-store';
import { ALL_MIGRATIONS } from '@banjie/core';
import { GENERATOR_VERSION, campaignWindows, generateHistory, type GeneratedHistory } from './generate';
import { adminQuery, fmt, log, machine, markdownTable, now, parseArgs, round, withDatabase, type Row } from './support';
import { appendWorkloads } from './workloads/append';
import { httpWorkloads } from './workloads/http';
import { importWorkload } from './workloads/import';
import { child, readWorkload } from './workloads/read';
import { reportWorkload } from './workloads/report';

async function history(events: number, seed: number, fresh: boolean) {
  const dir = join(tmpdir(), 'banjie-bench');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `history-${events}-${seed}-v${GENERATOR_VERSION}`);
  const files = { ndjson: `${base}.ndjson`, copy: `${base}.copy`, meta: `${base}.json` };
  if (!fresh && existsSync(files.meta) && existsSync(files.ndjson) && existsSync(files.copy)) {
    log(`history: reusing ${files.ndjson}`);
    return { files, meta: JSON.parse(readFileSync(files.meta, 'utf8')) as GeneratedHistory & { seconds: number }, cached: true };
  }
  log(`history: generating ${fmt(events)} events`);
  const t0 = now();
  const meta = await generateHistory({ events, seed, ndjsonPath: files.ndjson + '.tmp', copyPath: files.copy + '.tmp' });
  const seconds = (now() - t0) / 1000;
  renameSync(files.ndjson + '.tmp', files.ndjson);
  renameSync(files.copy + '.tmp', files.copy);
  writeFileSync(files.meta, JSON.stringify({ ...meta, seconds }));
  log(
    `  ${fmt(meta.events)} events, ${fmt(meta.streams)} streams, ${fmt(meta.issues)} issues, ${fmt(meta.inProgress.length)} in progress, ${(meta.ndjsonBytes / 2 ** 20).toFixed(0)} MB NDJSON, in ${seconds.toFixed(1)} s`,
  );
  return { files, meta: { ...meta, seconds }, cached: false };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = now();
  const wants = (w: string) => !opts.only || opts.only.includes(w);
  const host = await machine(opts.url);
  log(
    `machine: ${host.nproc} cores, ${host.memoryMB} MB, PostgreSQL ${(host.postgres as Record<string, string>).server_version}, load ${(host.loadavg as number[]).join(' ')}`,
  );
  const h = await history(opts.events, opts.seed, opts.fresh);
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dbName = `bench_${stamp}_${process.pid}`;
  const url = withDatabase(opts.url, dbName);
  await adminQuery(opts.url, `CREATE DATABASE ${dbName}`);
  log(`database ${dbName} created`);
  const rows: Row[] = [];
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = now();
    try {
      return await fn();
    } finally {
      phases[name] = round((now() - t) / 1000, 1);
    }
  };
  try {
    const db = await Database.open({ databaseUrl: url, migrations: ALL_MIGRATIONS, poolSize: 2 });
    await db.migrate();
    // The raw baselines' twin of the event table: same columns, defaults, constraints and indexes.
    await db.pool.query(rawBaseline.createTwinTableSql('raw_events'));
    await db.close();

    rows.push(await phase('import', () => importWorkload(url, h.files)));
    await phase('vacuum', async () => {
      log('vacuum and analyze the event table and its raw twin (not timed as a workload)');
      await adminQuery(url, rawBaseline.vacuumAnalyzeSql);
      await adminQuery(url, 'VACUUM (ANALYZE) raw_events');
    });
    const windows = campaignWindows(h.meta.lastDate);
    let rebuilt = false;
    if (wants('read')) {
      // BENCH_REBUILD_CPU_PROF=<dir>: profile the rebuild process.
      const row = await phase('rebuild', () => readWorkload(url, { cpuProf: process.env.BENCH_REBUILD_CPU_PROF || null }));
      rebuilt = !row.pending;
      rows.push(row);
    }
    if (wants('report')) {
      if (rebuilt) rows.push(await phase('report', () => reportWorkload(url, windows, opts.quick ? 40 : 200)));
      else
        rows.push({
          workload: 'as-of report at a random date',
          banjie: '',
          baseline: '—',
          ratio: null,
          goal: 'p95 ≤ 100 ms',
          met: null,
          pending: 'needs the rebuilt read models (run with read)',
          details: {},
        });
    }
    if (wants('append')) rows.push(...(await phase('append', () => appendWorkloads(url, h.meta.inProgress, opts.seconds, opts.rounds))));
    if (wants('http')) {
      if (rebuilt) {
        // The read models catch up with the append workloads' events first (not timed): the API
        // runs beside a worker that keeps up, so a report's lag count stays small, as deployed.
        const caught = await phase('catch-up', () => child('catch-up', url));
        log(
          caught.error ? `catch-up failed: ${caught.error}` : `read models caught up in ${Number(caught.seconds).toFixed(1)} s (not timed)`,
        );
      }
      rows.push(
        ...(await phase('http', () =>
          httpWorkloads(url, h.meta.inProgress, windows, opts.seconds, busRate(rows)).catch((error): Row[] => [
            {
              workload: 'HTTP under 64 connections',
              banjie: '',
              baseline: '—',
              ratio: null,
              goal: 'reported',
              met: null,
              pending: `failed: ${(error as Error).message.slice(0, 300)}`,
              details: {},
            },
          ]),
        )),
      );
    }
  } finally {
    if (!opts.keep) {
      await adminQuery(opts.url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e) =>
        log(`could not drop ${dbName}: ${e.message}`),
      );
    } else log(`kept database ${dbName}: ${url}`);
  }
  const table = markdownTable(rows);
  const result = {
    date: new Date().toISOString(),
    mode: opts.quick ? 'quick' : 'full',
    options: { events: opts.events, seconds: opts.seconds, rounds: opts.rounds, seed: opts.seed, only: opts.only },
    machine: { ...host, loadavgAtEnd: (await machine(opts.url)).loadavg },
    history: { ...h.meta, inProgress: h.meta.inProgress.length, cached: h.cached },
    phases,
    totalSeconds: round((now() - started) / 1000, 1),
    rows,
    table,
  };
  const out =
    opts.out ??
    join(__dirname, '..', '..', 'bench', 'results', `${new Date().toISOString().slice(0, 10)}${opts.quick ? '-quick' : ''}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`\n${table}\n`);
  console.log(`history ${fmt(h.meta.events)} events; total ${result.totalSeconds} s; results in ${out}`);
}

/** The command's rate at 16 clients through the CommandBus, when the append workload ran. */
function busRate(rows: Row[]): number | null {
  const row = rows.find((r) => r.workload.startsWith('command append') && r.workload.includes('16 clients'));
  const rate = (row?.details as { command?: { eventsPerSecond?: number } } | undefined)?.command?.eventsPerSecond;
  return typeof rate === 'number' && rate > 0 ? rate : null;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
