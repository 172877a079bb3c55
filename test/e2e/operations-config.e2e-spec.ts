import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { DIST, ROOT } from '../support/processes';
import { captureOutput } from '../support/secrets';

/** Starts a built entry point with the given environment and waits for it to exit (or kills it). */
async function start(entry: string, env: Record<string, string>, timeoutMs = 10_000) {
  const started = Date.now();
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, DEMO: '0', DATA_DIR: 'memory://', DATABASE_URL: '', PORT: '0', WORKER_PORT: '0', ...env },
    cwd: ROOT,
  });
  captureOutput(child, 'config');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr, ms: Date.now() - started };
}

const BAD: [variable: string, value: string, says: RegExp][] = [
  ['DATABASE_URL', 'not a url', /is not a URL/],
  ['DATABASE_URL', 'postgres://banjie:hunter2-secret@db:port/banjie', /is not a URL/],
  ['DATABASE_URL', 'mysql://u@h/db', /protocol mysql: is not postgres/],
  ['PORT', '-1', /-1 is outside 0\.\.65535/],
  ['PORT', '70000', /outside 0\.\.65535/],
  ['PORT', 'eighty', /is not an integer/],
  ['LOG_LEVEL', 'loud', /must be one of fatal, error, warn, info, debug, trace, silent, not "loud"/],
  ['LOG_FORMAT', 'xml', /must be auto, json or pretty/],
  ['BANJIE_ROLE', 'boss', /must be all, api or worker/],
  ['DEMO', 'maybe', /is not a boolean/],
  ['DB_POOL_SIZE', '0', /outside 1\.\.1000/],
  ['CLOCK_START', 'yesterday', /is not an ISO date-time/],
  ['METRICS_TOKEN', 'short', /shorter than 16 characters/],
  ['READY_MAX_LAG', '-5', /outside 0\.\./],
  ['SHUTDOWN_TIMEOUT_MS', 'soon', /is not an integer/],
  ['WORKER_PORT', '99999', /outside 0\.\.65535/],
  ['PUBLIC_BASE_URL', 'ftp://banjie.example', /is not an http\(s\) origin/],
  ['PUBLIC_BASE_URL', 'https://user:pw@banjie.example', /is not an http\(s\) origin/],
  ['TRUSTED_PROXIES', '127.0.0.1,everyone', /"everyone" is not an address/],
  ['RATE_LIMIT_AUTH_FAILURES', 'lots', /is not a budget like 10\/1m/],
  ['RATE_LIMIT_FEEDBACK_LINK', '0/1m', /is not a budget/],
];

describe('configuration', () => {
  it.each(BAD)('%s=%s stops the API at start with one line naming it, exit ≠ 0', async (variable, value, says) => {
    const run = await start(DIST.api, { [variable]: value });
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull(); // exited by itself, not killed by the timeout
    expect(run.ms).toBeLessThan(5_000);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^banjie: ${variable}: `));
    expect(lines[0]).toMatch(says);
    expect(run.stdout).toBe(''); // nothing started
    expect(run.stderr).not.toContain('hunter2'); // a password in a bad URL is never echoed
  });

  it('NODE_ENV=production without PUBLIC_BASE_URL: the API refuses to start, naming it (links never come from request headers)', async () => {
    const run = await start(DIST.api, { NODE_ENV: 'production', METRICS_TOKEN: 'a-long-enough-metrics-token', PUBLIC_BASE_URL: '' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^banjie: PUBLIC_BASE_URL: is required with NODE_ENV=production/);
    expect(run.stdout).toBe('');
  });

  it('NODE_ENV=production without METRICS_TOKEN: refused too (/metrics is never public in production)', async () => {
    const run = await start(DIST.api, { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://banjie.example.gov.cn', METRICS_TOKEN: '' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^banjie: METRICS_TOKEN: is required with NODE_ENV=production/);
  });

  it('stops the worker the same way', async () => {
    const run = await start(DIST.worker, { LOG_LEVEL: 'loud' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('banjie: LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, not "loud"');
  });

  it('stops the CLI the same way', async () => {
    const run = await start(DIST.cli, { PORT: '-1' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('banjie: PORT: -1 is outside 0..65535');
  });
});
