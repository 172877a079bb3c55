import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Embedded PGlite served over a private unix socket, so the rest of banjie reaches it through
 * `pg` exactly as it reaches PostgreSQL. PGlite is one backend: the socket server takes one
 * connection and the caller's pool must be sized 1 (STACK-NOTES: several clients interleave
 * their extended-protocol messages and hang). A lock file keeps a second process out of the
 * data folder, since nothing in PGlite does.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: { close(): Promise<void> },
    private readonly server: { stop(): Promise<void> },
    readonly socketDir: string,
    private readonly lockFile: string | null,
  ) {}

  static readonly MEMORY = 'memory://';

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const memory = dataDir === EmbeddedPostgres.MEMORY;
    const folder = memory ? null : resolve(dataDir);
    const lockFile = folder ? acquireLock(folder) : null;
    try {
      // Both packages are ESM with a CommonJS build that calls import(); load them lazily so a
      // PostgreSQL deployment never pays for the WASM.
      const { PGlite } = await import('@electric-sql/pglite');
      const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
      const db = await PGlite.create(folder ? join(folder, 'pglite') : 'memory://');
      const socketDir = mkdtempSync(join(tmpdir(), 'banjie-pg-'));
      const server = new PGLiteSocketServer({ db, path: join(socketDir, '.s.PGSQL.5432'), maxConnections: 1 });
      await server.start();
      return new EmbeddedPostgres(db, server, socketDir, lockFile);
    } catch (error) {
      if (lockFile) releaseLock(lockFile);
      throw error;
    }
  }

  /** `pg` connection options for the single connection this database can serve. */
  connectionOptions() {
    return { host: this.socketDir, port: 5432, username: 'postgres', database: 'postgres' };
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    rmSync(this.socketDir, { recursive: true, force: true });
    if (this.lockFile) releaseLock(this.lockFile);
  }
}

export class DataDirLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(
      `data folder ${folder} is in use by another banjie process (pid ${pid}); ` +
        `stop it or set DATA_DIR to another folder (PGlite is single-process)`,
    );
    this.name = 'DataDirLockedError';
  }
}

function acquireLock(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'banjie.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid && isAlive(pid)) throw new DataDirLockedError(folder, pid);
      unlinkSync(file); // left by a process that died: take it over
    }
  }
  throw new Error(`could not lock data folder ${folder}`);
}

function releaseLock(file: string) {
  try {
    if (Number(readFileSync(file, 'utf8').trim()) === process.pid) unlinkSync(file);
  } catch {
    /* already gone */
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
