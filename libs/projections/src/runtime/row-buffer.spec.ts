import { RowBuffer } from './projection';

interface Row {
  id: string;
  n: number;
}

const row = (id: string, n: number): Row => ({ id, n });

describe('RowBuffer (a rebuild session’s rows, write-back)', () => {
  it('keeps changed rows in memory until they must leave: nothing is written below the cap', () => {
    const b = new RowBuffer<Row>(3);
    b.set('a', row('a', 1));
    b.set('b', row('b', 1));
    b.set('a', row('a', 2)); // changed again before any write: still one row
    expect(b.drain(false)).toEqual({ fresh: [], rewritten: [] });
    b.committed();
    expect([...b.map.keys()]).toEqual(['b', 'a']);
  });

  it('the least recently touched leave beyond the cap: written once (as new rows), dropped after the commit', () => {
    const b = new RowBuffer<Row>(2);
    for (const id of ['a', 'b', 'c', 'd']) b.set(id, row(id, 1));
    b.set('a', row('a', 2)); // touched last: stays
    const drained = b.drain(false);
    expect(drained.fresh.map((r) => r.id)).toEqual(['b', 'c']);
    expect(drained.rewritten).toEqual([]);
    expect(b.map.has('b')).toBe(true); // still there until its write commits
    b.committed();
    expect([...b.map.keys()]).toEqual(['d', 'a']);
    // the table has b and c now: touching them means reading them back; a never-written key needs no read
    expect(b.missing(['b', 'c', 'x', 'a'])).toEqual(['b', 'c']);
  });

  it('a row read back and changed again is rewritten (upsert), not inserted twice', () => {
    const b = new RowBuffer<Row>(1);
    b.set('a', row('a', 1));
    b.set('b', row('b', 1));
    expect(b.drain(false).fresh.map((r) => r.id)).toEqual(['a']);
    b.committed();
    b.loaded('a', row('a', 1));
    b.set('a', row('a', 2));
    const final = b.drain(true);
    expect(final.fresh.map((r) => r.id)).toEqual(['b']);
    expect(final.rewritten).toEqual([row('a', 2)]);
  });

  it('a row changed while its write is in flight stays in memory and is written again later', () => {
    const b = new RowBuffer<Row>(1);
    b.set('a', row('a', 1));
    b.set('b', row('b', 1));
    const first = b.drain(false);
    expect(first.fresh).toEqual([row('a', 1)]);
    b.set('a', row('a', 2)); // applied while the write of a=1 runs
    b.committed();
    expect(b.get('a')).toEqual(row('a', 2));
    expect(b.missing(['a'])).toEqual([]);
    expect(b.drain(true).rewritten).toEqual([row('a', 2)]);
  });

  it('a row loaded but not changed is never written', () => {
    const b = new RowBuffer<Row>(0);
    b.set('a', row('a', 1));
    expect(b.drain(false).fresh).toEqual([row('a', 1)]);
    b.committed();
    b.loaded('a', row('a', 1));
    expect(b.drain(true)).toEqual({ fresh: [], rewritten: [] });
  });
});
