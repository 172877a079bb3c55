/**
 * The lists of the directory read model (its active generation): GET /units, /enterprises,
 * /campaigns, /activities and /supervision-notices, filtered and paged, in the shapes the API
 * answers. Single items are read from their streams by the API (read your own writes).
 */
import type { Pool } from 'pg';
import { generationTable } from '../runtime/projection';
import { activeGeneration } from '../runtime/status';
import type { Page } from '../shared';
import { DIRECTORY } from './directory.projection';

export interface Paging {
  page: number;
  pageSize: number;
}

export class DirectoryReader {
  constructor(private readonly db: Pick<Pool, 'query'>) {}

  /** The same reader on another pool (the fresh one ReadModelFreshness.wait answers). */
  on(db: Pick<Pool, 'query'>): DirectoryReader {
    return new DirectoryReader(db);
  }

  private async list<T>(
    base: string,
    columns: string,
    filters: Array<[string, unknown]>,
    order: string,
    p: Paging,
    map: (r: Record<string, any>) => T,
    extra: { where: string; value: unknown } | null = null,
  ): Promise<Page<T>> {
    const generation = await activeGeneration(this.db, DIRECTORY);
    if (generation === null) return { items: [], page: p.page, pageSize: p.pageSize, total: 0 };
    const params: unknown[] = [];
    const where = filters.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([col, v]) => `${col} = $${params.push(v)}`);
    if (extra) where.push(extra.where.replace(/\?/g, `$${params.push(extra.value)}`));
    const { rows } = await this.db.query(
      `SELECT count(*) OVER () AS total_count, ${columns} FROM ${generationTable(base, generation)}
       ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY ${order} LIMIT $${params.push(p.pageSize)} OFFSET $${params.push((p.page - 1) * p.pageSize)}`,
      params,
    );
    return { items: rows.map(map), page: p.page, pageSize: p.pageSize, total: rows.length ? Number(rows[0].total_count) : 0 };
  }

  units(f: { level?: string; parentUnitId?: string; status?: string }, p: Paging) {
    return this.list(
      'dir_units',
      '*',
      [
        ['level', f.level],
        ['parent_unit_id', f.parentUnitId],
        ['status', f.status],
      ],
      'level, name, unit_id',
      p,
      (r) => ({
        id: r.unit_id as string,
        name: r.name as string,
        level: r.level as string,
        parentUnitId: r.parent_unit_id as string | null,
        region: r.region as string,
        status: r.status as string,
        version: r.version as number,
      }),
    );
  }

  enterprises(q: string | undefined, p: Paging) {
    const like = q
      ? { where: '(name ILIKE ? OR credit_code ILIKE ? OR region ILIKE ?)', value: `%${q.replace(/[\\%_]/g, '\\$&')}%` }
      : null;
    return this.list(
      'dir_enterprises',
      '*',
      [],
      'name, credit_code',
      p,
      (r) => ({ creditCode: r.credit_code as string, name: r.name as string, region: r.region as string }),
      like,
    );
  }

  campaigns(f: { status?: string }, p: Paging) {
    return this.list('dir_campaigns', '*', [['status', f.status]], 'starts_on DESC, campaign_id', p, (r) => ({
      id: r.campaign_id as string,
      title: r.title as string,
      startsOn: r.starts_on as string,
      endsOn: r.ends_on as string,
      status: r.status as string,
      version: r.version as number,
      ...(r.settings as object),
    }));
  }

  activities(f: { campaignId?: string; unitId?: string; form?: string }, p: Paging) {
    return this.list(
      'dir_activities',
      '*',
      [
        ['campaign_id', f.campaignId],
        ['unit_id', f.unitId],
        ['form', f.form],
      ],
      'held_on DESC, activity_id',
      p,
      (r) => ({
        id: r.activity_id as string,
        campaignId: r.campaign_id as string,
        unitId: r.unit_id as string,
        form: r.form as string,
        heldOn: r.held_on as string,
        enterpriseCodes: r.enterprise_codes as string[],
        summary: r.summary as string,
      }),
    );
  }

  notices(f: { campaignId?: string; unitId?: string; status?: string }, p: Paging) {
    return this.list(
      'dir_notices',
      '*',
      [
        ['campaign_id', f.campaignId],
        ['unit_id', f.unitId],
        ['status', f.status],
      ],
      'issued_at DESC, notice_id',
      p,
      (r) => ({
        id: r.notice_id as string,
        campaignId: r.campaign_id as string,
        unitId: r.unit_id as string,
        issueIds: r.issue_ids as string[],
        level: r.level as string,
        reason: r.reason as string,
        respondBy: r.respond_by as string,
        status: r.status as string,
        response: r.response as string | null,
        outcome: r.outcome as string | null,
        version: r.version as number,
        issuedAt: r.issued_at as Date,
      }),
    );
  }

  /** Credit codes of the enterprises whose name contains `part` (the issue search by enterprise name), at most `limit`. */
  async enterpriseCodesNamed(part: string, limit = 1000): Promise<string[]> {
    const generation = await activeGeneration(this.db, DIRECTORY);
    if (generation === null || !part) return [];
    const { rows } = await this.db.query(
      `SELECT credit_code FROM ${generationTable('dir_enterprises', generation)} WHERE name ILIKE $1 ORDER BY credit_code LIMIT $2`,
      [`%${part.replace(/[\\%_]/g, '\\$&')}%`, limit],
    );
    return rows.map((r) => r.credit_code as string);
  }

  /** Unit id → name and level (alerts and rankings show names). */
  async unitNames(): Promise<Map<string, { name: string; level: string }>> {
    const generation = await activeGeneration(this.db, DIRECTORY);
    if (generation === null) return new Map();
    const { rows } = await this.db.query(`SELECT unit_id, name, level FROM ${generationTable('dir_units', generation)}`);
    return new Map(rows.map((r) => [r.unit_id as string, { name: r.name as string, level: r.level as string }]));
  }

  /** Credit code → enterprise name, for the codes asked (pages show the name with its code). */
  async enterpriseNames(codes: readonly string[]): Promise<Map<string, string>> {
    const generation = await activeGeneration(this.db, DIRECTORY);
    if (generation === null || codes.length === 0) return new Map();
    const { rows } = await this.db.query(
      `SELECT credit_code, name FROM ${generationTable('dir_enterprises', generation)} WHERE credit_code = ANY($1::text[])`,
      [[...new Set(codes)]],
    );
    return new Map(rows.map((r) => [r.credit_code as string, r.name as string]));
  }
}
