/**
 * Processes and folders a cluster test owns, and the promise that they go away: the test's own
 * teardown stops and removes them; if the test process dies first (a Jest timeout, a crash,
 * SIGKILL), a detached reaper (reaper.js) that watches it undoes what is still registered here —
 * Jest's sandbox never delivers `process.on('exit')` to test code, so an exit hook would not do.
 * Nothing here touches a process or a cluster this module did not start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';

/** What the reaper undoes if the test process dies before its teardown (see reaper.js). */
export type CleanupAction = { kill: number } | { postmaster: string } | { dropCluster: string; version: string } | { remove: string };

const registered = new Map<number, CleanupAction>();
let nextId = 1;
let stateFile: string | null = null;

function saveState(): void {
  if (!stateFile) {
    stateFile = join(tmpdir(), `banjie-reaper-${process.pid}-${randomBytes(4).toString('hex')}.json`);
    writeFileSync(stateFile, '[]');
    spawn(process.execPath, [join(__dirname, 'reaper.js'), String(process.pid), stateFile], { detached: true, stdio: 'ignore' }).unref();
  }
  writeFileSync(stateFile, JSON.stringify([...registered.values()]));
}

/** Registers an undo step for the reaper; returns a function that unregisters it (call it once done). */
export function registerCleanup(action: CleanupAction): () => void {
  const id = nextId++;
  registered.set(id, action);
  saveState();
  return () => {
    if (registered.delete(id)) saveState();
  };
}

/** The `postgres` operating-system user (PostgreSQL and Patroni refuse to run as root). */
export function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null; // not root: everything runs as ourselves
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/** A temporary folder the postgres user can use; removed (recursively) by `remove`. */
export function ownedTempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(path, 0o755);
  const pg = postgresUser();
  if (pg) chownSync(path, pg.uid, pg.gid);
  const unregister = registerCleanup({ remove: path });
  return {
    path,
    remove() {
      rmSync(path, { recursive: true, force: true });
      unregister();
    },
  };
}

export interface OwnedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last 64 KB of its stdout and stderr (for error messages). */
  output(): string;
  running(): boolean;
  /** Sends `signal` and waits for the exit; SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
  /** kill -9, without waiting. */
  kill9(): void;
  /** Resolves when the process has exited. */
  exited(): Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run as the postgres user (when we are root). */
  asPostgres?: boolean;
  /** Also append the output here. */
  logFile?: string;
}

/** Spawns a process this test owns: killed on teardown, or with SIGKILL on process exit. */
export function spawnOwned(name: string, command: string, args: string[], options: SpawnOptions = {}): OwnedProcess {
  const pg = options.asPostgres ? postgresUser() : null;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...(pg ? { HOME: '/var/lib/postgresql', USER: 'postgres', LOGNAME: 'postgres' } : {}), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(pg ? { uid: pg.uid, gid: pg.gid } : {}),
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  const pid = child.pid;
  let tail = '';
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
  const collect = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-65_536);
    log?.write(d);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exit = once(child, 'exit').then(() => undefined);
  const running = () => child.exitCode === null && child.signalCode === null;
  const unregister = registerCleanup({ kill: pid });
  void exit.then(() => {
    unregister();
    log?.end();
  });
  return {
    name,
    child,
    pid,
    output: () => tail,
    running,
    exited: () => exit,
    kill9() {
      if (running()) process.kill(pid, 'SIGKILL');
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000) {
      if (!running()) return;
      process.kill(pid, signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
      const outcome = await Promise.race([exit, late]);
      clearTimeout(timer);
      if (outcome === 'late' && running()) {
        process.kill(pid, 'SIGKILL');
        await exit;
      }
    },
  };
}

/** Runs a command to completion (as postgres when asked); throws with its output when it fails. */
export async function run(
  command: string,
  args: string[],
  options: { asPostgres?: boolean; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<string> {
  const pg = options.asPostgres ? postgresUser() : null;
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(pg ? { uid: pg.uid, gid: pg.gid } : {}),
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${out}`);
  return out;
}

/** Polls `probe` until it returns a value that is not undefined/false, at most `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message ?? last}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Is this process id alive (signal 0)? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
