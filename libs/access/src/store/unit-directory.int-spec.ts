import { EVENT_STORE_MIGRATIONS, SqlEventStore } from '@banjie/event-store';
import { describeEachBackend } from '../../../../test/support/databases';
import { UnitDirectory } from './unit-directory';

const metadata = {
  actor: { userId: 'system', unitId: null, role: 'system' },
  correlationId: 'c',
  causationId: null,
  source: 'cli',
} as const;

/** Issue i1 collected by unit C. */
const collected = () => ({
  type: 'IssueCollected',
  data: {
    issueId: 'i1',
    campaignId: 'c',
    unitId: 'C',
    enterpriseCode: 'E',
    kind: 'problem',
    category: 'x',
    title: 't',
    description: 'd',
  },
  metadata: { ...metadata },
});

describeEachBackend('UnitDirectory', (backend) => {
  it('reads the tree once, then learns units registered later, and finds what a resource belongs to', async () => {
    const t = await backend.open({ migrations: EVENT_STORE_MIGRATIONS });
    await t.db.migrate();
    const store = new SqlEventStore(t.db.kind, t.db.pool);
    const unit = (unitId: string, parentUnitId: string | null) =>
      store.append(`unit-${unitId}`, 'no_stream', [
        {
          type: 'UnitRegistered',
          data: { unitId, name: unitId, level: 'prefecture', parentUnitId, region: 'r' },
          metadata: { ...metadata },
        },
      ]);
    try {
      await unit('P', null);
      const directory = new UnitDirectory(store);
      expect((await directory.unitTree()).size).toBe(1);
      // registered after the first read: a county and a township below it
      await unit('C', 'P');
      await unit('T', 'C');
      const tree = await directory.unitTree(['T', 'nowhere']);
      expect(tree.isAtOrBelow('T', 'P')).toBe(true);
      expect(tree.subtree('P').sort()).toEqual(['C', 'P', 'T']);
      expect(tree.has('nowhere')).toBe(false);

      await store.append('issue-i1', 'no_stream', [
        collected(),
        { type: 'IssueTransferred', data: { fromUnitId: 'C', toUnitId: 'P', reason: 'x' }, metadata: { ...metadata } },
      ]);
      expect(await directory.target('issue', 'i1')).toEqual({ kind: 'issue', read: ['P', 'C'], write: 'P' });
      expect(await directory.target('issue', 'i2')).toBe('missing');
      await store.append('supervision-n1', 'no_stream', [
        { type: 'SupervisionNoticeIssued', data: { noticeId: 'n1', unitId: 'T' }, metadata: { ...metadata } },
      ]);
      expect(await directory.target('notice', 'n1')).toEqual({ kind: 'notice', read: ['T'], write: 'T' });
    } finally {
      await t.dispose();
    }
  });

  it("keeps an issue's fold and reads only the events after it: a transfer written elsewhere is seen, a stream it does not match is read whole", async () => {
    const t = await backend.open({ migrations: EVENT_STORE_MIGRATIONS });
    await t.db.migrate();
    const store = new SqlEventStore(t.db.kind, t.db.pool);
    // What the guard asked the store for, and a way to make the stored hash disagree with the fold (a reset database).
    const asked: (number | undefined)[] = [];
    let otherHash = false;
    const port = {
      readAll: store.readAll.bind(store),
      readStream: store.readStream.bind(store),
      loadStream: async (streamId: string, options?: { fromVersion?: number }) => {
        asked.push(options?.fromVersion);
        const loaded = await store.loadStream(streamId, options);
        return otherHash && loaded.baseHash ? { ...loaded, baseHash: 'another' } : loaded;
      },
    };
    try {
      await store.append('issue-i1', 'no_stream', [collected()]);
      const directory = new UnitDirectory(port);
      expect(await directory.target('issue', 'i1')).toEqual({ kind: 'issue', read: ['C'], write: 'C' });
      expect(await directory.target('issue', 'i1')).toEqual({ kind: 'issue', read: ['C'], write: 'C' });
      expect(asked).toEqual([undefined, 2]); // the whole stream once, then only what follows version 1
      // another process transfers the issue: the next request sees it
      await store.append('issue-i1', 1, [
        { type: 'IssueTransferred', data: { fromUnitId: 'C', toUnitId: 'P', reason: 'x' }, metadata: { ...metadata } },
      ]);
      expect(await directory.target('issue', 'i1')).toEqual({ kind: 'issue', read: ['P', 'C'], write: 'P' });
      expect(asked.slice(2)).toEqual([2]);
      // a stored hash at the kept version that is not the kept one: the fold is dropped, the stream read whole
      otherHash = true;
      expect(await directory.target('issue', 'i1')).toEqual({ kind: 'issue', read: ['P', 'C'], write: 'P' });
      expect(asked.slice(3)).toEqual([3, undefined]);
    } finally {
      await t.dispose();
    }
  });
});
