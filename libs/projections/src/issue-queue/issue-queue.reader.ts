/** Reads the issue queue's active generation (for GET /issues and the unit's workbench). */
import type { Pool } from 'pg';
import { generationTable } from '../runtime/projection';
import { activeGeneration } from '../runtime/status';
import { ISSUE_QUEUE, issueQueueRowFrom } from './issue-queue.projection';
import type { IssueQueueRow, IssueQueueState } from './issue-queue.evolve';

export interface IssueQueueFilter {
  campaignId?: string;
  /** The responsible unit (a unit's work list). */
  unitId?: string;
  collectingUnitId?: string;
  state?: IssueQueueState | IssueQueueState[];
  /** true: open and past due on `today` (or flagged by the watcher); false: not. */
  overdue?: boolean;
  /** Business date used for `overdue` (default: the watcher's flag only). */
  today?: string;
  page?: number;
  pageSize?: number;
}

export class IssueQueueReader {
  constructor(private readonly db: Pick<Pool, 'query'>) {}

  async list(filter: IssueQueueFilter = {}): Promise<{ items: IssueQueueRow[]; total: number; page: number; pageSize: number }> {
    const generation = await activeGeneration(this.db, ISSUE_QUEUE);
    const page = Math.max(1, filter.page ?? 1);
    const pageSize = Math.min(500, Math.max(1, filter.pageSize ?? 50));
    if (generation === null) return { items: [], total: 0, page, pageSize };
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => (params.push(v), where.push(sql.replace('?', `$${params.length}`)));
    if (filter.campaignId) add('campaign_id = ?', filter.campaignId);
    if (filter.unitId) add('responsible_unit_id = ?', filter.unitId);
    if (filter.collectingUnitId) add('collecting_unit_id = ?', filter.collectingUnitId);
    if (filter.state) add('state = ANY(?::text[])', Array.isArray(filter.state) ? filter.state : [filter.state]);
    if (filter.overdue !== undefined) {
      const cond = filter.today
        ? (params.push(filter.today), `(state IN ('pending', 'in_progress') AND (overdue OR due_on < $${params.length}))`)
        : `(state IN ('pending', 'in_progress') AND overdue)`;
      where.push(filter.overdue ? cond : `NOT ${cond}`);
    }
    const table = generationTable('iq_issues', generation);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (await this.db.query(`SELECT count(*)::int AS n FROM ${table} ${w}`, params)).rows[0].n;
    const { rows } = await this.db.query(
      `SELECT * FROM ${table} ${w} ORDER BY due_on NULLS LAST, last_event_at DESC, issue_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return { items: rows.map(issueQueueRowFrom), total, page, pageSize };
  }

  async get(issueId: string): Promise<IssueQueueRow | null> {
    const generation = await activeGeneration(this.db, ISSUE_QUEUE);
    if (generation === null) return null;
    const { rows } = await this.db.query(`SELECT * FROM ${generationTable('iq_issues', generation)} WHERE issue_id = $1`, [issueId]);
    return rows[0] ? issueQueueRowFrom(rows[0]) : null;
  }
}
