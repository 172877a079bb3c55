import { Database, EVENT_STORE, type SqlEventStore } from '@banjie/event-store';
import { deleteStoredEvents, tamperWithStoredEvent, truncateStoredEvents } from '@banjie/event-store/testing';
import { describeEachBackend } from '../support/databases';
import { runCli } from '../support/processes';
import { startWorkflowApp, type WorkflowApp } from '../support/workflow-app';
import { OFFICER_A, SUPERVISOR, collect, http } from '../support/workflow-fixtures';
import { seedWorkflow } from '../support/workflow-fixtures';

/**
 * The deletion-evident audit end to end (issue #17, docs/event-store.md): issues recorded through
 * the API, a signed checkpoint, then the tampering a database user could do in SQL — UPDATE of a
 * field, DELETE of a stream's last event (a dissatisfied rating), DELETE of a middle event,
 * DELETE of a whole stream, TRUNCATE — each named by `cli verify` (exit ≠ 0) and, where the
 * stream still exists, by GET /issues/:id/history's chain status.
 */
describeEachBackend('audit: tampering in SQL is detected', (backend) => {
  let w: WorkflowApp;
  const ids: Record<'updated' | 'lastDeleted' | 'middleDeleted' | 'streamDeleted' | 'untouched', string> = {} as never;

  beforeAll(async () => {
    w = await startWorkflowApp(backend);
    await seedWorkflow(w);
    const api = http(w);
    const ok = async (request: PromiseLike<{ status: number; text: string }>) => {
      const r = await request;
      if (r.status >= 300) throw new Error(`${r.status} ${r.text}`);
    };
    for (const key of Object.keys({
      updated: 1,
      lastDeleted: 1,
      middleDeleted: 1,
      streamDeleted: 1,
      untouched: 1,
    }) as (keyof typeof ids)[]) {
      const id = await collect(w);
      ids[key] = id;
      await ok(api.post(`/issues/${id}/accept`, { dueOn: '2023-06-30' }, OFFICER_A));
      await ok(api.post(`/issues/${id}/progress`, { note: '已约谈建设单位' }, OFFICER_A));
      await ok(api.post(`/issues/${id}/resolve`, { resolution: '工程款已支付' }, OFFICER_A));
      await ok(api.post(`/issues/${id}/feedback`, { rating: 'dissatisfied', channel: 'callback' }, OFFICER_A));
    }
    // A checkpoint that covers everything (on a shared server another test's open transaction may hold events back a while).
    const store = w.app.get<SqlEventStore>(EVENT_STORE);
    const deadline = Date.now() + 60_000;
    for (;;) {
      await store.recordCheckpoint();
      if ((await store.verify()).anchors.unanchoredEvents === 0) break;
      if (Date.now() > deadline) throw new Error('the checkpoint did not cover every event in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => w?.close());

  const history = async (id: string) => (await http(w).get(`/issues/${id}/history`, SUPERVISOR)).body;
  const env = () => ({ DATABASE_URL: w.location.databaseUrl ?? '', DATA_DIR: w.location.dataDir, AUTH_MODE: 'token' });

  it('before: every history anchored and intact, cli verify OK', async () => {
    for (const id of Object.values(ids)) {
      const h = await history(id);
      expect(h.chain).toMatchObject({ ok: true, broken: [], anchors: { anchoredVersion: 5, unanchoredEvents: 0 } });
    }
    await w.stopApp(); // PGlite: one process per data folder
    const ok = await runCli(['verify'], env());
    expect(ok.stdout).toMatch(/^OK: \d+ events in \d+ streams, every hash chain intact; anchored by 1 checkpoint\(s\)/m);
    expect(ok.code).toBe(0);
    await w.restart();
  });

  it('UPDATE of a field, DELETE of the last event, of a middle event and of a whole stream: named by the history and by cli verify', async () => {
    const fifth = (await w.app.get<SqlEventStore>(EVENT_STORE).readStream(`issue-${ids.updated}`))[4];
    await tamperWithStoredEvent(w.db.pool, `issue-${ids.updated}`, 5, { data: { ...fifth.data, rating: 'satisfied' } });
    await deleteStoredEvents(w.db.pool, `issue-${ids.lastDeleted}`, 5);
    await deleteStoredEvents(w.db.pool, `issue-${ids.middleDeleted}`, 3);
    await deleteStoredEvents(w.db.pool, `issue-${ids.streamDeleted}`);

    const updated = (await history(ids.updated)).chain;
    expect(updated.ok).toBe(false);
    expect(updated.broken).toEqual([expect.objectContaining({ streamVersion: 5, reason: 'hash_mismatch' })]);
    const lastDeleted = (await history(ids.lastDeleted)).chain;
    expect(lastDeleted.ok).toBe(false);
    expect(lastDeleted.broken).toEqual([
      expect.objectContaining({
        streamVersion: 5,
        toVersion: 5,
        reason: 'events_deleted',
        detail: expect.stringMatching(/version 5 was deleted/),
      }),
    ]);
    const middleDeleted = (await history(ids.middleDeleted)).chain;
    expect(middleDeleted.ok).toBe(false);
    expect(middleDeleted.broken).toEqual([expect.objectContaining({ streamVersion: 3, toVersion: 3, reason: 'version_gap' })]);
    expect((await http(w).get(`/issues/${ids.streamDeleted}/history`, SUPERVISOR)).status).toBe(404);
    expect((await history(ids.untouched)).chain.ok).toBe(true);

    await w.stopApp();
    const run = await runCli(['verify'], env());
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/^BROKEN: 4 finding\(s\)/m);
    expect(run.stdout).toContain(`stream issue-${ids.updated} version 5`);
    expect(run.stdout).toMatch(new RegExp(`stream issue-${ids.updated} version 5 \\(position \\d+\\): hash mismatch`));
    expect(run.stdout).toMatch(
      new RegExp(`stream issue-${ids.lastDeleted} version 5 \\(position \\d+\\): events deleted — .*vouched for version 5`),
    );
    expect(run.stdout).toMatch(
      new RegExp(`stream issue-${ids.middleDeleted} version 3 \\(position \\d+\\): version gap — .*version 3 is missing`),
    );
    expect(run.stdout).toMatch(
      new RegExp(`stream issue-${ids.streamDeleted} versions 1–5: stream deleted — stream issue-${ids.streamDeleted} is gone`),
    );
    expect(run.stdout).not.toContain(ids.untouched);
    const one = await runCli(['verify', '--stream', `issue-${ids.lastDeleted}`], env());
    expect(one.code).not.toBe(0);
    expect(one.stdout).toContain('events deleted');
  });

  it('TRUNCATE: cli verify names the emptied table from the anchors', async () => {
    const db = await Database.open({ databaseUrl: w.location.databaseUrl, dataDir: w.location.dataDir });
    try {
      await truncateStoredEvents(db.pool);
    } finally {
      await db.close();
    }
    const run = await runCli(['verify'], env());
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/^BROKEN: 1 finding\(s\) \(0 events in 0 streams checked; anchored by 1 checkpoint/m);
    expect(run.stdout).toMatch(/stream audit-checkpoints version 1: checkpoint deleted — checkpoint #1 .* the events table was emptied/);
  });
});
