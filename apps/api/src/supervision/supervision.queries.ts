import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { businessDate } from '@banjie/domain';
import { Database, EVENT_STORE, type EventStore } from '@banjie/event-store';
import { CLOCK, ProblemError, type Clock } from '@banjie/platform';
import { rankUnits, SupervisionSources, type Rankings } from '@banjie/supervision';

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

/** The supervision office's reads: the alerts read model and rankings computed from events. */
@Injectable()
export class SupervisionQueries {
  private readonly sources: SupervisionSources;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.sources = new SupervisionSources(db.readPool as Pool, store);
  }

  async alerts(f: AlertFilter) {
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
    const { rows } = await this.db.readPool.query(
      `SELECT a.*, a.raised_at::text AS raised, a.cleared_at::text AS cleared,
              (SELECT s.evaluated_at FROM supervision_subjects s WHERE s.subject_kind = a.subject_kind AND s.subject_id = a.subject_id) AS evaluated_at
         FROM alerts a ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY (a.cleared_at IS NULL) DESC, a.raised_at DESC, a.alert_id
        LIMIT $${params.length}`,
      params,
    );
    const names = await this.sources.unitNames();
    const items = rows.slice(0, f.limit).map((r) => ({
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
      raisedAt: r.raised,
      clearedAt: r.cleared,
      open: r.cleared === null,
      details: r.details,
      evaluatedAt: r.evaluated_at,
    }));
    return { alerts: items, truncated: rows.length > f.limit };
  }

  async rankings(campaignId: string, asOf: string | undefined, units: string[] | null): Promise<Rankings & { campaignId: string }> {
    const campaign = await this.sources.campaign(campaignId);
    if (!campaign) throw new ProblemError(404, 'CAMPAIGN.NOT_FOUND', `campaign ${campaignId} does not exist`);
    const day = asOf ?? businessDate(this.clock.now());
    const ranked = rankUnits(await this.sources.campaignEvents(campaignId), day, await this.sources.unitNames());
    if (!units) return { campaignId, ...ranked };
    // An officer sees the ranks among all units, but only the rows of the units in their scope.
    const keep = <T extends { unitId: string }>(rows: T[]) => rows.filter((r) => units.includes(r.unitId));
    return {
      campaignId,
      asOf: ranked.asOf,
      completionRate: keep(ranked.completionRate),
      satisfactionRate: keep(ranked.satisfactionRate),
      onTimeRate: keep(ranked.onTimeRate),
      openOverdue: keep(ranked.openOverdue),
    };
  }
}
