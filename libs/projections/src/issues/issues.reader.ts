/**
 * Reads of the issues read model (the active generation): the issue list behind GET /issues — as
 * it stands, or as of a business date from the snapshots in force then — and the deadline
 * watcher's shortlist (open issues past their due date with no IssueBecameOverdue for it).
 */
import type { Pool } from 'pg';
import { generationTable } from '../runtime/projection';
import { activeGeneration } from '../runtime/status';
import { endOfBusinessDay as endOf, type Page } from '../shared';
import { ISSUES, issuesTable } from './issues.projection';
import type { IssueLifeState, IssueRow } from './issue.fold';

export interface IssueListFilter {
  campaignId?: string;
  /** The responsible unit (a unit's work list). */
  unitId?: string;
  /** The collecting unit (what the report counts a unit's issues by). */
  collectingUnitId?: string;
  /** Several units (an officer's scope); combined with `unitId`. */
  unitIds?: readonly string[];
  state?: IssueLifeState;
  /** true: open and past its due date on the day asked; false: not. */
  overdue?: boolean;
  enterpriseCode?: string;
  /**
   * Search text (issue #18): a case number (whole or its tail, `2023-000123`, `123`), part of the
   * title, a credit code, or — through `qEnterpriseCodes` — part of an enterprise's name.
   */
  q?: string;
  /** Credit codes of the enterprises whose name matches `q` (the directory's, looked up by the caller). */
  qEnterpriseCodes?: readonly string[];
  /** The business date the list answers for: each issue's state as of that date (issues collected later are left out). */
  asOf?: string;
  /** Today's business date (overdue is "due before the day asked": asOf, else today). */
  today: string;
  page: number;
  pageSize: number;
}

/** One issue of the list (GET /issues). */
export interface IssueListItem {
  id: string;
  /** Readable, sequential within the campaign (case-numbers.ts); null for a moment after collection. */
  caseNumber: string | null;
  campaignId: string;
  collectingUnitId: string;
  responsibleUnitId: string;
  enterpriseCode: string;
  activityId: string | null;
  kind: string;
  category: string;
  title: string;
  state: IssueLifeState;
  dueOn: string | null;
  overdue: boolean;
  lastRating: string | null;
  /** The stream version now (send it back as If-Match). */
  version: number;
  collectedAt: Date;
  /** Business time of the issue's latest event. */
  updatedAt: Date;
}

/** One request waiting for the supervision office (GET /inbox). */
export interface InboxItem {
  kind: 'extension' | 'withdrawal' | 'resolution';
  issueId: string;
  caseNumber: string | null;
  campaignId: string;
  responsibleUnitId: string;
  enterpriseCode: string;
  title: string;
  state: IssueLifeState;
  dueOn: string | null;
  overdue: boolean;
  /** The stream version now: send it back as If-Match with the decision. */
  version: number;
  requestedOn: string | null;
  reason?: string;
  requestedDueOn?: string;
  resolution?: string;
}

/**
 * The search condition of `q`: a case number (whole, `2023-000123`, or its sequence, `123`), part of
 * the title, a credit code (whole or part), or one of the enterprises whose name matched.
 */
function searchCondition(q: string, enterpriseCodes: readonly string[], p: (v: unknown) => string): string {
  const text = q.trim();
  const like = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
  const or = [`n.case_number = ${p(text)}`, `i.title ILIKE ${p(like)}`, `i.enterprise_code ILIKE ${p(like.toUpperCase())}`];
  if (/^\d{1,6}$/.test(text)) or.push(`n.seq = ${p(Number(text))}`);
  if (enterpriseCodes.length) or.push(`i.enterprise_code = ANY(${p(enterpriseCodes)}::text[])`);
  return `(${or.join(' OR ')})`;
}

export class IssuesReader {
  constructor(private readonly db: Pick<Pool, 'query'>) {}

  /** The same reader on another pool (the fresh one ReadModelFreshness.wait answers). */
  on(db: Pick<Pool, 'query'>): IssuesReader {
    return new IssuesReader(db);
  }

  private async table(base: string): Promise<string | null> {
    const generation = await activeGeneration(this.db, ISSUES);
    return generation === null ? null : generationTable(base, generation);
  }

  async list(f: IssueListFilter): Promise<Page<IssueListItem> & { asOf?: string }> {
    const empty = { items: [], page: f.page, pageSize: f.pageSize, total: 0, ...(f.asOf ? { asOf: f.asOf } : {}) };
    const issues = await this.table('iq_issues');
    const versions = await this.table('iq_issue_versions');
    const numbers = await this.table('iq_case_numbers');
    if (!issues || !versions || !numbers) return empty;
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    const day = p(f.asOf ?? f.today);
    // The snapshot in force at the end of the day asked (everything known), or the current one.
    let snapshots = `SELECT issue_id, state, responsible_unit_id, due_on, last_rating FROM ${issues}`;
    if (f.asOf) {
      const end = p(endOf(f.asOf));
      snapshots = `SELECT issue_id, state, responsible_unit_id, due_on, last_rating FROM ${versions}
                    WHERE occurred_at < ${end} AND next_occurred_at >= ${end}
                   UNION ALL
                   SELECT issue_id, state, responsible_unit_id, due_on, last_rating FROM ${issues} WHERE since_occurred_at < ${end}`;
    }
    if (f.campaignId) where.push(`i.campaign_id = ${p(f.campaignId)}`);
    if (f.enterpriseCode) where.push(`i.enterprise_code = ${p(f.enterpriseCode)}`);
    if (f.q) where.push(searchCondition(f.q, f.qEnterpriseCodes ?? [], p));
    if (f.unitId) where.push(`s.responsible_unit_id = ${p(f.unitId)}`);
    if (f.collectingUnitId) where.push(`i.collecting_unit_id = ${p(f.collectingUnitId)}`);
    if (f.unitIds) where.push(`s.responsible_unit_id = ANY(${p(f.unitIds)}::text[])`);
    if (f.state) where.push(`s.state = ${p(f.state)}`);
    const overdue = `(s.state IN ('pending', 'in_progress') AND s.due_on IS NOT NULL AND s.due_on < ${day})`;
    if (f.overdue !== undefined) where.push(f.overdue ? overdue : `NOT ${overdue}`);
    const { rows } = await this.db.query(
      `SELECT count(*) OVER () AS total_count, i.issue_id, i.campaign_id, i.collecting_unit_id, i.enterprise_code, i.activity_id,
              i.kind, i.category, i.title, i.version, i.collected_at, i.last_event_at,
              s.state, s.responsible_unit_id, s.due_on, s.last_rating, ${overdue} AS overdue, n.case_number
         FROM (${snapshots}) s JOIN ${issues} i ON i.issue_id = s.issue_id
         LEFT JOIN ${numbers} n ON n.issue_id = i.issue_id
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY i.collected_at, i.issue_id
        LIMIT ${p(f.pageSize)} OFFSET ${p((f.page - 1) * f.pageSize)}`,
      params,
    );
    return {
      ...empty,
      total: rows.length ? Number(rows[0].total_count) : 0,
      items: rows.map((r) => ({
        id: r.issue_id,
        caseNumber: r.case_number ?? null,
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
        updatedAt: r.last_event_at,
      })),
    };
  }

  /** The issue's case number, or null (not collected, or not yet applied). */
  async caseNumber(issueId: string): Promise<string | null> {
    const numbers = await this.table('iq_case_numbers');
    if (!numbers) return null;
    const { rows } = await this.db.query(`SELECT case_number FROM ${numbers} WHERE issue_id = $1`, [issueId]);
    return rows[0]?.case_number ?? null;
  }

  /**
   * The supervision office's inbox (issue #18): open issues with a request waiting for its decision
   * — an extension, a withdrawal, a submitted resolution — oldest request first; `unitIds` narrows it
   * to the responsible units given (an officer's own pending requests).
   */
  async inbox(f: { campaignId?: string; unitIds?: readonly string[]; limit?: number }): Promise<InboxItem[]> {
    const issues = await this.table('iq_issues');
    const numbers = await this.table('iq_case_numbers');
    if (!issues || !numbers) return [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = [`(i.extension_request IS NOT NULL OR i.withdrawal_request IS NOT NULL OR i.submitted_resolution IS NOT NULL)`];
    if (f.campaignId) where.push(`i.campaign_id = ${p(f.campaignId)}`);
    if (f.unitIds) where.push(`i.responsible_unit_id = ANY(${p(f.unitIds)}::text[])`);
    const { rows } = await this.db.query(
      `SELECT i.*, n.case_number FROM ${issues} i LEFT JOIN ${numbers} n ON n.issue_id = i.issue_id
        WHERE ${where.join(' AND ')} ORDER BY i.last_event_at, i.issue_id LIMIT ${p(f.limit ?? 500)}`,
      params,
    );
    return rows.flatMap((r) => {
      const row = issuesTable.fromRow(r);
      const base = {
        issueId: row.issueId,
        caseNumber: (r.case_number as string | null) ?? null,
        campaignId: row.campaignId,
        responsibleUnitId: row.responsibleUnitId,
        enterpriseCode: row.enterpriseCode,
        title: row.title,
        state: row.state,
        dueOn: row.dueOn,
        overdue: row.overdue,
        version: row.version,
      };
      const out: InboxItem[] = [];
      if (row.withdrawalRequest)
        out.push({ ...base, kind: 'withdrawal', reason: row.withdrawalRequest.reason, requestedOn: row.withdrawalRequest.requestedOn });
      if (row.submittedResolution)
        out.push({
          ...base,
          kind: 'resolution',
          resolution: row.submittedResolution.resolution,
          requestedOn: row.submittedResolution.submittedOn,
        });
      if (row.extensionRequest)
        out.push({
          ...base,
          kind: 'extension',
          requestedDueOn: row.extensionRequest.requestedDueOn,
          reason: row.extensionRequest.reason,
          requestedOn: row.extensionRequest.requestedOn,
        });
      return out;
    });
  }

  /** Issue id → what a heading shows (title, enterprise, case number when the read model has one). */
  async headings(ids: readonly string[]): Promise<Map<string, { title: string; enterpriseCode: string; caseNumber?: string }>> {
    const issues = await this.table('iq_issues');
    const numbers = await this.table('iq_case_numbers');
    if (!issues || !numbers || ids.length === 0) return new Map();
    const { rows } = await this.db.query(
      `SELECT i.*, n.case_number FROM ${issues} i LEFT JOIN ${numbers} n ON n.issue_id = i.issue_id WHERE i.issue_id = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    return new Map(
      rows.map((r) => [
        r.issue_id as string,
        {
          title: r.title as string,
          enterpriseCode: r.enterprise_code as string,
          ...(r.case_number ? { caseNumber: String(r.case_number) } : {}),
        },
      ]),
    );
  }

  /** Whole rows (the fold's), of one campaign or all, in id order. */
  async rows(campaignId?: string): Promise<IssueRow[]> {
    const issues = await this.table('iq_issues');
    if (!issues) return [];
    const { rows } = await this.db.query(`SELECT * FROM ${issues} WHERE $1::text IS NULL OR campaign_id = $1 ORDER BY issue_id`, [
      campaignId ?? null,
    ]);
    return rows.map((r) => issuesTable.fromRow(r));
  }

  /**
   * The deadline watcher's shortlist on business date `today`: open issues whose due date in force
   * is before today and has no IssueBecameOverdue yet. Only a shortlist — the domain decides.
   */
  async overdueCandidates(today: string, limit = 10_000): Promise<Array<{ issueId: string; dueOn: string }>> {
    const issues = await this.table('iq_issues');
    if (!issues) return [];
    const { rows } = await this.db.query(
      `SELECT issue_id, due_on FROM ${issues}
        WHERE state IN ('pending', 'in_progress') AND due_on < $1 AND NOT (overdue_recorded_for ? due_on)
        ORDER BY due_on, issue_id LIMIT $2`,
      [today, limit],
    );
    return rows.map((r) => ({ issueId: r.issue_id, dueOn: r.due_on }));
  }
}
