// A projector process for the crash test: `node projector-child.js <built libs dir> <database url>`.
// Runs every projection live with small batches (so a SIGKILL lands mid-batch) until killed.
const [, , dist, url] = process.argv;
const { Database, SqlEventStore } = require(`${dist}/libs/event-store/src`);
const { PROJECTIONS, Projector } = require(`${dist}/libs/projections/src`);

(async () => {
  const db = await Database.open({ databaseUrl: url, poolSize: 4 });
  const store = new SqlEventStore('postgres', db.pool, { connectionString: url });
  const projector = new Projector(store, db.pool, PROJECTIONS, { batchSize: 40, pollMs: 20 });
  await projector.start();
  process.stdout.write('started\n');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
