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
  /** true: only open; false: only cleared; undefined: both. */
  open?: boolean;
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

  /** Open first, newest raised first; `truncated` when more than `limit` match. */
  async alerts(f: AlertFilter): Promise<{ alerts: AlertItem[]; truncated: boolean }> {
    const generation = await activeGeneration(this.db, ALERTS);
    if (generation === null) return { alerts: [], truncated: false };
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
    if (f.open === true) where.push('a.cleared_at IS NULL');
    if (f.open === false) where.push('a.cleared_at IS NOT NULL');
    params.push(f.limit + 1);
    const { rows } = await this.db.query(
      `SELECT a.*, s.evaluated_at FROM ${t('sv_alerts')} a
         LEFT JOIN ${t('sv_subjects')} s ON s.subject_kind = a.subject_kind AND s.subject_id = a.subject_id
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY (a.cleared_at IS NULL) DESC, a.raised_at DESC, a.alert_id
        LIMIT $${params.length}`,
      params,
    );
    const names = await new DirectoryReader(this.db).unitNames();
    const alerts = rows.slice(0, f.limit).map((r) => ({
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
      clearedAt: r.cleared_at,
      open: r.cleared_at === null,
      details: r.details,
      evaluatedAt: r.evaluated_at,
    }));
    return { alerts, truncated: rows.length > f.limit };
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
