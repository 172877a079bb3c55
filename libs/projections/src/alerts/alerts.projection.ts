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
import type { ProjectionContext, ProjectionDefinition } from '../runtime/projection';
import { streamEntityId } from '../shared';
import { AlertsEvaluator } from './alerts.evaluator';
import { ALERTS, alertsTable, subjectsTable, type SubjectKind } from './alerts.tables';
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
}

/** Marks the subjects a batch moves: inside the subscription's transaction, in one sorted statement (a fixed lock order). */
async function mark(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void> {
  const marks = new Map<string, Marked>();
  const put = (kind: SubjectKind, id: string, campaignId: string | null, event: StoredEvent) => {
    const key = `${kind}\u0000${id}`;
    marks.set(key, { kind, id, campaignId: campaignId ?? marks.get(key)?.campaignId ?? null, event });
  };
  let everything: StoredEvent | null = null;
  for (const stored of events) {
    let e;
    try {
      e = asBanjieEvent(stored);
    } catch (error) {
      if (!ctx.onEventError) throw error;
      ctx.onEventError(stored, error);
      continue;
    }
    if (e.type === 'CalendarAdjusted') everything = stored;
    else if (isIssueEvent(e)) put('issue', streamEntityId(e.streamId), e.type === 'IssueCollected' ? e.data.campaignId : null, stored);
    else if (e.type === 'ActivityHeld') put('campaign', e.data.campaignId, null, stored);
    else if (e.type === 'CampaignLaunched' || e.type === 'CampaignClosed') put('campaign', streamEntityId(e.streamId), null, stored);
    else if (e.type.startsWith('SupervisionNotice')) put('notice', streamEntityId(e.streamId), null, stored);
  }
  const subjects = ctx.table(subjectsTable.name);
  // An issue's change moves its campaign's figures: the campaign is marked with it.
  const issues = [...marks.values()].filter((m) => m.kind === 'issue');
  const unknown = issues.filter((m) => m.campaignId === null).map((m) => m.id);
  const known = new Map<string, string>();
  if (unknown.length) {
    const { rows } = await ctx.tx.query(
      `SELECT subject_id, campaign_id FROM ${subjects} WHERE subject_kind = 'issue' AND subject_id = ANY($1::text[])`,
      [unknown],
    );
    for (const r of rows) if (r.campaign_id) known.set(r.subject_id, r.campaign_id);
  }
  for (const m of issues) {
    const campaignId = m.campaignId ?? known.get(m.id) ?? null;
    if (!campaignId) continue; // an issue event before its IssueCollected: the issues read model parks it
    m.campaignId = campaignId;
    const key = `campaign\u0000${campaignId}`;
    const prior = marks.get(key);
    if (!prior || prior.event.position < m.event.position) put('campaign', campaignId, null, m.event);
  }
  await upsertMarks(
    ctx.tx,
    subjects,
    [...marks.values()].map((m) => ({
      kind: m.kind,
      id: m.id,
      campaignId: m.campaignId,
      transactionId: m.event.transactionId,
      position: m.event.position,
    })),
  );
  if (everything) await markAll(ctx.tx, subjects, everything);
}

export const alertsProjection: ProjectionDefinition = {
  name: ALERTS,
  version: 1,
  handles: ALERT_EVENT_TYPES,
  tables: [subjectsTable, alertsTable],
  apply: mark,
  async beforeSwitch(ctx) {
    // Every subject of the new generation was marked by the replay: evaluate them all for today.
    const evaluator = new AlertsEvaluator(ctx.pool, ctx.store);
    const report = await evaluator.runOnce(businessDate(ctx.now), { generation: ctx.generation });
    if (report.failed.length)
      throw new Error(`alerts: ${report.failed.length} subject(s) could not be evaluated: ${report.failed[0].error}`);
  },
};
