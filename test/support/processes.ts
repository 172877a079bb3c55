import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { captureOutput } from './secrets';

export const ROOT = join(__dirname, '../..');
export const DIST = {
  api: join(ROOT, 'dist/apps/api/src/main.js'),
  worker: join(ROOT, 'dist/apps/worker/src/main.js'),
  cli: join(ROOT, 'dist/apps/cli/src/main.js'),
};

/** Runs the built CLI to completion. */
export async function runCli(args: string[], env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [DIST.cli, ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, cwd: ROOT });
  captureOutput(child, 'cli'); // scanned for leaked secrets at the end of the run (secrets.ts)
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts the built API process and waits until GET /health answers. */
export async function startServer(env: Record<string, string | undefined>, timeoutMs = 60_000) {
  const port = await freePort();
  const child = spawn(process.execPath, [DIST.api], { env: { ...process.env, PORT: String(port), DEMO: '0', ...env }, cwd: ROOT });
  captureOutput(child, 'api'); // scanned for leaked secrets at the end of the run (secrets.ts)
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /health within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base, port, output: () => output, stop: () => stopProcess(child) };
}

/**
 * Polls `probe` every `intervalMs` until it returns a value (not undefined), at most `timeoutMs`;
 * then fails naming `what`. A condition with a bound, never a sleep standing in for one. An error
 * the probe throws ends the wait at once.
 */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill(signal);
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

/** Starts the built worker process (projector, alerts, deadline watcher) and waits until its /health/live answers. */
export async function startWorker(env: Record<string, string | undefined>, timeoutMs = 60_000) {
  const port = await freePort();
  const child = spawn(process.execPath, [DIST.worker], {
    env: { ...process.env, DEMO: '0', ...env, WORKER_PORT: String(port) },
    cwd: ROOT,
  });
  captureOutput(child, 'worker');
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/health/live`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`worker did not answer /health/live within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base, port, output: () => output, stop: () => stopProcess(child) };
}
