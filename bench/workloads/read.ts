/**
 * Full rebuild of every read model (blue/green, from the first event) against the raw limit of
 * its input: a streaming read of the same rows in the readers' global order (pg-query-stream).
 * Both run in a child process so that the peak RSS (VmHWM) is theirs alone.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fmt, log, round, type Row } from '../support';

export async function child(
  mode: 'stream-read' | 'rebuild' | 'catch-up',
  url: string,
  cpuProf: string | null = null,
): Promise<Record<string, any>> {
  const args = [...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []), join(__dirname, '..', 'child.js'), mode, url];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  await new Promise((resolve) => proc.on('close', resolve));
  const last = out.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    return { error: `${mode} printed no result: ${(out + err).trim().slice(-500)}` };
  }
}

export async function readWorkload(url: string, options: { cpuProf?: string | null } = {}): Promise<Row> {
  log('rebuild: streaming-read baseline');
  const base = await child('stream-read', url);
  if (base.error) throw new Error(base.error);
  log(`  read ${fmt(base.rows)} rows in ${base.seconds.toFixed(1)} s, peak RSS ${base.peakRssMB} MB`);
  log('rebuild: every projection');
  const r = await child('rebuild', url, options.cpuProf ?? null);
  const baselineRate = base.rows / base.seconds;
  const baseline = `${fmt(baselineRate)} rows/s, peak RSS ${base.peakRssMB} MB (pg-query-stream)`;
  const details: Record<string, unknown> = {
    baselineRows: base.rows,
    baselineSeconds: round(base.seconds, 2),
    baselineRowsPerSecond: round(baselineRate),
    baselinePeakRssMB: base.peakRssMB,
  };
  const workload = `full rebuild of all read models (${fmt(base.rows)} events)`;
  if (r.error) {
    log(`  rebuild failed: ${r.error}`);
    const pending = r.error.startsWith('pending') ? r.error.replace(/^pending: /, '') : `failed: ${r.error}`;
    return { workload, banjie: '', baseline, ratio: null, goal: '≥ 0.3×, RSS ≤ 300 MB', met: null, pending, details };
  }
  const rate = r.events / r.seconds;
  const ratio = rate / baselineRate;
  log(
    `  rebuilt ${Object.keys(r.projections).join(', ')} over ${fmt(r.events)} events in ${r.seconds.toFixed(1)} s, peak RSS ${r.peakRssMB} MB`,
  );
  return {
    workload,
    banjie: `${fmt(rate)} events/s, peak RSS ${r.peakRssMB} MB`,
    baseline,
    ratio,
    goal: '≥ 0.3×, RSS ≤ 300 MB',
    met: ratio >= 0.3 && r.peakRssMB <= 300,
    details: {
      ...details,
      events: r.events,
      seconds: round(r.seconds, 2),
      eventsPerSecond: round(rate),
      peakRssMB: r.peakRssMB,
      projections: r.projections,
    },
  };
}
