/**
 * The one query behind every count of the circular's table, live or historic: per unit, the issue
 * counts over the snapshots in force at the end of business day D as known at K (the issues read
 * model's current rows and ended versions), the activity counts and distinct enterprises over the
 * activities that happened by D and were recorded by K (the directory's). The report, its roll-ups
 * and the rankings all take their figures from here; the rules are counts.ts's.
 *
 * A snapshot is in force at (D, K) when it began by then in both times and its successor did not:
 * along an issue, persons' business time and record time only move forward, so the events an issue
 * had by (D, K) are a prefix of its stream and its state then is one of its snapshots. "Live" is D
 * = today and K = everything recorded.
 */
import type { Pool } from 'pg';
import {
  activityCountsFromSql,
  activityCountsSql,
  issueCountsFromSql,
  issueCountsSql,
  visitCountsSql,
  zeroCounts,
  type UnitCounts,
} from './counts';
import type { UnitCategoryCounts } from './report.categories';

/** The physical tables of the generations a query reads. */
export interface ReportTables {
  issues(base: string): string;
  directory(base: string): string;
}

export interface CountsQuery {
  campaignId: string;
  /** The business day D (YYYY-MM-DD): open overdue is "due before D". */
  day: string;
  /** The first instant after D (Asia/Shanghai): "as of D" is `occurredAt < before`. */
  before: Date;
  /** Count only what the store had recorded by then; null: everything. */
  knownAt: Date | null;
}

type Q = Pick<Pool, 'query'>;

/** The snapshot columns the counting rules read, from the current rows and the ended versions in force at (D, K). */
export function snapshotsInForceSql(t: ReportTables, columns: string): string {
  return `SELECT ${columns} FROM ${t.issues('iq_issue_versions')}
          WHERE campaign_id = $1 AND occurred_at < $2 AND recorded_at <= $3::timestamptz
            AND NOT (next_occurred_at < $2 AND next_recorded_at <= $3::timestamptz)
         UNION ALL
         SELECT ${columns} FROM ${t.issues('iq_issues')}
          WHERE campaign_id = $1 AND since_occurred_at < $2 AND since_recorded_at <= $3::timestamptz`;
}

/** Every unit's counts of one campaign as of D, as known at K. */
export async function unitCounts(db: Q, t: ReportTables, q: CountsQuery): Promise<Map<string, UnitCounts>> {
  const out = new Map<string, UnitCounts>();
  const entry = (unitId: string) => {
    let c = out.get(unitId);
    if (!c) out.set(unitId, (c = zeroCounts()));
    return c;
  };
  const known = q.knownAt ?? 'infinity';
  const issues = await db.query(
    `SELECT collecting_unit_id AS unit_id,
       ${issueCountsSql('$4')}
     FROM (${snapshotsInForceSql(t, 'collecting_unit_id, state, rating, due_on, resolved_on')}) v
     GROUP BY collecting_unit_id`,
    [q.campaignId, q.before, known, q.day],
  );
  for (const r of issues.rows) Object.assign(entry(r.unit_id), issueCountsFromSql(r));
  const activities = await db.query(
    `SELECT unit_id, ${activityCountsSql()}
     FROM ${t.directory('dir_activities')}
     WHERE campaign_id = $1 AND occurred_at < $2 AND recorded_at <= $3::timestamptz
     GROUP BY unit_id`,
    [q.campaignId, q.before, known],
  );
  for (const r of activities.rows) Object.assign(entry(r.unit_id), activityCountsFromSql(r));
  const visits = await db.query(
    `SELECT unit_id, ${visitCountsSql()} FROM ${t.directory('dir_activity_visits')}
     WHERE campaign_id = $1 AND occurred_at < $2 AND recorded_at <= $3::timestamptz
     GROUP BY unit_id`,
    [q.campaignId, q.before, known],
  );
  for (const r of visits.rows) entry(r.unit_id).enterprisesVisited = r.enterprises_visited;
  return out;
}

/**
 * The issue counts per collecting unit and recorded category, over the same snapshots in force at
 * (D, K) as `unitCounts` — the category is the issue's (constant, on its current row) — so the
 * breakdown sums to the units' counts.
 */
export async function categoryCounts(db: Q, t: ReportTables, q: CountsQuery): Promise<UnitCategoryCounts[]> {
  const { rows } = await db.query(
    `SELECT collecting_unit_id AS unit_id, category,
       ${issueCountsSql('$4')}
     FROM (SELECT v.*, i.category
             FROM (${snapshotsInForceSql(t, 'issue_id, collecting_unit_id, state, rating, due_on, resolved_on')}) v
             JOIN ${t.issues('iq_issues')} i ON i.issue_id = v.issue_id) s
     GROUP BY collecting_unit_id, category`,
    [q.campaignId, q.before, q.knownAt ?? 'infinity', q.day],
  );
  return rows.map((r) => ({ unitId: r.unit_id, category: r.category, counts: issueCountsFromSql(r) }));
}
