/**
 * The one order in which every writer of the alerts' subjects table takes its row locks: the
 * subscription's marks (inside a live batch), the evaluator's save, and a calendar change that
 * marks every subject. Two transactions that lock some of the same rows in opposite orders
 * deadlock (PostgreSQL 40P01: one of them is killed); taking them in one sorted order they queue
 * instead. `subject-locks.int-spec.ts` provokes the deadlock with the order as given and shows the
 * sorted order does not deadlock.
 */
import type { SqlSession } from '@banjie/event-store';
import type { SubjectKind } from './alerts.tables';

export interface SubjectKey {
  kind: SubjectKind;
  id: string;
}

/** Puts keys in the order their rows are locked in (a copy). */
export type LockOrder = <T extends SubjectKey>(keys: readonly T[]) => T[];

/** By kind, then id — UTF-16 code units, the same in every process (not the database's collation). */
export const subjectLockOrder: LockOrder = (keys) =>
  [...keys].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export interface Mark extends SubjectKey {
  campaignId: string | null;
  transactionId: string;
  position: number;
}

/** Marks subjects dirty (inserting the new ones): one statement, its rows taken in `order`. */
export async function upsertMarks(
  tx: SqlSession,
  subjects: string,
  marks: readonly Mark[],
  order: LockOrder = subjectLockOrder,
): Promise<void> {
  if (marks.length === 0) return;
  const sorted = order(marks);
  await tx.query(
    `INSERT INTO ${subjects} AS s (subject_kind, subject_id, campaign_id, dirty, dirty_seq, marked_tx, marked_position)
     SELECT k, i, c, true, 1, t, p FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) WITH ORDINALITY AS m(k, i, c, t, p, n)
     ORDER BY n
     ON CONFLICT (subject_kind, subject_id) DO UPDATE SET dirty = true, dirty_seq = s.dirty_seq + 1,
        campaign_id = coalesce(excluded.campaign_id, s.campaign_id), marked_tx = excluded.marked_tx, marked_position = excluded.marked_position`,
    [
      sorted.map((m) => m.kind),
      sorted.map((m) => m.id),
      sorted.map((m) => m.campaignId),
      sorted.map((m) => m.transactionId),
      sorted.map((m) => m.position),
    ],
  );
}

/** Locks the subjects' rows (FOR UPDATE) in `order`; returns the keys in that order. */
export async function lockSubjects<T extends SubjectKey>(
  tx: SqlSession,
  subjects: string,
  keys: readonly T[],
  order: LockOrder = subjectLockOrder,
): Promise<T[]> {
  const sorted = order(keys);
  if (sorted.length === 0) return sorted;
  await tx.query(
    `SELECT 1 FROM ${subjects} s JOIN unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(kind, id, n)
       ON s.subject_kind = k.kind AND s.subject_id = k.id ORDER BY k.n FOR UPDATE OF s`,
    [sorted.map((s) => s.kind), sorted.map((s) => s.id)],
  );
  return sorted;
}

/** Marks every subject (a calendar change moves every date): their rows locked in `order` first. */
export async function markAll(tx: SqlSession, subjects: string, at: { transactionId: string; position: number }): Promise<void> {
  const { rows } = await tx.query(`SELECT subject_kind AS kind, subject_id AS id FROM ${subjects}`);
  await lockSubjects(tx, subjects, rows as SubjectKey[]);
  await tx.query(`UPDATE ${subjects} SET dirty = true, dirty_seq = dirty_seq + 1, marked_tx = $1, marked_position = $2`, [
    at.transactionId,
    at.position,
  ]);
}
