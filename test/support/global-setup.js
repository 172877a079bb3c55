// Decides once per run which real backends the suites can use, and says why one is skipped.
// Off CI a missing PostgreSQL or Chromium skips its suites with one printed line; with CI=true it
// fails the run, because CI must prove both (DEVELOPERS.md, non-negotiable 1).
const { Client } = require('pg');
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');

module.exports = async function globalSetup() {
  // Process-level tests (npm start, the CLI, crash tests) run the built output; swc takes < 1 s.
  execSync('npm run -s build', { cwd: require('node:path').join(__dirname, '../..'), stdio: 'inherit' });

  // Where spawned processes' output and the secrets tests create are collected, for the leak scan
  // in global-teardown.js (see test/support/secrets.ts).
  process.env.BANJIE_TEST_RUN_DIR = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'banjie-run-'));

  process.env.BANJIE_PGLITE_TEMPLATE = await pgliteTemplate();
  process.env.BANJIE_PGLITE_APP_TEMPLATE = await pgliteAppTemplate(process.env.BANJIE_PGLITE_TEMPLATE);

  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const url = process.env.TEST_DATABASE_URL;
  let pgReason = null;
  if (!url) pgReason = 'TEST_DATABASE_URL is not set';
  else {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      pgReason = `PostgreSQL at TEST_DATABASE_URL is unreachable (${error.message})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (pgReason && ci) throw new Error(`CI=true but ${pgReason}: the PostgreSQL suites must run in CI`);
  if (pgReason) console.log(`\n[banjie] skipping PostgreSQL suites: ${pgReason}`);
  process.env.BANJIE_TEST_PG = pgReason ? '' : url;

  // A test's own clusters (failover, replicas, outages): pg_createcluster as root, and for the
  // HA suites Patroni + etcd + HAProxy from Debian's packages (.ci/run installs them).
  const missing = (tools) => tools.filter((t) => !onPath(t));
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  let clusterReason = null;
  const clusterTools = missing(['pg_createcluster', 'pg_ctlcluster', 'pg_dropcluster', 'pg_lsclusters']);
  if (clusterTools.length) clusterReason = `${clusterTools.join(', ')} not found (apt-get install postgresql-common postgresql-15)`;
  else if (!root) clusterReason = 'not running as root (pg_createcluster needs root; PostgreSQL then runs as the postgres user)';
  else if (!existsSync('/usr/lib/postgresql/15/bin/pg_basebackup')) clusterReason = 'PostgreSQL 15 binaries not found';
  const haTools = missing(['patroni', 'etcd', 'haproxy']);
  const patroniReason =
    clusterReason ?? (haTools.length ? `${haTools.join(', ')} not found (apt-get install patroni etcd-server haproxy)` : null);
  if (clusterReason && ci) throw new Error(`CI=true but ${clusterReason}: the own-cluster suites must run in CI`);
  if (patroniReason && ci) throw new Error(`CI=true but ${patroniReason}: the Patroni failover suites must run in CI`);
  if (clusterReason) console.log(`[banjie] skipping own-cluster suites (failover, replicas, outages): ${clusterReason}`);
  else if (patroniReason) console.log(`[banjie] skipping Patroni failover suites: ${patroniReason}`);
  process.env.BANJIE_TEST_PG_CLUSTERS = clusterReason ? '' : '1';
  process.env.BANJIE_TEST_PATRONI = patroniReason ? '' : '1';

  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const browserReason = existsSync(chromium) ? null : `${chromium} not found (apt-get install chromium)`;
  if (browserReason && ci) throw new Error(`CI=true but ${browserReason}: the browser suites must run in CI`);
  if (browserReason) console.log(`[banjie] skipping browser suites: ${browserReason}`);
  process.env.BANJIE_TEST_CHROMIUM = browserReason ? '' : chromium;
};

function onPath(tool) {
  try {
    execSync(`command -v ${tool}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A freshly initdb'd PGlite folder, made once and copied for every test database: initdb in WASM
 * costs 5–20 s on two busy cores, reopening a copied folder about one. It holds no banjie schema
 * (each test still runs its migrations). Built aside and renamed, so parallel runs can't see half
 * of one.
 */
async function pgliteTemplate() {
  const path = require('node:path');
  const fs = require('node:fs');
  const os = require('node:os');
  const version = JSON.parse(fs.readFileSync(path.join(__dirname, '../../node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
  const dir = path.join(os.tmpdir(), `banjie-pglite-template-${version}`);
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  const building = fs.mkdtempSync(path.join(os.tmpdir(), 'banjie-pglite-building-'));
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(path.join(building, 'pg'));
  await db.query('SELECT 1');
  await db.close();
  try {
    fs.renameSync(path.join(building, 'pg'), dir);
  } catch {
    /* another run made it first */
  }
  fs.rmSync(building, { recursive: true, force: true });
  return dir;
}

/**
 * The template with every banjie migration applied, made once per run from this build (so a
 * branch's new migration is always in it): a whole app started on a copy finds no migration
 * pending. Migrating costs 3–20 s on PGlite depending on the machine's load, and the e2e suites
 * start an app per describe and per backend. Only apps get it; library suites open the bare
 * template and run the migrations they test.
 */
async function pgliteAppTemplate(bare) {
  const path = require('node:path');
  const fs = require('node:fs');
  const dir = path.join(process.env.BANJIE_TEST_RUN_DIR, 'pglite-app-template');
  fs.cpSync(bare, path.join(dir, 'pglite'), { recursive: true });
  const dist = path.join(__dirname, '../../dist/libs');
  const { Database } = require(path.join(dist, 'event-store/src/index.js'));
  const { ALL_MIGRATIONS } = require(path.join(dist, 'core/src/migrations.js'));
  const db = await Database.open({ dataDir: dir, migrations: ALL_MIGRATIONS });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  return path.join(dir, 'pglite');
}
