/**
 * A PostgreSQL 15 cluster of a test's own, made with Debian's `pg_createcluster` on a free
 * loopback port with its data in a temporary folder, and dropped at the end (also when the test
 * process dies: see owned.ts). For tests that stop, kill or replicate a server — never the shared
 * server on 5432.
 *
 *   const primary = await PgCluster.create({ settings: { wal_level: 'replica' } });
 *   const standby = await PgCluster.standbyOf(primary);      // pg_basebackup -R, started
 *   await primary.query('SELECT 1');  primary.url('mydb');
 *   await standby.stop();  await standby.start();  primary.kill9();
 *   await standby.drop();  await primary.drop();              // pg_dropcluster --stop
 *
 * Names are `bjt_<pid>_<random>`: a later run drops clusters left by a test process that no
 * longer exists (a killed Jest worker), and nothing else.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../processes';
import { alive, ownedTempDir, registerCleanup, run, waitFor } from './owned';

export const PG_VERSION = '15';
export const PG_BIN = `/usr/lib/postgresql/${PG_VERSION}/bin`;
const NAME_PATTERN = /^bjt_(\d+)_[0-9a-f]+$/;

export interface PgClusterOptions {
  /** postgresql.conf settings (written to the cluster's conf.d). */
  settings?: Record<string, string | number>;
  /** Start it (default true). */
  start?: boolean;
}

export class PgCluster {
  private dropped = false;
  private readonly unregister: () => void;

  private constructor(
    readonly name: string,
    readonly port: number,
    /** The temporary folder holding the data directory and the server log. */
    readonly dir: string,
    private readonly removeDir: () => void,
  ) {
    this.unregister = registerCleanup({ dropCluster: name, version: PG_VERSION });
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  get logFile(): string {
    return join(this.dir, 'server.log');
  }

  /** A new cluster (trust authentication on loopback and the socket), started unless asked not to. */
  static async create(options: PgClusterOptions = {}): Promise<PgCluster> {
    sweepStaleClusters();
    const name = `bjt_${process.pid}_${randomBytes(4).toString('hex')}`;
    const port = await freePort();
    const dir = ownedTempDir(`${name}-`);
    const settings = { listen_addresses: '127.0.0.1', ...options.settings };
    try {
      await run('pg_createcluster', [
        PG_VERSION,
        name,
        '--port',
        String(port),
        '--datadir',
        join(dir.path, 'data'),
        '--logfile',
        join(dir.path, 'server.log'),
        '--start-conf',
        'manual',
        '--',
        '--auth-local=trust',
        '--auth-host=trust',
        '--no-sync',
      ]);
    } catch (error) {
      dir.remove();
      throw error;
    }
    const cluster = new PgCluster(name, port, dir.path, dir.remove);
    try {
      // Debian's postgresql.conf includes conf.d/: the test's settings go there, quoted.
      writeFileSync(
        `/etc/postgresql/${PG_VERSION}/${name}/conf.d/banjie-test.conf`,
        Object.entries(settings)
          .map(([k, v]) => `${k} = '${String(v).replace(/'/g, "''")}'\n`)
          .join(''),
      );
      if (options.start !== false) await cluster.start();
    } catch (error) {
      await cluster.drop().catch(() => undefined);
      throw error;
    }
    return cluster;
  }

  /**
   * A hot standby of `primary`: a cluster of its own whose data directory is replaced by
   * `pg_basebackup -R -X stream` (streaming from the primary, `standby.signal` written), started.
   */
  static async standbyOf(primary: PgCluster, options: PgClusterOptions = {}): Promise<PgCluster> {
    const standby = await PgCluster.create({ ...options, start: false });
    try {
      for (const entry of readdirSync(standby.dataDir)) rmSync(join(standby.dataDir, entry), { recursive: true, force: true });
      await run(
        `${PG_BIN}/pg_basebackup`,
        ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', standby.dataDir, '-R', '-X', 'stream', '-c', 'fast'],
        { asPostgres: true },
      );
      if (options.start !== false) await standby.start();
      return standby;
    } catch (error) {
      await standby.drop();
      throw error;
    }
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** One statement on a short-lived connection. */
  async query<R = Record<string, unknown>>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<R[]> {
    const client = new Client({ connectionString: this.url(database), connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as R[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async createDatabase(name: string): Promise<string> {
    await this.query(`CREATE DATABASE ${name}`);
    return this.url(name);
  }

  async start(): Promise<void> {
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', PG_VERSION, this.name, 'start']);
    await waitFor(`${this.name} to accept connections`, () => this.query('SELECT 1').then(() => true), 30_000);
  }

  async stop(mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!this.running()) return;
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', '--mode', mode, PG_VERSION, this.name, 'stop']);
  }

  /** The postmaster's process id, or null when it is not running. */
  postmasterPid(): number | null {
    const file = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(file)) return null;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return pid > 0 && alive(pid) ? pid : null;
  }

  running(): boolean {
    return this.postmasterPid() !== null;
  }

  /** kill -9 of the postmaster (its backends notice and exit; the data directory needs crash recovery). */
  kill9(): number {
    const pid = this.postmasterPid();
    if (pid === null) throw new Error(`${this.name} is not running`);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /** pg_dropcluster --stop and the temporary folder removed. Idempotent. */
  async drop(): Promise<void> {
    if (this.dropped) return;
    this.dropped = true;
    try {
      await run('pg_dropcluster', ['--stop', PG_VERSION, this.name]);
    } catch (error) {
      // A postmaster killed with -9 can leave backends for a moment; stop them and try once more.
      await run(`${PG_BIN}/pg_ctl`, ['stop', '-D', this.dataDir, '-m', 'immediate'], { asPostgres: true }).catch(() => undefined);
      await run('pg_dropcluster', ['--stop', PG_VERSION, this.name]).catch(() => {
        throw error;
      });
    } finally {
      this.removeDir();
      this.unregister();
    }
  }
}

/**
 * Drops `bjt_<pid>_…` clusters whose test process is gone (a run killed before its teardown).
 * Clusters of live processes — other engineers' runs, parallel Jest workers — are left alone.
 */
export function sweepStaleClusters(): void {
  let listing: string;
  try {
    listing = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  } catch {
    return;
  }
  for (const line of listing.split('\n')) {
    const [version, name] = line.trim().split(/\s+/);
    const m = name ? NAME_PATTERN.exec(name) : null;
    if (!m || version !== PG_VERSION || alive(Number(m[1]))) continue;
    try {
      execFileSync('pg_dropcluster', ['--stop', version, name], { stdio: 'ignore' });
    } catch {
      /* another sweeper got there first */
    }
  }
}
