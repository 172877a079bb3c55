/**
 * Whether this machine can run a test's own clusters, as decided once per run by
 * test/support/global-setup.js (off CI a missing tool skips those suites with one printed line;
 * with CI=true it fails the run): `pg_createcluster` clusters need Debian's postgresql-common
 * and root (PostgreSQL itself runs as the postgres user); Patroni clusters also need the
 * `patroni`, `etcd-server` and `haproxy` packages.
 */
export function pgClustersAvailable(): boolean {
  return process.env.BANJIE_TEST_PG_CLUSTERS === '1';
}

export function patroniAvailable(): boolean {
  return process.env.BANJIE_TEST_PATRONI === '1';
}

/** describe() when the test's own PostgreSQL clusters can run here, else skipped. */
export const describeWithPgClusters: jest.Describe = ((...args: Parameters<jest.Describe>) =>
  (pgClustersAvailable() ? describe : describe.skip)(...args)) as jest.Describe;

/** describe() when Patroni, etcd and HAProxy can run here, else skipped. */
export const describeWithPatroni: jest.Describe = ((...args: Parameters<jest.Describe>) =>
  (patroniAvailable() ? describe : describe.skip)(...args)) as jest.Describe;
