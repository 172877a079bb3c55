/**
 * Keeps the `alerts` read model. Two halves:
 *
 * - `markDirty(tx, events)` runs inside the supervision subscription's transaction (so the marks
 *   commit exactly once with its checkpoint): it only records which subjects — an issue, a
 *   notice, a campaign — must be looked at again.
 * - `runOnce(today)` evaluates every dirty subject and every subject whose `next_check_on` has
 *   come (time-based alerts become due with no new event), by re-running the pure rules over the
 *   subject's whole history, and replaces the subject's alert rows in one transaction.
 *
 * Recomputing from history makes the read model rebuildable (mark everything dirty) and makes
 * raise/clear dates independent of when the worker happened to run.
 */
import type { Pool } from 'pg';
import { type SqlSession, type StoredEvent, inTransaction } from '@banjie/event-store';
import type { Alert, Evaluation, SubjectKind } from '../rules/alert';
import { campaignFigures } from '../rules/campaign-figures';
import { evaluateIssue } from '../rules/issue-alerts';
import { evaluateNotice } from '../rules/notice-alerts';
import { evaluateUnits } from '../rules/unit-alerts';
import { supervisionSettings } from '../settings';
import type { SupervisionSources } from './supervision-sources';

/** The event types the supervision subscription reads. */
export const SUPERVISION_EVENT_TYPES = [
  'CampaignLaunched',
  'CampaignClosed',
  'ActivityHeld',
  'IssueCollected',
  'IssueAccepted',
  'IssueTransferred',
  'IssueProgressRecorded',
  'IssueDeadlineExtended',
  'IssueResolved',
  'FeedbackGiven',
  'IssueReopened',
  'IssueWithdrawn',
  'IssueBecameOverdue',
  'SupervisionNoticeIssued',
  'SupervisionNoticeAnswered',
  'SupervisionNoticeClosed',
  'CalendarAdjusted',
  'UnitRegistered',
  'UnitRenamed',
] as const;

type Subject = { kind: SubjectKind; id: string };

function afterDash(streamId: string, prefix: string): string | null {
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : null;
}

export function subjectsOf(events: readonly StoredEvent[]): { subjects: Subject[]; everything: boolean } {
  const out = new Map<string, Subject>();
  let everything = false;
  const add = (kind: SubjectKind, id: string | null | undefined) => {
    if (id) out.set(`${kind}:${id}`, { kind, id });
  };
  for (const e of events) {
    const issueId = afterDash(e.streamId, 'issue-');
    if (issueId) {
      add('issue', issueId);
      if (e.type === 'IssueCollected') add('campaign', String(e.data.campaignId));
      continue;
    }
    if (e.type === 'ActivityHeld') add('campaign', String(e.data.campaignId));
    else if (e.type === 'CampaignLaunched' || e.type === 'CampaignClosed') add('campaign', afterDash(e.streamId, 'campaign-'));
    else if (e.type.startsWith('SupervisionNotice')) add('notice', afterDash(e.streamId, 'supervision-'));
    else if (e.type === 'CalendarAdjusted') everything = true;
  }
  return { subjects: [...out.values()], everything };
}

export interface RunReport {
  evaluated: number;
  alerts: number;
  failed: Array<{ subject: string; error: string }>;
}

export class AlertsEvaluator {
  constructor(
    private readonly pool: Pool,
    private readonly sources: SupervisionSources,
  ) {}

  /** Inside the subscription's transaction: only its session, never the pool. */
  async markDirty(tx: SqlSession, events: readonly StoredEvent[]): Promise<void> {
    const { subjects, everything } = subjectsOf(events);
    if (subjects.length) {
      await tx.query(
        `INSERT INTO supervision_subjects (subject_kind, subject_id, dirty, dirty_seq)
         SELECT k, i, true, 1 FROM unnest($1::text[], $2::text[]) AS s(k, i)
         ON CONFLICT (subject_kind, subject_id) DO UPDATE SET dirty = true, dirty_seq = supervision_subjects.dirty_seq + 1`,
        [subjects.map((s) => s.kind), subjects.map((s) => s.id)],
      );
    }
    if (everything) await tx.query(`UPDATE supervision_subjects SET dirty = true, dirty_seq = dirty_seq + 1`);
  }

  /** Marks every known subject for re-evaluation (after a rules change: a rebuild). */
  async markAll(): Promise<void> {
    await this.pool.query(`UPDATE supervision_subjects SET dirty = true, dirty_seq = dirty_seq + 1`);
  }

  /** Evaluates what is due on business date `today`: issues and notices first, then campaigns. */
  async runOnce(today: string): Promise<RunReport> {
    const report: RunReport = { evaluated: 0, alerts: 0, failed: [] };
    const { rows } = await this.pool.query(
      `SELECT subject_kind, subject_id, dirty, dirty_seq FROM supervision_subjects
        WHERE dirty OR next_check_on <= $1
        ORDER BY CASE subject_kind WHEN 'campaign' THEN 1 ELSE 0 END, subject_id`,
      [today],
    );
    for (const row of rows) {
      const subject: Subject = { kind: row.subject_kind, id: row.subject_id };
      try {
        const result = await this.evaluate(subject, today);
        await this.save(subject, Number(row.dirty_seq), row.dirty, result, today);
        report.evaluated++;
        report.alerts += result.evaluation.alerts.length;
      } catch (error) {
        report.failed.push({ subject: `${subject.kind}:${subject.id}`, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return report;
  }

  private async evaluate(subject: Subject, today: string): Promise<{ evaluation: Evaluation; campaignId?: string }> {
    const calendar = await this.sources.calendar();
    if (subject.kind === 'issue') {
      const events = await this.sources.stream(`issue-${subject.id}`);
      const campaignId = events[0]?.type === 'IssueCollected' ? String(events[0].data.campaignId) : undefined;
      const campaign = campaignId ? await this.sources.campaign(campaignId) : null;
      return { evaluation: evaluateIssue(events, campaign?.settings ?? supervisionSettings(null), calendar, today), campaignId };
    }
    if (subject.kind === 'notice') {
      return { evaluation: evaluateNotice(await this.sources.stream(`supervision-${subject.id}`), calendar, today) };
    }
    const campaign = await this.sources.campaign(subject.id);
    if (!campaign) return { evaluation: { alerts: [], nextCheckOn: null } };
    const figures = campaignFigures(await this.sources.campaignEvents(subject.id));
    return { evaluation: evaluateUnits(campaign, figures, campaign.settings, today) };
  }

  private async save(
    subject: Subject,
    seq: number,
    wasDirty: boolean,
    result: { evaluation: Evaluation; campaignId?: string },
    today: string,
  ) {
    await inTransaction(this.pool, async (client) => {
      // Another evaluator on the same subject waits here, then writes the same rows after us.
      await client.query(`SELECT 1 FROM supervision_subjects WHERE subject_kind = $1 AND subject_id = $2 FOR UPDATE`, [
        subject.kind,
        subject.id,
      ]);
      await client.query(`DELETE FROM alerts WHERE subject_kind = $1 AND subject_id = $2`, [subject.kind, subject.id]);
      await insertAlerts(client, result.evaluation.alerts);
      await client.query(
        `UPDATE supervision_subjects
            SET dirty = (dirty_seq <> $3), next_check_on = $4, evaluated_at = now()
          WHERE subject_kind = $1 AND subject_id = $2`,
        [
          subject.kind,
          subject.id,
          seq,
          result.evaluation.nextCheckOn && result.evaluation.nextCheckOn > today ? result.evaluation.nextCheckOn : null,
        ],
      );
      // An issue's change moves its campaign's figures: look at the campaign after the issues.
      if (subject.kind === 'issue' && result.campaignId && wasDirty) {
        await client.query(
          `INSERT INTO supervision_subjects (subject_kind, subject_id, dirty, dirty_seq) VALUES ('campaign', $1, true, 1)
           ON CONFLICT (subject_kind, subject_id) DO UPDATE SET dirty = true, dirty_seq = supervision_subjects.dirty_seq + 1`,
          [result.campaignId],
        );
      }
    });
  }
}

async function insertAlerts(tx: SqlSession, alerts: readonly Alert[]): Promise<void> {
  if (!alerts.length) return;
  const col = <K extends keyof Alert>(k: K) => alerts.map((a) => a[k]);
  await tx.query(
    `INSERT INTO alerts (alert_id, kind, campaign_id, unit_id, issue_id, notice_id, activity_id, level, colour, raised_at, cleared_at, details, subject_kind, subject_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                          $10::date[], $11::date[], $12::jsonb[], $13::text[], $14::text[])
     ON CONFLICT (alert_id) DO UPDATE SET cleared_at = excluded.cleared_at, details = excluded.details, updated_at = now()`,
    [
      col('alertId'),
      col('kind'),
      col('campaignId'),
      col('unitId'),
      col('issueId'),
      col('noticeId'),
      col('activityId'),
      col('level'),
      col('colour'),
      col('raisedAt'),
      col('clearedAt'),
      alerts.map((a) => JSON.stringify(a.details)),
      col('subjectKind'),
      col('subjectId'),
    ],
  );
}
