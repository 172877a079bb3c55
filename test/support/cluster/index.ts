/**
 * Clusters of a test's own, for suites that stop, kill, replicate or fail over a database — never
 * the shared server on 5432. Everything binds 127.0.0.1 on ports from the OS, lives under a
 * temporary folder, and is removed by the test's teardown or, if the test process is killed, by a
 * detached reaper (owned.ts).
 *
 *   // one PostgreSQL 15 cluster (pg_createcluster; trust on loopback), and a hot standby of it
 *   const pg = await PgCluster.create({ settings: { hot_standby_feedback: 'on' } });
 *   const url = await pg.createDatabase('banjie');            // postgres://postgres@127.0.0.1:<port>/banjie
 *   const standby = await PgCluster.standbyOf(pg);            // pg_basebackup -R -X stream, started
 *   await pg.stop('fast' | 'immediate');  await pg.start();  pg.kill9();  pg.running();
 *   await pg.query('SELECT …', params, database);
 *   await standby.drop();  await pg.drop();                   // pg_dropcluster --stop, folder removed
 *
 *   // Patroni + etcd + HAProxy (primary port by GET /primary, replica port by GET /replica)
 *   const ha = await PatroniCluster.start({ nodes: 2 });      // ttl 20, synchronous_mode, …
 *   ha.primaryUrl('banjie');  ha.replicaUrl('banjie');  await ha.leader();
 *   ha.kill9Postgres(node);  ha.kill9Patroni(node);  await ha.restartPatroni(node);
 *   await ha.waitForLeader({ not: node.name });  await ha.waitForHealthy();  await ha.stop();
 *
 *   // anything else the test starts, so a killed run does not leave it behind
 *   const forget = registerCleanup({ kill: child.pid });  …  forget();
 *
 * Suites wrap themselves in `describeWithPgClusters` / `describeWithPatroni`: skipped off CI
 * when a tool (or root) is missing, a failure with CI=true (test/support/global-setup.js).
 */
export * from './owned';
export * from './pg-cluster';
export * from './patroni-cluster';
export * from './ha-availability';
