/**
 * The `alerts` read model: the alerts with their raised and cleared dates, and the work list of
 * subjects (an issue, a notice, a campaign) whose alerts must be evaluated again. Its subscription
 * only marks subjects — inside the batch's transaction, so marks commit exactly once with the
 * checkpoint; the evaluator (alerts.evaluator.ts) re-runs the pure rules of libs/supervision over
 * the issues and directory read models and writes the alerts into the active generation, after
 * batches and as time passes. A rebuild marks every subject again and evaluates them all for today
 * before its switch, so the new generation serves complete alerts from its first moment.
 */
import { ISSUE_EVENT_TYPES, asBanjieEvent, businessDate, isIssueEvent, type BanjieEventType } from '@banjie/domain';
import type { StoredEvent } from '@banjie/event-store';
import {
  RowBuffer,
  type ProjectionContext,
  type ProjectionDefinition,
  type RebuildSession,
  type RebuildSessionOptions,
} from '../runtime/projection';
import { streamEntityId } from '../shared';
import { AlertsEvaluator } from './alerts.evaluator';
import { ALERTS, alertsTable, subjectsTable, type SubjectKind, type SubjectRow } from './alerts.tables';
import { markAll, upsertMarks } from './subject-locks';

/** The event types that move some subject's alerts: every issue event (one list, the domain's), and the rest. */
export const ALERT_EVENT_TYPES: readonly BanjieEventType[] = [
  'CampaignLaunched',
  'CampaignClosed',
  'ActivityHeld',
  ...ISSUE_EVENT_TYPES,
  'SupervisionNoticeIssued',
  'SupervisionNoticeAnswered',
  'SupervisionNoticeClosed',
  'CalendarAdjusted',
];

interface Marked {
  kind: SubjectKind;
  id: string;
  campaignId: string | null;
  event: StoredEvent;
  /** The event's index in its batch (reader order). */
  seq: number;
}

/**
 * What a batch marks: each subject with the last event that marked it, and the last calendar
 * change (it marks every subject known by then). A subject's mark is the last event in reader
 * order, calendar changes included: marks before the calendar change are subsumed by it, marks
 * after it win — whatever the batch boundaries (live batches and a rebuild's differ).
 */
interface Marks {
  before: Marked[];
  everything: StoredEvent | null;
  after: Marked[];
}

const subjectKey = (kind: SubjectKind, id: string) => `${kind}\u0000${id}`;

/**
 * The subjects a batch moves. An issue's change moves its campaign's figures: the campaign is
 * marked with it — `campaignsOf` gives the campaigns of issues whose IssueCollected is not in the
 * batch (an issue without one is left to the issues read model, which parks its event).
 */
async function marksOf(
  events: readonly StoredEvent[],
  campaignsOf: (issueIds: string[]) => Promise<Map<string, string>>,
  onEventError?: (event: StoredEvent, error: unknown) => void,
): Promise<Marks> {
  const marks = new Map<string, Marked>();
  const put = (kind: SubjectKind, id: string, campaignId: string | null, event: StoredEvent, seq: number) => {
    const key = subjectKey(kind, id);
    marks.set(key, { kind, id, campaignId: campaignId ?? marks.get(key)?.campaignId ?? null, event, seq });
  };
  let everything: StoredEvent | null = null;
  let everythingSeq = -1;
  for (const [seq, stored] of events.entries()) {
    let e;
    try {
      e = asBanjieEvent(stored);
    } catch (error) {
      if (!onEventError) throw error;
      onEventError(stored, error);
      continue;
    }
    if (e.type === 'CalendarAdjusted') [everything, everythingSeq] = [stored, seq];
    else if (isIssueEvent(e)) put('issue', streamEntityId(e.streamId), e.type === 'IssueCollected' ? e.data.campaignId : null, stored, seq);
    else if (e.type === 'ActivityHeld') put('campaign', e.data.campaignId, null, stored, seq);
    else if (e.type === 'CampaignLaunched' || e.type === 'CampaignClosed') put('campaign', streamEntityId(e.streamId), null, stored, seq);
    else if (e.type.startsWith('SupervisionNotice')) put('notice', streamEntityId(e.streamId), null, stored, seq);
  }
  const issues = [...marks.values()].filter((m) => m.kind === 'issue');
  const unknown = issues.filter((m) => m.campaignId === null).map((m) => m.id);
  const known = unknown.length ? await campaignsOf(unknown) : new Map<string, string>();
  for (const m of issues) {
    const campaignId = m.campaignId ?? known.get(m.id) ?? null;
    if (!campaignId) continue; // an issue event before its IssueCollected: the issues read model parks it
    m.campaignId = campaignId;
    const prior = marks.get(subjectKey('campaign', campaignId));
    if (!prior || prior.seq < m.seq) put('campaign', campaignId, null, m.event, m.seq);
  }
  const all = [...marks.values()];
  return { before: all.filter((m) => m.seq < everythingSeq), everything, after: all.filter((m) => m.seq > everythingSeq) };
}

/** Marks the subjects a batch moves: inside the subscription's transaction, in one sorted statement (a fixed lock order). */
async function mark(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void> {
  const subjects = ctx.table(subjectsTable.name);
  const { before, everything, after } = await marksOf(
    events,
    async (ids) => {
      const { rows } = await ctx.tx.query(
        `SELECT subject_id, campaign_id FROM ${subjects} WHERE subject_kind = 'issue' AND subject_id = ANY($1::text[])`,
        [ids],
      );
      return new Map(rows.filter((r) => r.campaign_id).map((r) => [r.subject_id as string, r.campaign_id as string]));
    },
    ctx.onEventError,
  );
  const upsert = (marks: Marked[]) =>
    upsertMarks(
      ctx.tx,
      subjects,
      marks.map((m) => ({
        kind: m.kind,
        id: m.id,
        campaignId: m.campaignId,
        transactionId: m.event.transactionId,
        position: m.event.position,
      })),
    );
  await upsert(before);
  if (everything) await markAll(ctx.tx, subjects, everything);
  await upsert(after);
}

/**
 * A rebuild's marks in memory (RowBuffer, write-back): each subject's row is what the live marks
 * would have left — the same upsert rule as `upsertMarks` — written when it leaves memory or at
 * the end. A calendar change marks the rows in memory and, at the next write, every row written
 * before (those are not in memory, or are and will be written again).
 */
class AlertsRebuild implements RebuildSession {
  private readonly rows: RowBuffer<SubjectRow>;
  private markAllWritten: StoredEvent | null = null;

  constructor(options: RebuildSessionOptions) {
    this.rows = new RowBuffer(options.cacheEntities);
  }

  async apply(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void> {
    const { before, everything, after } = await marksOf(events, async (ids) => {
      const keys = ids.map((id) => subjectKey('issue', id));
      const missing = this.rows.missing(keys);
      if (missing.length) {
        const { rows } = await ctx.tx.query(
          `SELECT * FROM ${ctx.table(subjectsTable.name)} WHERE subject_kind = 'issue' AND subject_id = ANY($1::text[])`,
          [missing.map((k) => k.slice('issue\u0000'.length))],
        );
        for (const r of rows) {
          const row = subjectsTable.fromRow(r);
          this.rows.loaded(subjectKey(row.subjectKind, row.subjectId), row);
        }
      }
      const known = new Map<string, string>();
      for (const id of ids) {
        const campaignId = this.rows.get(subjectKey('issue', id))?.campaignId;
        if (campaignId) known.set(id, campaignId);
      }
      return known;
    });
    for (const m of before) this.mark(subjectKey(m.kind, m.id), m.kind, m.id, m.campaignId, m.event);
    if (everything) {
      for (const [key, row] of [...this.rows.map]) this.mark(key, row.subjectKind, row.subjectId, null, everything);
      this.markAllWritten = everything;
    }
    for (const m of after) this.mark(subjectKey(m.kind, m.id), m.kind, m.id, m.campaignId, m.event);
  }

  private mark(key: string, kind: SubjectKind, id: string, campaignId: string | null, event: StoredEvent): void {
    const prior = this.rows.get(key);
    this.rows.set(key, {
      subjectKind: kind,
      subjectId: id,
      campaignId: campaignId ?? prior?.campaignId ?? null,
      dirty: true,
      dirtySeq: (prior?.dirtySeq ?? 0) + 1,
      markedTx: event.transactionId,
      markedPosition: event.position,
      nextCheckOn: prior?.nextCheckOn ?? null,
      evaluatedAt: prior?.evaluatedAt ?? null,
    });
  }

  drain(final: boolean): (ctx: ProjectionContext) => Promise<void> {
    const everything = this.markAllWritten;
    this.markAllWritten = null;
    const drained = this.rows.drain(final);
    return async (ctx) => {
      const subjects = ctx.table(subjectsTable.name);
      if (everything)
        await ctx.tx.query(`UPDATE ${subjects} SET dirty = true, dirty_seq = dirty_seq + 1, marked_tx = $1, marked_position = $2`, [
          everything.transactionId,
          everything.position,
        ]);
      await subjectsTable.insertMany(ctx.tx, subjects, drained.fresh, ctx.copyIn);
      await subjectsTable.write(ctx.tx, subjects, drained.rewritten, 'upsert');
    };
  }

  committed(): void {
    this.rows.committed();
  }
}

export const alertsProjection: ProjectionDefinition = {
  name: ALERTS,
  version: 1,
  handles: ALERT_EVENT_TYPES,
  tables: [subjectsTable, alertsTable],
  apply: mark,
  rebuildSession: (options) => new AlertsRebuild(options),
  async beforeSwitch(ctx) {
    // Every subject of the new generation was marked by the replay: evaluate them all for today.
    const evaluator = new AlertsEvaluator(ctx.pool, ctx.store);
    const report = await evaluator.runOnce(businessDate(ctx.now), { generation: ctx.generation });
    if (report.failed.length)
      throw new Error(`alerts: ${report.failed.length} subject(s) could not be evaluated: ${report.failed[0].error}`);
  },
};
