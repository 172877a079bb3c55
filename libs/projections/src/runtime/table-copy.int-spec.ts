import { copyInto, inTransaction } from '@banjie/event-store';
import { describeEachBackend, type TestDatabase } from '../../../../test/support/databases';
import { Table, type CopyIn } from './table';

jest.setTimeout(120_000);

interface Row {
  id: string;
  label: string | null;
  n: number;
  big: number;
  flag: boolean;
  at: Date | null;
  details: Record<string, unknown> | null;
}

const table = new Table<Row>(
  'copy_probe',
  {
    id: { type: 'text' },
    label: { type: 'text', nullable: true },
    n: { type: 'integer' },
    big: { type: 'bigint' },
    flag: { type: 'boolean' },
    at: { type: 'timestamptz', nullable: true },
    details: { type: 'jsonb', nullable: true },
  },
  { primaryKey: ['id'] },
);

/** Values COPY's text format must escape, or that look like its null. */
const awkward: Row[] = [
  {
    id: 'tab\there',
    label: 'line\nbreak\r\nand\\backslash',
    n: -1,
    big: 9_007_199_254_740_991,
    flag: true,
    at: new Date('2023-05-04T01:02:03.456Z'),
    details: { q: '"quoted"\t\\N', nested: [1, null, { 企业: '武汉市某某有限公司' }] },
  },
  { id: '\\N', label: '\\N', n: 0, big: 0, flag: false, at: null, details: null },
  {
    id: '中文键',
    label: null,
    n: 2_147_483_647,
    big: -5,
    flag: false,
    at: new Date('1999-12-31T23:59:59.999Z'),
    details: { empty: '', slash: '\\' },
  },
];

describeEachBackend('Table.insertMany (COPY on PostgreSQL, INSERT on PGlite)', (backend) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await backend.open({ migrations: [] });
    for (const name of ['copy_probe_copied', 'copy_probe_inserted']) await t.db.pool.query(table.createSql(name));
  });

  afterAll(async () => {
    await t?.dispose();
  });

  it('writes awkward values exactly as the parameterised INSERT does, and reads them back unchanged', async () => {
    await inTransaction(t.db.pool, async (client) => {
      const copyIn: CopyIn | undefined = t.db.kind === 'postgres' ? (sql, chunks) => copyInto(client, sql, chunks) : undefined; // PGlite: no COPY FROM STDIN
      await table.insertMany(client, 'copy_probe_copied', awkward, copyIn);
    });
    await table.write(t.db.pool, 'copy_probe_inserted', awkward, 'insert');
    const copied = await table.read(
      t.db.pool,
      'copy_probe_copied',
      awkward.map((r) => r.id),
    );
    const inserted = await table.read(
      t.db.pool,
      'copy_probe_inserted',
      awkward.map((r) => r.id),
    );
    const byId = (rows: Row[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(copied)).toEqual(byId(inserted));
    expect(byId(copied)).toEqual(byId(awkward));
  });

  it('a refused row (a duplicate key) fails the whole write: nothing of it is kept', async () => {
    const before = await t.db.pool.query(`SELECT count(*)::int AS n FROM copy_probe_copied`);
    const rows = [{ ...awkward[0], id: 'new-one' }, awkward[1]]; // awkward[1] is there already
    await expect(
      inTransaction(t.db.pool, async (client) => {
        const copyIn: CopyIn | undefined = t.db.kind === 'postgres' ? (sql, chunks) => copyInto(client, sql, chunks) : undefined;
        await table.insertMany(client, 'copy_probe_copied', rows, copyIn);
      }),
    ).rejects.toThrow(/duplicate key/);
    const after = await t.db.pool.query(`SELECT count(*)::int AS n FROM copy_probe_copied`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
    // the pool's connections still work after a failed COPY
    expect((await t.db.pool.query(`SELECT 1 AS one`)).rows[0].one).toBe(1);
  });
});
