/**
 * Evaluates the alerts of a generation of the alerts read model for business date `today`: every
 * subject marked since it was last evaluated — once the issues and directory read models have
 * passed the event that marked it, so it reads what that event did — and every subject whose next
 * check date has come. The pure rules (libs/supervision) re-run over the subject's whole life for
 * today, so raise and clear dates do not depend on when this ran; a subject's alert rows are
 * replaced in batches, each in one transaction with the subject rows locked in key order.
 */
import type { Pool } from 'pg';
import { inTransaction, type Checkpoint, type EventStore } from '@banjie/event-store';
import {
  evaluateIssue,
  evaluateNotice,
  evaluateUnits,
  supervisionSettings,
  type Alert,
  type Evaluation,
  type SupervisionSettings,
} from '@banjie/supervision';
import { campaignsTable, DIRECTORY, type CampaignRow } from '../directory/directory.projection';
import { ISSUES } from '../issues/issues.projection';
import { generationTable, subscriptionName } from '../runtime/projection';
import { activeGeneration } from '../runtime/status';
import {
  activityCountsFromSql,
  activityCountsSql,
  issueCountColumns,
  issueCountsFromSql,
  issueCountsSql,
  ISSUE_RULES,
} from '../reports/counts';
import { campaignFigures, issueTimeline, type IssueSpan } from './alert-inputs';
import { WorkingCalendarSource } from './working-calendar.source';
import { ALERTS, alertsTable, type AlertRow, type SubjectKind } from './alerts.tables';
import { lockSubjects, subjectLockOrder } from './subject-locks';

export interface RunReport {
  evaluated: number;
  alerts: number;
  /** Subjects marked by events the read models they read have not applied yet (evaluated on a later pass). */
  waiting: number;
  /** `cause`: the error itself (a lost connection or a deadlock is worth a retry soon). */
  failed: Array<{ subject: string; error: string; cause?: unknown }>;
}

interface Due {
  kind: SubjectKind;
  id: string;
  seq: number;
}

const BATCH = 500;

/** Spans (snapshots with their business times, known now) of the issues matching `where` ($1). */
function spansSql(issues: (b: string) => string, where: string): string {
  const cols = `issue_id, campaign_id, collecting_unit_id, activity_id, state, responsible_unit_id, due_on, resolved_on, rating,
                last_rating, due_since, progress_since, seq`;
  return `SELECT ${cols}, occurred_at, next_occurred_at, ended_by, ended_recorded_on, overdue_recorded
            FROM ${issues('iq_issue_versions')} WHERE ${where}
          UNION ALL
          SELECT ${cols}, since_occurred_at, NULL, NULL, NULL, false FROM ${issues('iq_issues')} WHERE ${where}`;
}

function spanOf(r: Record<string, any>): IssueSpan {
  return {
    issueId: r.issue_id,
    campaignId: r.campaign_id,
    collectingUnitId: r.collecting_unit_id,
    activityId: r.activity_id,
    state: r.state,
    responsibleUnitId: r.responsible_unit_id,
    dueOn: r.due_on,
    resolvedOn: r.resolved_on,
    rating: r.rating,
    lastRating: r.last_rating,
    dueSince: r.due_since,
    progressSince: r.progress_since,
    seq: r.seq,
    occurredAt: r.occurred_at,
    nextOccurredAt: r.next_occurred_at,
    endedBy: r.ended_by,
    endedRecordedOn: r.ended_recorded_on,
    overdueRecorded: r.overdue_recorded,
  };
}

export class AlertsEvaluator {
  private readonly calendars: WorkingCalendarSource;

  constructor(
    private readonly pool: Pool,
    private readonly store: Pick<EventStore, 'readStream' | 'streamVersion' | 'checkpoint'>,
    onUncoveredYear: (year: number) => void = () => undefined,
  ) {
    this.calendars = new WorkingCalendarSource(store, onUncoveredYear);
  }

  /**
   * One pass over `generation` (default: the active one) for business date `today`. `shouldStop`
   * is asked between subjects (a shutdown need not wait for thousands of them: what is left stays
   * marked and is evaluated by the next pass).
   */
  async runOnce(today: string, options: { generation?: number; shouldStop?: () => boolean } = {}): Promise<RunReport> {
    const { generation, shouldStop = () => false } = options;
    const report: RunReport = { evaluated: 0, alerts: 0, waiting: 0, failed: [] };
    const gen = generation ?? (await activeGeneration(this.pool, ALERTS));
    const issuesGen = await activeGeneration(this.pool, ISSUES);
    const directoryGen = await activeGeneration(this.pool, DIRECTORY);
    if (gen === null || issuesGen === null || directoryGen === null) return report;
    const sv = (b: string) => generationTable(b, gen);
    const issues = (b: string) => generationTable(b, issuesGen);
    const directory = (b: string) => generationTable(b, directoryGen);
    const [issuesAt, directoryAt] = await Promise.all([
      this.store.checkpoint(subscriptionName(ISSUES, issuesGen)),
      this.store.checkpoint(subscriptionName(DIRECTORY, directoryGen)),
    ]);
    const calendar = await this.calendars.calendar();
    const campaigns = new Map<string, CampaignRow | null>();
    const campaign = async (id: string) => {
      if (!campaigns.has(id)) {
        const { rows } = await this.pool.query(`SELECT * FROM ${directory('dir_campaigns')} WHERE campaign_id = $1`, [id]);
        campaigns.set(id, rows[0] ? campaignsTable.fromRow(rows[0]) : null);
      }
      return campaigns.get(id)!;
    };
    /** A page of due subjects with what their evaluation reads (an issue's spans, a notice's row). */
    const page = async (kinds: readonly SubjectKind[], after: [string, string]) => {
      const due = await this.due(sv, today, kinds, after, issuesAt, directoryAt);
      const issueIds = due.subjects.filter((s) => s.kind === 'issue').map((s) => s.id);
      const spans = new Map<string, IssueSpan[]>();
      if (issueIds.length) {
        const { rows } = await this.pool.query(spansSql(issues, 'issue_id = ANY($1::text[])'), [issueIds]);
        for (const r of rows) {
          const list = spans.get(r.issue_id);
          if (list) list.push(spanOf(r));
          else spans.set(r.issue_id, [spanOf(r)]);
        }
      }
      const noticeIds = due.subjects.filter((s) => s.kind === 'notice').map((s) => s.id);
      const notices = new Map<string, Record<string, any>>();
      if (noticeIds.length) {
        const { rows } = await this.pool.query(`SELECT * FROM ${directory('dir_notices')} WHERE notice_id = ANY($1::text[])`, [noticeIds]);
        for (const r of rows) notices.set(r.notice_id, r);
      }
      return { due, spans, notices };
    };
    // Issues and notices first (their evaluation marks nothing, but the campaigns read the same days), then campaigns.
    for (const kinds of [['issue', 'notice'], ['campaign']] as const) {
      // The next page is read while this one is evaluated and saved (pages are disjoint: keys after the last one's).
      let next = page(kinds, ['', '']);
      next.catch(() => undefined); // awaited below (a failure surfaces there), or dropped when stopping
      while (!shouldStop()) {
        const { due, spans, notices } = await next;
        report.waiting += due.waiting;
        if (due.subjects.length === 0) break;
        const last = due.subjects.at(-1)!;
        next = page(kinds, [last.kind, last.id]);
        next.catch(() => undefined); // likewise
        const results = new Map<Due, Evaluation>();
        for (const s of due.subjects) {
          if (shouldStop()) break;
          try {
            if (s.kind === 'issue') {
              const timeline = issueTimeline(spans.get(s.id) ?? []);
              const settings = timeline ? settingsOf(await campaign(timeline.campaignId)) : supervisionSettings(null);
              results.set(s, evaluateIssue(timeline, settings, calendar, today));
            } else if (s.kind === 'notice') {
              const n = notices.get(s.id);
              results.set(
                s,
                evaluateNotice(
                  n
                    ? {
                        noticeId: n.notice_id,
                        campaignId: n.campaign_id,
                        unitId: n.unit_id,
                        level: n.level,
                        reason: n.reason,
                        issueIds: n.issue_ids,
                        respondBy: n.respond_by,
                        answeredOn: n.answered_on,
                        closedOn: n.closed_on,
                      }
                    : null,
                  calendar,
                  today,
                ),
              );
            } else {
              const c = await campaign(s.id);
              if (!c) results.set(s, { alerts: [], nextCheckOn: null });
              else {
                const figures = await this.figures(issues, directory, s.id);
                const info = { campaignId: c.campaignId, startsOn: c.startsOn, endsOn: c.endsOn, closedOn: c.closedOn };
                results.set(s, evaluateUnits(info, figures, settingsOf(c), today));
              }
            }
          } catch (error) {
            report.failed.push({
              subject: `${s.kind}:${s.id}`,
              error: error instanceof Error ? error.message : String(error),
              cause: error,
            });
          }
        }
        try {
          const saved = await this.save(gen, generation === undefined, sv, results, today);
          report.evaluated += saved.subjects;
          report.alerts += saved.alerts;
        } catch (error) {
          for (const s of results.keys())
            report.failed.push({
              subject: `${s.kind}:${s.id}`,
              error: error instanceof Error ? error.message : String(error),
              cause: error,
            });
        }
      }
    }
    return report;
  }

  /** What the unit alerts of a campaign read now: its figures over time from the active read models (null before they exist). */
  async campaignFigures(campaignId: string) {
    const issuesGen = await activeGeneration(this.pool, ISSUES);
    const directoryGen = await activeGeneration(this.pool, DIRECTORY);
    if (issuesGen === null || directoryGen === null) return null;
    return this.figures(
      (b) => generationTable(b, issuesGen),
      (b) => generationTable(b, directoryGen),
      campaignId,
    );
  }

  /**
   * A campaign's figures over time: its issues' snapshots and its activities, counted by SQL the
   * report's rules generate (reports/counts.ts) and grouped by unit and business dates, so the
   * memory it takes does not grow with the campaign's history.
   */
  async figures(issues: (b: string) => string, directory: (b: string) => string, campaignId: string) {
    const day = (column: string) => `to_char(${column} AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD')`;
    const spans = `SELECT collecting_unit_id, activity_id, state, rating, due_on, resolved_on,
                          ${day('occurred_at')} AS from_day, ${day('next_occurred_at')} AS to_day
                     FROM ${issues('iq_issue_versions')} WHERE campaign_id = $1
                   UNION ALL
                   SELECT collecting_unit_id, activity_id, state, rating, due_on, resolved_on,
                          ${day('since_occurred_at')}, NULL FROM ${issues('iq_issues')} WHERE campaign_id = $1`;
    const inForce = `(${spans}) s WHERE s.to_day IS NULL OR s.to_day > s.from_day`;
    // Open overdue is asked per day: not a figure of the alerts (no day: never counted). Each span
    // counts from its first day and is taken off on the day the next began: the database sums those
    // changes per unit and day, so what comes back is one row per (unit, day) a figure moved on —
    // the same days and points as the spans themselves, a fraction of the rows.
    const cols = issueCountColumns();
    const counted = await this.pool.query(
      `WITH spans AS (SELECT collecting_unit_id, from_day, to_day, ${issueCountsSql(`''`)} FROM ${inForce}
                       GROUP BY collecting_unit_id, from_day, to_day)
       SELECT collecting_unit_id, day, ${cols.map((c) => `sum(sign * ${c})::int AS ${c}`).join(', ')}
         FROM (SELECT collecting_unit_id, from_day AS day, 1 AS sign, ${cols.join(', ')} FROM spans
               UNION ALL
               SELECT collecting_unit_id, to_day, -1, ${cols.join(', ')} FROM spans WHERE to_day IS NOT NULL) changes
        GROUP BY collecting_unit_id, day`,
      [campaignId],
    );
    const activities = await this.pool.query(
      `SELECT unit_id, ${day('occurred_at')} AS on_day, ${activityCountsSql()} FROM ${directory('dir_activities')}
        WHERE campaign_id = $1 GROUP BY unit_id, on_day`,
      [campaignId],
    );
    const visits = await this.pool.query(
      `SELECT unit_id, on_day, count(*)::int AS n FROM (
         SELECT unit_id, enterprise_code, min(${day('occurred_at')}) AS on_day FROM ${directory('dir_activity_visits')}
          WHERE campaign_id = $1 GROUP BY unit_id, enterprise_code) v
        GROUP BY unit_id, on_day`,
      [campaignId],
    );
    const symposiums = await this.pool.query(
      `SELECT activity_id, unit_id, held_on, jsonb_array_length(enterprise_codes) AS enterprises FROM ${directory('dir_activities')}
        WHERE campaign_id = $1 AND form = 'symposium'`,
      [campaignId],
    );
    const symposiumIssues = await this.pool.query(
      `SELECT activity_id, from_day, to_day, count(*) FILTER (WHERE ${ISSUE_RULES.issuesCollected.sql(`''`)})::int AS n FROM ${inForce}
          AND s.activity_id IN (SELECT activity_id FROM ${directory('dir_activities')} WHERE campaign_id = $1 AND form = 'symposium')
        GROUP BY activity_id, from_day, to_day`,
      [campaignId],
    );
    return campaignFigures({
      issues: counted.rows.map((r) => ({ unitId: r.collecting_unit_id, from: r.day, to: null, counts: issueCountsFromSql(r) })),
      activities: activities.rows.map((r) => ({ unitId: r.unit_id, on: r.on_day, counts: activityCountsFromSql(r) })),
      firstVisits: visits.rows.map((r) => ({ unitId: r.unit_id, on: r.on_day, enterprises: r.n })),
      symposiums: symposiums.rows.map((r) => ({
        activityId: r.activity_id,
        unitId: r.unit_id,
        heldOn: r.held_on,
        enterprises: r.enterprises,
      })),
      symposiumIssues: symposiumIssues.rows.map((r) => ({ activityId: r.activity_id, from: r.from_day, to: r.to_day, count: r.n })),
    });
  }

  /** The next page of subjects due on `today` whose marks the read models have passed, and how many wait for them. */
  private async due(
    sv: (b: string) => string,
    today: string,
    kinds: readonly SubjectKind[],
    after: [string, string],
    issuesAt: Checkpoint,
    directoryAt: Checkpoint,
  ): Promise<{ subjects: Due[]; waiting: number }> {
    const { rows } = await this.pool.query(
      `SELECT subject_kind, subject_id, dirty, dirty_seq,
              (NOT dirty OR ((marked_tx::xid8, marked_position) <= ($4::xid8, $5::bigint)
                         AND (marked_tx::xid8, marked_position) <= ($6::xid8, $7::bigint))) AS ready
         FROM ${sv('sv_subjects')}
        WHERE (dirty OR next_check_on <= $1) AND subject_kind = ANY($2::text[]) AND (subject_kind, subject_id) > ($3, $8)
        ORDER BY subject_kind, subject_id LIMIT ${BATCH}`,
      [today, kinds, after[0], issuesAt.transactionId, issuesAt.position, directoryAt.transactionId, directoryAt.position, after[1]],
    );
    const ready = rows.filter((r) => r.ready);
    // A page of only waiting subjects still moves the cursor on.
    const subjects = ready.map((r) => ({ kind: r.subject_kind, id: r.subject_id, seq: Number(r.dirty_seq) }));
    if (subjects.length === 0 && rows.length === BATCH) {
      const last = rows.at(-1)!;
      const more = await this.due(sv, today, kinds, [last.subject_kind, last.subject_id], issuesAt, directoryAt);
      return { subjects: more.subjects, waiting: rows.length + more.waiting };
    }
    return { subjects, waiting: rows.length - ready.length };
  }

  /**
   * Replaces the subjects' alerts in one transaction. For the active generation it holds the
   * projection's row (FOR KEY SHARE: a switch waits, live batches do not); subject rows are locked in
   * key order, as the subscription's marks take them. A subject is left dirty if a mark came meanwhile.
   */
  private async save(
    generation: number,
    active: boolean,
    sv: (b: string) => string,
    results: Map<Due, Evaluation>,
    today: string,
  ): Promise<{ subjects: number; alerts: number }> {
    if (results.size === 0) return { subjects: 0, alerts: 0 };
    const subjects = subjectLockOrder([...results.keys()]);
    const alerts = subjects.flatMap((s) => results.get(s)!.alerts.map(alertRow));
    await inTransaction(this.pool, async (tx) => {
      if (active) {
        const { rows } = await tx.query(`SELECT generation FROM projections WHERE name = $1 FOR KEY SHARE`, [ALERTS]);
        if (rows[0]?.generation !== generation) throw new Error(`alerts generation ${generation} is no longer active`);
      }
      const kinds = subjects.map((s) => s.kind);
      const ids = subjects.map((s) => s.id);
      await lockSubjects(tx, sv('sv_subjects'), subjects);
      await tx.query(
        `DELETE FROM ${sv('sv_alerts')} a USING unnest($1::text[], $2::text[]) AS k(kind, id)
          WHERE a.subject_kind = k.kind AND a.subject_id = k.id`,
        [kinds, ids],
      );
      await alertsTable.write(tx, sv('sv_alerts'), alerts, 'upsert');
      await tx.query(
        `UPDATE ${sv('sv_subjects')} s SET dirty = (s.dirty_seq <> k.seq), next_check_on = k.next, evaluated_at = now()
           FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) AS k(kind, id, seq, next)
          WHERE s.subject_kind = k.kind AND s.subject_id = k.id`,
        [
          kinds,
          ids,
          subjects.map((s) => s.seq),
          subjects.map((s) => {
            const next = results.get(s)!.nextCheckOn;
            return next && next > today ? next : null;
          }),
        ],
      );
    });
    return { subjects: subjects.length, alerts: alerts.length };
  }
}

function settingsOf(c: CampaignRow | null): SupervisionSettings {
  return supervisionSettings(c?.settings ?? null);
}

function alertRow(a: Alert): AlertRow {
  return {
    alertId: a.alertId,
    kind: a.kind,
    campaignId: a.campaignId,
    unitId: a.unitId,
    issueId: a.issueId,
    noticeId: a.noticeId,
    activityId: a.activityId,
    level: a.level,
    colour: a.colour,
    raisedAt: a.raisedAt,
    clearedAt: a.clearedAt,
    details: a.details,
    subjectKind: a.subjectKind,
    subjectId: a.subjectId,
  };
}
