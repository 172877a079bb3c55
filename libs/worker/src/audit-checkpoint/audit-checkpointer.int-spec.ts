import { CHECKPOINT_STREAM, type SqlEventStore } from '@banjie/event-store';
import { describeEachBackend } from '../../../../test/support/databases';
import { startHarness, type Harness } from '../../../../test/support/supervision-harness';
import { AuditCheckpointer } from './audit-checkpointer';

const meta = { actor: { userId: 'u', unitId: null, role: 'system' }, correlationId: 'c', causationId: null, source: 'cli' } as const;

/** The worker anchors new stream heads by itself, every AUDIT_CHECKPOINT_INTERVAL_MS. */
describeEachBackend('audit checkpointer (worker)', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend, { worker: true, env: { AUDIT_CHECKPOINT_INTERVAL_MS: '200' } });
  }, 240_000);
  afterAll(() => h?.close());

  /** Polls until every event is covered by a checkpoint (bounded). */
  async function anchored(store: SqlEventStore, checkpoints: number) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const report = await store.verify();
      if (report.anchors.checkpoints >= checkpoints && report.anchors.unanchoredEvents === 0) return report;
      if (Date.now() > deadline) throw new Error(`not anchored in time: ${JSON.stringify(report.anchors)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('records a signed checkpoint of new heads on its own, and again after more events', async () => {
    const store = h.store as SqlEventStore;
    await store.append('unit-w1', 'no_stream', [{ type: 'UnitRegistered', data: { name: 'w1' }, metadata: { ...meta } }]);
    const first = await anchored(store, 1);
    expect(first.ok).toBe(true);
    expect((await store.verify('unit-w1')).anchors.anchoredVersion).toBe(1);
    const before = first.anchors.checkpoints;
    await store.append('unit-w1', 1, [{ type: 'UnitRenamed', data: { name: 'w1b' }, metadata: { ...meta } }]);
    await anchored(store, before + 1);
    expect((await store.verify('unit-w1')).anchors.anchoredVersion).toBe(2);
    // an idle store gets no empty checkpoints: a run now finds nothing new
    const settled = await store.streamVersion(CHECKPOINT_STREAM);
    expect(await h.app.get(AuditCheckpointer).tick()).toBeNull();
    expect(await store.streamVersion(CHECKPOINT_STREAM)).toBe(settled);
  });
});
