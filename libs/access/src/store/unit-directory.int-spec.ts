import { EVENT_STORE_MIGRATIONS, SqlEventStore } from '@banjie/event-store';
import { describeEachBackend } from '../../../../test/support/databases';
import { UnitDirectory } from './unit-directory';

const metadata = {
  actor: { userId: 'system', unitId: null, role: 'system' },
  correlationId: 'c',
  causationId: null,
  source: 'cli',
} as const;

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
        {
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
        },
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
});
