import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The suite checks its own logs for leaked secrets. Two halves:
 *
 * - every test that creates a bearer token, a feedback-link token, a password… calls
 *   `recordSecret(value, 'what it is')` (values shorter than 12 characters are refused: they
 *   would match by accident);
 * - every spawned process's stdout/stderr is copied into the run's log folder by
 *   test/support/processes.ts (`startServer`, `runCli`, or your own `captureOutput(child, name)`).
 *
 * At the end of the run, test/support/global-teardown.js looks for every recorded secret in every
 * captured log and fails the run, naming the secret's label and the log file, if it finds one.
 * Both live under BANJIE_TEST_RUN_DIR, set by global-setup.js, so all Jest workers share them.
 */
function runDir(): string | null {
  const dir = process.env.BANJIE_TEST_RUN_DIR;
  if (!dir) return null;
  mkdirSync(join(dir, 'logs'), { recursive: true });
  return dir;
}

export function recordSecret(value: string, label = 'token'): void {
  if (value.length < 12) throw new Error(`recordSecret: "${label}" is too short to scan for reliably (${value.length} characters)`);
  const dir = runDir();
  if (dir) appendFileSync(join(dir, 'secrets.ndjson'), JSON.stringify({ label, value }) + '\n');
}

export function recordedSecrets(): { label: string; value: string }[] {
  const dir = runDir();
  const file = dir && join(dir, 'secrets.ndjson');
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

let sequence = 0;

/** A file in the run's log folder that a spawned process's output is appended to. */
export function logSink(name: string): (chunk: Buffer | string) => void {
  const dir = runDir();
  if (!dir) return () => undefined;
  const file = join(dir, 'logs', `${name}-${process.pid}-${++sequence}.log`);
  return (chunk) => appendFileSync(file, chunk);
}

/** Copies a child process's stdout and stderr into the run's log folder. */
export function captureOutput(child: { stdout?: NodeJS.ReadableStream | null; stderr?: NodeJS.ReadableStream | null }, name: string): void {
  const sink = logSink(name);
  child.stdout?.on('data', sink);
  child.stderr?.on('data', sink);
}

export interface Leak {
  label: string;
  file: string;
}

/** Every (secret, text) pair where the secret occurs in the text. */
export function findLeaks(texts: { file: string; text: string }[], secrets = recordedSecrets()): Leak[] {
  const leaks: Leak[] = [];
  for (const { file, text } of texts) for (const s of secrets) if (text.includes(s.value)) leaks.push({ label: s.label, file });
  return leaks;
}
