/**
 * Bulk import: `cli import` of the NDJSON export (a child process, exactly what an operator runs;
 * every line is parsed and hash-checked, batches go in with `unnest`) against `COPY FROM STDIN`
 * of the same rows, already in COPY text form, into a twin table with the same indexes.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { fmt, log, now, round, type Row } from '../support';

const COLUMNS =
  'position, event_id, stream_id, stream_version, type, schema_version, occurred_at, recorded_at, data, metadata, prev_hash, hash';

export async function copyBaseline(url: string, copyPath: string): Promise<{ rows: number; seconds: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = now();
    const stream = client.query(copyFrom(`COPY raw_events (${COLUMNS}) FROM STDIN`));
    await pipeline(createReadStream(copyPath, { highWaterMark: 1 << 20 }), stream);
    const seconds = (now() - t0) / 1000;
    // As the import does: the identity continues after the highest imported position.
    await client.query(`SELECT setval(pg_get_serial_sequence('raw_events', 'position'), (SELECT max(position) FROM raw_events))`);
    return { rows: Number(stream.rowCount), seconds };
  } finally {
    await client.end();
  }
}

export async function cliImport(
  url: string,
  ndjsonPath: string,
): Promise<{ events: number; seconds: number; wallSeconds: number; output: string }> {
  const cli = join(__dirname, '..', '..', 'apps', 'cli', 'src', 'main.js');
  const t0 = now();
  const child = spawn(process.execPath, [cli, 'import', ndjsonPath], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code: number = await new Promise((resolve) => child.on('close', resolve));
  const wallSeconds = (now() - t0) / 1000;
  if (code !== 0) throw new Error(`cli import exited ${code}: ${output.trim()}`);
  const m = /imported (\d+) events in ([\d.]+) s/.exec(output);
  if (!m) throw new Error(`cannot read the cli's report: ${output.trim()}`);
  return { events: Number(m[1]), seconds: Number(m[2]), wallSeconds, output: output.trim() };
}

export async function importWorkload(url: string, files: { ndjson: string; copy: string }): Promise<Row> {
  log('import: COPY baseline');
  const copy = await copyBaseline(url, files.copy);
  log(`  COPY ${fmt(copy.rows)} rows in ${copy.seconds.toFixed(1)} s`);
  log('import: cli import');
  const imp = await cliImport(url, files.ndjson);
  log(`  cli import ${fmt(imp.events)} events in ${imp.seconds.toFixed(1)} s (process ${imp.wallSeconds.toFixed(1)} s)`);
  const banjie = imp.events / imp.seconds;
  const baseline = copy.rows / copy.seconds;
  const ratio = banjie / baseline;
  return {
    workload: `bulk import (\`cli import\` of an NDJSON export, ${fmt(imp.events)} events)`,
    banjie: `${fmt(banjie)} events/s`,
    baseline: `${fmt(baseline)} rows/s (COPY FROM STDIN)`,
    ratio,
    goal: '≥ 0.6×',
    met: ratio >= 0.6,
    details: {
      events: imp.events,
      seconds: round(imp.seconds, 2),
      processSeconds: round(imp.wallSeconds, 2),
      eventsPerSecond: round(banjie),
      baselineRows: copy.rows,
      baselineSeconds: round(copy.seconds, 2),
      baselineRowsPerSecond: round(baseline),
    },
  };
}
