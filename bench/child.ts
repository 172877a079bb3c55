/**
 * Work the bench measures in a separate process, so that its peak RSS is its own:
 * `node dist/bench/child.js <mode> <database url>`; prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import QueryStream from 'pg-query-stream';
import { Database, rawReaderOrderScan, SqlEventStore } from '@banjie/event-store';
import { ALL_MIGRATIONS } from '@banjie/core';
import { PROJECTIONS, Projector, tuneHeapForRebuild } from '@banjie/projections';

function peakRssMB(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  return Math.round((hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024);
}

/** The raw limit of a rebuild's input: every row, in the readers' global order, streamed. */
async function streamRead(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const t0 = performance.now();
  let rows = 0;
  let bytes = 0;
  const scan = rawReaderOrderScan();
  const stream = client.query(new QueryStream(scan.text, scan.values, { batchSize: 1000 }));
  for await (const row of stream as AsyncIterable<Record<string, unknown>>) {
    rows++;
    bytes += (row.hash as string).length;
  }
  const seconds = (performance.now() - t0) / 1000;
  await client.end();
  return { rows, seconds, peakRssMB: peakRssMB(), checksum: bytes };
}

/** Every read model rebuilt from the first event (blue/green, as `cli projections rebuild --all` does). */
async function rebuild(url: string) {
  tuneHeapForRebuild(); // as `cli projections rebuild` does
  const db = await Database.open({ databaseUrl: url, migrations: ALL_MIGRATIONS, poolSize: 4 });
  try {
    await db.migrate();
    const store = new SqlEventStore('postgres', db.pool, null);
    const projector = new Projector(store, db.pool, PROJECTIONS);
    const t0 = performance.now();
    // One pass over the history for every read model (Projector.rebuildAll), as `cli projections rebuild --all` does.
    const projections: Record<string, { events: number; seconds: number }> = {};
    for (const r of await projector.rebuildAll()) projections[r.name] = { events: r.events, seconds: r.seconds };
    const seconds = (performance.now() - t0) / 1000;
    const events = await store.countEvents();
    await store.close();
    return { events, seconds, projections, peakRssMB: peakRssMB() };
  } finally {
    await db.close();
  }
}

/**
 * The read models brought up to date with what the append workloads wrote (not timed): the HTTP
 * workloads then measure the API as it runs beside a worker that keeps up, not a lag count.
 */
async function catchUp(url: string) {
  const db = await Database.open({ databaseUrl: url, migrations: ALL_MIGRATIONS, poolSize: 4 });
  try {
    const store = new SqlEventStore('postgres', db.pool, null);
    const projector = new Projector(store, db.pool, PROJECTIONS);
    const t0 = performance.now();
    await projector.start();
    await projector.caughtUp();
    await projector.stop();
    await store.close();
    return { seconds: (performance.now() - t0) / 1000 };
  } finally {
    await db.close();
  }
}

async function main() {
  const [mode, url] = process.argv.slice(2);
  const work = { 'stream-read': streamRead, rebuild, 'catch-up': catchUp }[mode];
  if (!work || !url) throw new Error('usage: child.js stream-read|rebuild|catch-up <database url>');
  const result = await work(url);
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stdout.write(JSON.stringify({ error: (error as Error).message }) + '\n');
    process.exit(1);
  },
);
