/**
 * The SQL behind a report: live (the unit-statistics table, plus open-overdue counted on the
 * day asked) and as-of / known-at (one aggregate over the per-issue snapshot intervals and one
 * over the activity facts). See docs/projections.md for why the intervals answer both questions.
 */
import type { Pool } from 'pg';
import { zeroCounts } from '../unit-statistics/unit-statistics.evolve';
import type { UnitCounts } from './report.types';

export interface Tables {
  t(base: string): string;
}

export function zeroUnitCounts(): UnitCounts {
  return { ...zeroCounts(), openOverdue: 0 };
}

type Q = Pick<Pool, 'query'>;

function entry(map: Map<string, UnitCounts>, unitId: string): UnitCounts {
  let c = map.get(unitId);
  if (!c) map.set(unitId, (c = zeroUnitCounts()));
  return c;
}

/** Current counts from the live table; openOverdue = open with a due date before `day`. */
export async function liveCounts(db: Q, tables: Tables, campaignId: string, day: string): Promise<Map<string, UnitCounts>> {
  const out = new Map<string, UnitCounts>();
  const stats = await db.query(`SELECT * FROM ${tables.t('us_unit_stats')} WHERE campaign_id = $1`, [campaignId]);
  for (const r of stats.rows) {
    const c = entry(out, r.unit_id);
    c.enterprisesVisited = r.enterprises_visited;
    c.activities = r.activities;
    c.activitiesByForm = {
      door_to_door: r.activities_door_to_door,
      symposium: r.activities_symposium,
      online: r.activities_online,
      phone: r.activities_phone,
    };
    c.issuesCollected = r.issues_collected;
    c.issuesResolved = r.issues_resolved;
    c.rated = r.rated;
    c.satisfied = r.satisfied;
    c.basicallySatisfied = r.basically_satisfied;
    c.dissatisfied = r.dissatisfied;
    c.onTimeResolved = r.on_time_resolved;
    c.resolvedWithDue = r.resolved_with_due;
  }
  const overdue = await db.query(
    `SELECT unit_id, count(*)::int AS n FROM ${tables.t('us_issues')}
     WHERE campaign_id = $1 AND is_open AND open_due_on < $2 GROUP BY unit_id`,
    [campaignId, day],
  );
  for (const r of overdue.rows) entry(out, r.unit_id).openOverdue = r.n;
  return out;
}

const SNAPSHOT = `unit_id, counted, is_resolved, rating, due_known, on_time, is_open, open_due_on`;

/**
 * Counts as of the end of business day `day` (`before` = that instant) as known at `knownAt`.
 * An issue's snapshot is chosen by its interval: begun by then in both times, and not yet
 * replaced by a next one begun by then in both times (business and record time both only move
 * forward along an issue's stream, so that is exactly the prefix of the stream that qualifies).
 */
export async function asOfCounts(
  db: Q,
  tables: Tables,
  campaignId: string,
  day: string,
  before: Date,
  knownAt: Date | null,
): Promise<Map<string, UnitCounts>> {
  const out = new Map<string, UnitCounts>();
  const known = knownAt ?? 'infinity';
  const issues = await db.query(
    `SELECT unit_id,
            count(*) FILTER (WHERE counted)::int AS collected,
            count(*) FILTER (WHERE is_resolved)::int AS resolved,
            count(*) FILTER (WHERE is_resolved AND rating IS NOT NULL)::int AS rated,
            count(*) FILTER (WHERE is_resolved AND rating = 'satisfied')::int AS satisfied,
            count(*) FILTER (WHERE is_resolved AND rating = 'basically_satisfied')::int AS basically,
            count(*) FILTER (WHERE is_resolved AND rating = 'dissatisfied')::int AS dissatisfied,
            count(*) FILTER (WHERE on_time)::int AS on_time,
            count(*) FILTER (WHERE due_known)::int AS with_due,
            count(*) FILTER (WHERE is_open AND open_due_on < $4)::int AS open_overdue
     FROM (
       SELECT ${SNAPSHOT} FROM ${tables.t('us_issue_versions')}
        WHERE campaign_id = $1 AND occurred_at < $2 AND recorded_at <= $3::timestamptz
          AND NOT (next_occurred_at < $2 AND next_recorded_at <= $3::timestamptz)
       UNION ALL
       SELECT ${SNAPSHOT} FROM ${tables.t('us_issues')}
        WHERE campaign_id = $1 AND since_occurred_at < $2 AND since_recorded_at <= $3::timestamptz
     ) v
     GROUP BY unit_id`,
    [campaignId, before, known, day],
  );
  for (const r of issues.rows) {
    const c = entry(out, r.unit_id);
    c.issuesCollected = r.collected;
    c.issuesResolved = r.resolved;
    c.rated = r.rated;
    c.satisfied = r.satisfied;
    c.basicallySatisfied = r.basically;
    c.dissatisfied = r.dissatisfied;
    c.onTimeResolved = r.on_time;
    c.resolvedWithDue = r.with_due;
    c.openOverdue = r.open_overdue;
  }
  const activities = await db.query(
    `SELECT unit_id, count(*)::int AS n,
            count(*) FILTER (WHERE form = 'door_to_door')::int AS door_to_door,
            count(*) FILTER (WHERE form = 'symposium')::int AS symposium,
            count(*) FILTER (WHERE form = 'online')::int AS online,
            count(*) FILTER (WHERE form = 'phone')::int AS phone
     FROM ${tables.t('us_activities')}
     WHERE campaign_id = $1 AND occurred_at < $2 AND recorded_at <= $3::timestamptz
     GROUP BY unit_id`,
    [campaignId, before, known],
  );
  for (const r of activities.rows) {
    const c = entry(out, r.unit_id);
    c.activities = r.n;
    c.activitiesByForm = { door_to_door: r.door_to_door, symposium: r.symposium, online: r.online, phone: r.phone };
  }
  const visits = await db.query(
    `SELECT unit_id, count(DISTINCT enterprise_code)::int AS n FROM ${tables.t('us_activity_visits')}
     WHERE campaign_id = $1 AND occurred_at < $2 AND recorded_at <= $3::timestamptz
     GROUP BY unit_id`,
    [campaignId, before, known],
  );
  for (const r of visits.rows) entry(out, r.unit_id).enterprisesVisited = r.n;
  return out;
}
