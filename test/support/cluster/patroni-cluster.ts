/**
 * A Patroni cluster of a test's own, from Debian's packages, everything on free 127.0.0.1 ports
 * under one temporary folder: one etcd (v3 API), N Patroni nodes each running PostgreSQL 15, and
 * HAProxy in front — a primary port routed by Patroni's REST `GET /primary` and a replica port by
 * `GET /replica`, sessions cut when a server is marked down (what node-postgres needs: it cannot
 * use libpq multi-host URIs). The same topology as docker/compose.ha.yml.
 *
 *   const ha = await PatroniCluster.start({ nodes: 2 });   // waits for a leader (+ sync standby)
 *   ha.primaryUrl('postgres');  ha.replicaUrl('postgres');
 *   const leader = await ha.leader();
 *   ha.kill9Postgres(leader);  /  ha.kill9Patroni(leader);  await ha.restartPatroni(leader);
 *   await ha.waitForLeader({ not: leader.name });  await ha.waitForHealthy();
 *   await ha.stop();                                       // everything stopped, folder removed
 *
 * Defaults (ttl 20 s, loop_wait 2 s, retry_timeout 5 s, synchronous_mode on, primary_start_timeout 0)
 * are what docs/deploy.md discusses; every process is also killed on process exit (owned.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../processes';
import { alive, ownedTempDir, registerCleanup, run, spawnOwned, waitFor, type OwnedProcess } from './owned';
import { PG_BIN } from './pg-cluster';

export interface PatroniClusterOptions {
  /** PostgreSQL nodes (default 2). */
  nodes?: number;
  /** Leader lock TTL in seconds (Patroni's minimum, 20, by default). */
  ttl?: number;
  loopWait?: number;
  retryTimeout?: number;
  /** Patroni's synchronous_mode: a commit returns once a standby has it (default true). */
  synchronousMode?: boolean;
  /** Seconds a crashed primary may take to restart in place before a failover (default 0: fail over at once). */
  primaryStartTimeout?: number;
  /** Extra postgresql.conf parameters for every node. */
  parameters?: Record<string, string | number>;
}

export interface PatroniNode {
  name: string;
  pgPort: number;
  restPort: number;
  dataDir: string;
  configFile: string;
  patroni: OwnedProcess | null;
}

export interface Member {
  name: string;
  role: 'leader' | 'replica' | 'sync_standby' | 'standby_leader' | string;
  state: string;
  lag?: number | string;
  timeline?: number;
}

export class PatroniCluster {
  private etcd: OwnedProcess | null = null;
  private haproxy: OwnedProcess | null = null;
  readonly nodes: PatroniNode[] = [];
  private readonly unregister: (() => void)[] = [];
  private stopped = false;

  private constructor(
    readonly dir: string,
    private readonly removeDir: () => void,
    readonly options: Required<Omit<PatroniClusterOptions, 'parameters'>> & { parameters: Record<string, string | number> },
    readonly ports: { etcdClient: number; etcdPeer: number; primary: number; replicas: number },
  ) {}

  static async start(options: PatroniClusterOptions = {}): Promise<PatroniCluster> {
    const opts = {
      nodes: options.nodes ?? 2,
      ttl: options.ttl ?? 20,
      loopWait: options.loopWait ?? 2,
      retryTimeout: options.retryTimeout ?? 5,
      synchronousMode: options.synchronousMode ?? true,
      primaryStartTimeout: options.primaryStartTimeout ?? 0,
      parameters: options.parameters ?? {},
    };
    const dir = ownedTempDir('bjt-patroni-');
    const ports = { etcdClient: await freePort(), etcdPeer: await freePort(), primary: await freePort(), replicas: await freePort() };
    const cluster = new PatroniCluster(dir.path, dir.remove, opts, ports);
    try {
      await cluster.startEtcd();
      for (let i = 1; i <= opts.nodes; i++) {
        const node: PatroniNode = {
          name: `node${i}`,
          pgPort: await freePort(),
          restPort: await freePort(),
          dataDir: join(dir.path, `node${i}`, 'data'),
          configFile: join(dir.path, `node${i}.yml`),
          patroni: null,
        };
        cluster.nodes.push(node);
        // Patroni's postmaster outlives a SIGKILLed Patroni: the reaper stops it by data directory.
        cluster.unregister.push(registerCleanup({ postmaster: node.dataDir }));
        cluster.writeNodeConfig(node);
      }
      // The first node bootstraps alone (initdb); the others then clone it with pg_basebackup.
      cluster.startPatroni(cluster.nodes[0]);
      await cluster.waitForLeader({ timeoutMs: 60_000 });
      for (const node of cluster.nodes.slice(1)) cluster.startPatroni(node);
      await cluster.startHaproxy();
      await cluster.waitForHealthy(90_000);
      return cluster;
    } catch (error) {
      const logs = cluster.nodes.map((n) => `--- ${n.name}\n${n.patroni?.output().slice(-3000) ?? ''}`).join('\n');
      await cluster.stop();
      throw new Error(`${(error as Error).message}\n${logs}`, { cause: error });
    }
  }

  /** HAProxy's primary port: always the current leader (connections cut when it changes). */
  primaryUrl(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.ports.primary}/${database}`;
  }

  /** HAProxy's replica port: the healthy standbys, round robin. */
  replicaUrl(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.ports.replicas}/${database}`;
  }

  nodeUrl(node: PatroniNode, database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${node.pgPort}/${database}`;
  }

  /** The members as Patroni's REST `GET /cluster` of any node that answers reports them. */
  async members(): Promise<Member[]> {
    let lastError: unknown = new Error('no Patroni node is running');
    for (const node of this.nodes) {
      if (!node.patroni?.running()) continue;
      try {
        const res = await fetch(`http://127.0.0.1:${node.restPort}/cluster`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return ((await res.json()) as { members: Member[] }).members;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  async leader(): Promise<PatroniNode> {
    const members = await this.members();
    const leader = members.find((m) => m.role === 'leader' && m.state === 'running');
    if (!leader) throw new Error(`no running leader: ${JSON.stringify(members)}`);
    return this.node(leader.name);
  }

  node(name: string): PatroniNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  }

  /** Waits until a leader runs and answers writes through HAProxy's primary port (when HAProxy runs). */
  async waitForLeader(options: { not?: string; timeoutMs?: number } = {}): Promise<PatroniNode> {
    return waitFor(
      `a leader${options.not ? ` other than ${options.not}` : ''}`,
      async () => {
        const leader = await this.leader().catch(() => undefined);
        if (!leader || leader.name === options.not) return undefined;
        const res = await fetch(`http://127.0.0.1:${leader.restPort}/primary`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
        return res?.status === 200 ? leader : undefined;
      },
      options.timeoutMs ?? 60_000,
      200,
    );
  }

  /**
   * Waits until every node runs: one leader, the others streaming (and, in synchronous mode, one of
   * them the synchronous standby), and HAProxy's primary port answering writes.
   */
  async waitForHealthy(timeoutMs = 60_000): Promise<void> {
    await waitFor(
      'a healthy cluster (leader, streaming standbys, a synchronous standby)',
      async () => {
        const members = await this.members();
        if (members.length !== this.nodes.length || members.some((m) => m.state !== 'running' && m.state !== 'streaming')) return false;
        if (members.filter((m) => m.role === 'leader').length !== 1) return false;
        if (this.options.synchronousMode && !members.some((m) => m.role === 'sync_standby')) return false;
        if (!this.haproxy) return true;
        const rows = await queryOnce(this.primaryUrl(), `SELECT pg_is_in_recovery() AS standby`);
        return rows[0].standby === false;
      },
      timeoutMs,
      500,
    );
  }

  /** kill -9 of the node's postmaster (Patroni stays up and notices). Returns the killed pid. */
  kill9Postgres(node: PatroniNode): number {
    const pid = postmasterPid(node.dataDir);
    if (pid === null) throw new Error(`${node.name}: PostgreSQL is not running`);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /** kill -9 of the node's Patroni process (its PostgreSQL keeps running, unsupervised). */
  kill9Patroni(node: PatroniNode): void {
    if (!node.patroni?.running()) throw new Error(`${node.name}: Patroni is not running`);
    node.patroni.kill9();
  }

  /** Starts the node's Patroni again (after kill9Patroni): it demotes a stale primary and rejoins. */
  async restartPatroni(node: PatroniNode): Promise<void> {
    await node.patroni?.exited();
    this.startPatroni(node);
  }

  /** Stops everything this cluster started and removes its folder. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.haproxy?.stop('SIGTERM', 5000);
    // Patroni stops its PostgreSQL on SIGTERM; one that is slow about it (a replica waiting on a
    // gone leader) is killed, and any postmaster it leaves is stopped by data directory.
    await Promise.all(this.nodes.map((n) => n.patroni?.stop('SIGTERM', 15_000) ?? Promise.resolve()));
    for (const n of this.nodes) {
      if (postmasterPid(n.dataDir) !== null)
        await run(`${PG_BIN}/pg_ctl`, ['stop', '-D', n.dataDir, '-m', 'immediate', '-w', '-t', '20'], { asPostgres: true }).catch(() =>
          stopPostmasterSync(n.dataDir),
        );
    }
    await this.etcd?.stop('SIGTERM', 5000);
    this.removeDir();
    for (const u of this.unregister) u();
  }

  /** The etcd, Patroni and HAProxy output, for a failing test's message. */
  logs(chars = 4000): string {
    return [this.etcd, this.haproxy, ...this.nodes.map((n) => n.patroni)]
      .filter((p): p is OwnedProcess => !!p)
      .map((p) => `--- ${p.name}\n${p.output().slice(-chars)}`)
      .join('\n');
  }

  private async startEtcd(): Promise<void> {
    const { etcdClient, etcdPeer } = this.ports;
    const client = `http://127.0.0.1:${etcdClient}`;
    const peer = `http://127.0.0.1:${etcdPeer}`;
    this.etcd = spawnOwned(
      'etcd',
      'etcd',
      [
        '--name',
        'etcd1',
        '--data-dir',
        join(this.dir, 'etcd'),
        '--listen-client-urls',
        client,
        '--advertise-client-urls',
        client,
        '--listen-peer-urls',
        peer,
        '--initial-advertise-peer-urls',
        peer,
        '--initial-cluster',
        `etcd1=${peer}`,
        '--initial-cluster-state',
        'new',
        '--log-level',
        'warn',
      ],
      { asPostgres: true, logFile: join(this.dir, 'etcd.log') },
    );
    await waitFor('etcd to answer', async () => (await fetch(`${client}/health`, { signal: AbortSignal.timeout(1000) })).ok, 30_000, 200);
  }

  private writeNodeConfig(node: PatroniNode): void {
    const o = this.options;
    const params = { max_connections: 100, ...o.parameters };
    // Trust on loopback only: the cluster is a test's own and listens on 127.0.0.1.
    writeFileSync(
      node.configFile,
      `scope: banjie-test
namespace: /banjie/
name: ${node.name}
log:
  level: INFO
restapi:
  listen: 127.0.0.1:${node.restPort}
  connect_address: 127.0.0.1:${node.restPort}
etcd3:
  hosts: 127.0.0.1:${this.ports.etcdClient}
bootstrap:
  dcs:
    ttl: ${o.ttl}
    loop_wait: ${o.loopWait}
    retry_timeout: ${o.retryTimeout}
    maximum_lag_on_failover: 1048576
    primary_start_timeout: ${o.primaryStartTimeout}
    synchronous_mode: ${o.synchronousMode}
    synchronous_mode_strict: false
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
${Object.entries(params)
  .map(([k, v]) => `        ${k}: ${JSON.stringify(String(v))}`)
  .join('\n')}
  initdb:
  - encoding: UTF8
  - locale: C.UTF-8
  - no-sync
  pg_hba:
  - local all all trust
  - host replication all 127.0.0.1/32 trust
  - host all all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:${node.pgPort}
  connect_address: 127.0.0.1:${node.pgPort}
  data_dir: ${node.dataDir}
  bin_dir: ${PG_BIN}
  pgpass: ${join(this.dir, `${node.name}.pgpass`)}
  remove_data_directory_on_rewind_failure: true
  remove_data_directory_on_diverged_timelines: true
  authentication:
    replication: { username: postgres, password: unused-trust }
    superuser: { username: postgres, password: unused-trust }
    rewind: { username: postgres, password: unused-trust }
  parameters:
    unix_socket_directories: ${this.dir}
watchdog:
  mode: off
tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false }
`,
    );
  }

  private startPatroni(node: PatroniNode): void {
    node.patroni = spawnOwned(`patroni ${node.name}`, 'patroni', [node.configFile], {
      asPostgres: true,
      logFile: join(this.dir, `${node.name}.log`),
    });
  }

  private async startHaproxy(): Promise<void> {
    const backend = (check: string) =>
      [
        `    option httpchk GET ${check}`,
        '    http-check expect status 200',
        ...this.nodes.map((n) => `    server ${n.name} 127.0.0.1:${n.pgPort} maxconn 200 check port ${n.restPort}`),
      ].join('\n');
    const file = join(this.dir, 'haproxy.cfg');
    // inter 1s fall 2: a dead leader is out within ~2 s; shutdown-sessions cuts the pooled
    // connections to it, so no client keeps writing to a primary Patroni no longer vouches for.
    writeFileSync(
      file,
      `global
    maxconn 500
defaults
    mode tcp
    retries 2
    timeout client 30m
    timeout server 30m
    timeout connect 2s
    timeout check 2s
    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
listen primary
    bind 127.0.0.1:${this.ports.primary}
${backend('/primary')}
listen replicas
    bind 127.0.0.1:${this.ports.replicas}
    balance roundrobin
${backend('/replica')}
`,
    );
    this.haproxy = spawnOwned('haproxy', 'haproxy', ['-f', file, '-db'], { logFile: join(this.dir, 'haproxy.log') });
    await waitFor('HAProxy to listen', () => queryOnce(this.primaryUrl(), 'SELECT 1').then(() => true), 30_000, 250);
  }
}

async function queryOnce(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return pid > 0 && alive(pid) ? pid : null;
}

/** When pg_ctl cannot stop it: SIGKILL the postmaster (its backends follow). */
function stopPostmasterSync(dataDir: string): void {
  const pid = postmasterPid(dataDir);
  if (pid !== null) process.kill(pid, 'SIGKILL');
}
