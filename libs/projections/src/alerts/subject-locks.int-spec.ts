/**
 * Issue #15, acceptance "the alerts deadlock": the subscription's marks (INSERT … ON CONFLICT DO
 * UPDATE) and the evaluator's save (SELECT … FOR UPDATE) lock rows of the subjects table. Taken in
 * opposite orders — marks in the order a batch met them, the save in the order it evaluated them —
 * two such transactions deadlock; that is what killed the alerts subscription. The same scenario
 * runs with the lock order as a parameter: with the order as given PostgreSQL detects the deadlock
 * (40P01) — which shows the test can fail — and with `subjectLockOrder` both commit.
 *
 * The interleaving is forced, not hoped for: a third transaction holds the row both want first;
 * the marks queue on it, then the save (which, in the old order, first locks the other row); the
 * holder commits and the queue decides. PostgreSQL only (PGlite has one connection: no deadlock).
 */
import type { PoolClient } from 'pg';
import type { Database } from '@banjie/event-store';
import { backends, type TestDatabase } from '../../../../test/support/databases';
import { subjectsTable } from './alerts.tables';
import { lockSubjects, subjectLockOrder, upsertMarks, type LockOrder, type SubjectKey } from './subject-locks';

const postgres = backends().find((b) => b.kind === 'postgres');
const TABLE = 'sv_subjects_lockorder';
const asGiven: LockOrder = (keys) => [...keys];

const issue: SubjectKey = { kind: 'issue', id: 'i-1' };
const campaign: SubjectKey = { kind: 'campaign', id: 'c-1' };

(postgres ? describe : describe.skip)('alerts subject locks: one order, no deadlock [postgres]', () => {
  let t: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    t = await postgres!.open();
    db = t.db;
    await db.pool.query(subjectsTable.createSql(TABLE));
  });
  afterAll(() => t?.dispose());

  beforeEach(async () => {
    await db.pool.query(`TRUNCATE ${TABLE}`);
    await db.pool.query(
      `INSERT INTO ${TABLE} (subject_kind, subject_id, campaign_id, dirty, dirty_seq, marked_tx, marked_position)
       VALUES ('issue', 'i-1', 'c-1', false, 1, '1', 1), ('campaign', 'c-1', NULL, false, 1, '1', 1)`,
    );
  });

  /** Waits (bounded) until the backend `pid` waits for a lock. */
  async function waitingForLock(pid: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await db.pool.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
      if (rows[0]?.wait_event_type === 'Lock') return;
      if (Date.now() > deadline) throw new Error(`backend ${pid} never waited for a lock`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * The marks of a batch that met the issue's event, then its campaign (the campaign is marked
   * with its issue), against an evaluator's save of the campaign and the issue, in `order`.
   * Resolves to the SQLSTATE each transaction ended with ('ok' when it committed).
   */
  async function race(order: LockOrder): Promise<[string, string]> {
    const clients: PoolClient[] = [await db.pool.connect(), await db.pool.connect(), await db.pool.connect()];
    const [holder, marks, save] = clients;
    // Read up front: a connection blocked on a lock answers nothing.
    const pid = async (c: PoolClient) => (await c.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid as number;
    const [marksPid, savePid] = [await pid(marks), await pid(save)];
    try {
      const first = order([issue, campaign])[0]; // the row the marks lock first, in this order
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM ${TABLE} WHERE subject_kind = $1 AND subject_id = $2 FOR UPDATE`, [first.kind, first.id]);
      const outcome = async (c: PoolClient, work: () => Promise<unknown>) => {
        try {
          await c.query('BEGIN');
          await work();
          await c.query('COMMIT');
          return 'ok';
        } catch (error) {
          await c.query('ROLLBACK').catch(() => undefined);
          return String((error as { code?: string }).code ?? error);
        }
      };
      const marking = outcome(marks, () =>
        upsertMarks(
          marks,
          TABLE,
          [issue, campaign].map((k) => ({ ...k, campaignId: null, transactionId: '2', position: 2 })),
          order,
        ),
      );
      await waitingForLock(marksPid);
      const saving = outcome(save, () => lockSubjects(save, TABLE, [campaign, issue], order));
      await waitingForLock(savePid);
      await holder.query('COMMIT');
      return [await marking, await saving];
    } finally {
      for (const c of clients) c.release();
    }
  }

  it('in the order each writer met its subjects, the marks and the save deadlock (40P01) — the test can fail', async () => {
    const outcomes = await race(asGiven);
    expect(outcomes).toContain('40P01');
  });

  it('in subjectLockOrder both commit', async () => {
    const outcomes = await race(subjectLockOrder);
    expect(outcomes).toEqual(['ok', 'ok']);
  });
});
