import { Inject, Injectable } from '@nestjs/common';
import { businessDate } from '@banjie/domain';
import { Database } from '@banjie/event-store';
import { CLOCK, type Clock } from '@banjie/platform';
import { toPage, type Page } from '../http/paging';
import { DirectoryProjector } from './directory.projector';

type P = { page: number; pageSize: number; offset: number };

/** Reads of the `dir_*` tables behind the GET lists (after the directory has caught up). */
@Injectable()
export class DirectoryQueries {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projector: DirectoryProjector,
  ) {}

  private async list<T>(sql: string, where: string[], params: unknown[], order: string, p: P, map: (r: any) => T): Promise<Page<T>> {
    await this.projector.caughtUp();
    // On a read replica only once it has replayed what the primary has now (else on the primary).
    const pool = await this.db.freshReadPool();
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    params.push(p.pageSize, p.offset);
    const { rows } = await pool.query(
      `${sql.replace('SELECT', 'SELECT count(*) OVER () AS total_count,')} ${clause} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return toPage(rows, p, map);
  }

  units(f: { level?: string; parentUnitId?: string; status?: string }, p: P) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.level) where.push(`level = $${params.push(f.level)}`);
    if (f.parentUnitId) where.push(`parent_unit_id = $${params.push(f.parentUnitId)}`);
    if (f.status) where.push(`status = $${params.push(f.status)}`);
    return this.list(`SELECT * FROM dir_units`, where, params, 'level, name, unit_id', p, (r) => ({
      id: r.unit_id,
      name: r.name,
      level: r.level,
      parentUnitId: r.parent_unit_id,
      region: r.region,
      status: r.status,
      version: r.version,
    }));
  }

  enterprises(q: string | undefined, p: P) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
      where.push(`(name ILIKE $${params.push(like)} OR credit_code ILIKE $${params.length} OR region ILIKE $${params.length})`);
    }
    return this.list(`SELECT * FROM dir_enterprises`, where, params, 'name, credit_code', p, (r) => ({
      creditCode: r.credit_code,
      name: r.name,
      region: r.region,
    }));
  }

  campaigns(f: { status?: string }, p: P) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.status) where.push(`status = $${params.push(f.status)}`);
    return this.list(
      `SELECT campaign_id, title, starts_on::text AS starts_on, ends_on::text AS ends_on, status, settings, version FROM dir_campaigns`,
      where,
      params,
      'starts_on DESC, campaign_id',
      p,
      (r) => ({
        id: r.campaign_id,
        title: r.title,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        status: r.status,
        version: r.version,
        ...r.settings,
      }),
    );
  }

  activities(f: { campaignId?: string; unitId?: string; form?: string }, p: P) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.campaignId) where.push(`campaign_id = $${params.push(f.campaignId)}`);
    if (f.unitId) where.push(`unit_id = $${params.push(f.unitId)}`);
    if (f.form) where.push(`form = $${params.push(f.form)}`);
    return this.list(
      `SELECT activity_id, campaign_id, unit_id, form, held_on::text AS held_on, enterprise_codes, summary FROM dir_activities`,
      where,
      params,
      'held_on DESC, activity_id',
      p,
      (r) => ({
        id: r.activity_id,
        campaignId: r.campaign_id,
        unitId: r.unit_id,
        form: r.form,
        heldOn: r.held_on,
        enterpriseCodes: r.enterprise_codes,
        summary: r.summary,
      }),
    );
  }

  issues(f: { campaignId?: string; unitId?: string; state?: string; overdue?: boolean; enterpriseCode?: string }, p: P) {
    const where: string[] = [];
    const params: unknown[] = [];
    const today = businessDate(this.clock.now());
    if (f.campaignId) where.push(`campaign_id = $${params.push(f.campaignId)}`);
    if (f.unitId) where.push(`responsible_unit_id = $${params.push(f.unitId)}`);
    if (f.state) where.push(`state = $${params.push(f.state)}`);
    if (f.enterpriseCode) where.push(`enterprise_code = $${params.push(f.enterpriseCode)}`);
    const overdueSql = `(state IN ('pending', 'in_progress') AND due_on IS NOT NULL AND due_on < $${params.push(today)}::date)`;
    if (f.overdue !== undefined) where.push(f.overdue ? overdueSql : `NOT ${overdueSql}`);
    return this.list(
      `SELECT issue_id, campaign_id, collecting_unit_id, responsible_unit_id, enterprise_code, activity_id, kind, category, title, state,
              due_on::text AS due_on, last_rating, version, collected_at, updated_at, ${overdueSql} AS overdue FROM dir_issues`,
      where,
      params,
      'collected_at, issue_id',
      p,
      (r) => ({
        id: r.issue_id,
        campaignId: r.campaign_id,
        collectingUnitId: r.collecting_unit_id,
        responsibleUnitId: r.responsible_unit_id,
        enterpriseCode: r.enterprise_code,
        activityId: r.activity_id,
        kind: r.kind,
        category: r.category,
        title: r.title,
        state: r.state,
        dueOn: r.due_on,
        overdue: r.overdue,
        lastRating: r.last_rating,
        version: r.version,
        collectedAt: r.collected_at,
        updatedAt: r.updated_at,
      }),
    );
  }

  notices(f: { campaignId?: string; unitId?: string; status?: string }, p: P) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.campaignId) where.push(`campaign_id = $${params.push(f.campaignId)}`);
    if (f.unitId) where.push(`unit_id = $${params.push(f.unitId)}`);
    if (f.status) where.push(`status = $${params.push(f.status)}`);
    return this.list(
      `SELECT notice_id, campaign_id, unit_id, issue_ids, level, reason, respond_by::text AS respond_by, status, response, outcome, version, issued_at
       FROM dir_supervision_notices`,
      where,
      params,
      'issued_at DESC, notice_id',
      p,
      (r) => ({
        id: r.notice_id,
        campaignId: r.campaign_id,
        unitId: r.unit_id,
        issueIds: r.issue_ids,
        level: r.level,
        reason: r.reason,
        respondBy: r.respond_by,
        status: r.status,
        response: r.response,
        outcome: r.outcome,
        version: r.version,
        issuedAt: r.issued_at,
      }),
    );
  }
}
