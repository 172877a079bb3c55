/** Reads of the alerts read model (its active generation): GET /alerts and the open-alert gauges. */
import type { Pool } from 'pg';
import { DirectoryReader } from '../directory/directory.reader';
import { generationTable } from '../runtime/projection';
import { activeGeneration } from '../runtime/status';
import { ALERTS } from './alerts.tables';

export interface AlertFilter {
  campaignId?: string;
  unitId?: string;
  kind?: string[];
  /** true: only open; false: only cleared; undefined: both — on `asOf` when given. */
  open?: boolean;
  /**
   * A business date: only alerts raised by then, open or cleared as they stood that day (an
   * alert cleared later was still open then).
   */
  asOf?: string;
  /** Alerts to skip (paging: the page's "load more"). */
  offset?: number;
  /** null: every unit; otherwise only these (the caller's scope). */
  units: string[] | null;
  limit: number;
}

export interface AlertItem {
  alertId: string;
  kind: string;
  level: string;
  colour: string;
  campaignId: string;
  unitId: string;
  unitName: string | null;
  issueId: string | null;
  noticeId: string | null;
  activityId: string | null;
  raisedAt: string;
  clearedAt: string | null;
  open: boolean;
  details: Record<string, unknown>;
  evaluatedAt: Date | null;
}

export class AlertsReader {
  constructor(private readonly db: Pick<Pool, 'query'>) {}

  /**
   * Open first, newest raised first; `total` of all that match, `truncated` when more than
   * `offset + limit` match (the next page starts at `offset + limit`).
   */
  async alerts(f: AlertFilter): Promise<{ alerts: AlertItem[]; total: number; offset: number; truncated: boolean; asOf?: string }> {
    const offset = f.offset ?? 0;
    const generation = await activeGeneration(this.db, ALERTS);
    if (generation === null) return { alerts: [], total: 0, offset, truncated: false, ...(f.asOf ? { asOf: f.asOf } : {}) };
    const t = (b: string) => generationTable(b, generation);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.campaignId) add('a.campaign_id = ?', f.campaignId);
    if (f.unitId) add('a.unit_id = ?', f.unitId);
    if (f.units) add('a.unit_id = ANY(?::text[])', f.units);
    if (f.kind?.length) add('a.kind = ANY(?::text[])', f.kind);
    // Open on a day: raised by then and not cleared by then (business dates, YYYY-MM-DD text).
    let openOn = 'a.cleared_at IS NULL';
    if (f.asOf) {
      add('a.raised_at <= ?', f.asOf);
      params.push(f.asOf);
      openOn = `(a.cleared_at IS NULL OR a.cleared_at > $${params.length})`;
    }
    if (f.open === true) where.push(openOn);
    if (f.open === false) where.push(`NOT ${openOn}`);
    const { rows } = await this.db.query(
      `SELECT a.*, s.evaluated_at, ${openOn} AS open_on, count(*) OVER () AS total_count FROM ${t('sv_alerts')} a
         LEFT JOIN ${t('sv_subjects')} s ON s.subject_kind = a.subject_kind AND s.subject_id = a.subject_id
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY ${openOn} DESC, a.raised_at DESC, a.alert_id
        LIMIT $${params.push(f.limit)} OFFSET $${params.push(offset)}`,
      params,
    );
    const total = rows.length ? Number(rows[0].total_count) : 0;
    const names = await new DirectoryReader(this.db).unitNames();
    const alerts = rows.map((r) => ({
      alertId: r.alert_id,
      kind: r.kind,
      level: r.level,
      colour: r.colour,
      campaignId: r.campaign_id,
      unitId: r.unit_id,
      unitName: names.get(r.unit_id)?.name ?? null,
      issueId: r.issue_id,
      noticeId: r.notice_id,
      activityId: r.activity_id,
      raisedAt: r.raised_at,
      // as it stood on the day asked: a clearing after it is not known there
      clearedAt: r.open_on ? null : r.cleared_at,
      open: Boolean(r.open_on),
      details: r.details,
      evaluatedAt: r.evaluated_at,
    }));
    return { alerts, total, offset, truncated: total > offset + alerts.length, ...(f.asOf ? { asOf: f.asOf } : {}) };
  }

  /** Open alerts by kind (the metrics' gauges); null before the read model exists. */
  async openByKind(): Promise<{ kind: string; count: number }[] | null> {
    const generation = await activeGeneration(this.db, ALERTS);
    if (generation === null) return null;
    const { rows } = await this.db.query(
      `SELECT kind, count(*)::int AS n FROM ${generationTable('sv_alerts', generation)} WHERE cleared_at IS NULL GROUP BY kind ORDER BY kind`,
    );
    return rows.map((r) => ({ kind: String(r.kind), count: Number(r.n) }));
  }
}
