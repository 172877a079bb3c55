/** issue-queue, persisted: load the touched rows, evolve in memory, upsert in one statement. */
import type { StoredEvent } from '@banjie/event-store';
import {
  RebuildCache,
  type ProjectionContext,
  type ProjectionDefinition,
  type RebuildSession,
  type RebuildSessionOptions,
} from '../runtime/projection';
import { bulkInsert, setExcluded, type Column } from '../runtime/sql';
import { issueIdOf } from '../unit-statistics/unit-statistics.evolve';
import { evolveIssueQueue, ISSUE_QUEUE_EVENTS, type IssueQueueRow } from './issue-queue.evolve';

export const ISSUE_QUEUE = 'issue-queue';

const columns: Column<IssueQueueRow>[] = [
  { name: 'issue_id', type: 'text[]', value: (r) => r.issueId },
  { name: 'campaign_id', type: 'text[]', value: (r) => r.campaignId },
  { name: 'state', type: 'text[]', value: (r) => r.state },
  { name: 'responsible_unit_id', type: 'text[]', value: (r) => r.responsibleUnitId },
  { name: 'collecting_unit_id', type: 'text[]', value: (r) => r.collectingUnitId },
  { name: 'enterprise_code', type: 'text[]', value: (r) => r.enterpriseCode },
  { name: 'kind', type: 'text[]', value: (r) => r.kind },
  { name: 'category', type: 'text[]', value: (r) => r.category },
  { name: 'title', type: 'text[]', value: (r) => r.title },
  { name: 'due_on', type: 'text[]', value: (r) => r.dueOn },
  { name: 'overdue', type: 'boolean[]', value: (r) => r.overdue },
  { name: 'overdue_since', type: 'timestamptz[]', value: (r) => r.overdueSince },
  { name: 'resolved_at', type: 'timestamptz[]', value: (r) => r.resolvedAt },
  { name: 'rating', type: 'text[]', value: (r) => r.rating },
  { name: 'last_event_type', type: 'text[]', value: (r) => r.lastEventType },
  { name: 'last_event_at', type: 'timestamptz[]', value: (r) => r.lastEventAt },
  { name: 'last_recorded_at', type: 'timestamptz[]', value: (r) => r.lastRecordedAt },
  { name: 'version', type: 'int[]', value: (r) => r.version },
];

export function issueQueueRowFrom(r: Record<string, any>): IssueQueueRow {
  return {
    issueId: r.issue_id,
    campaignId: r.campaign_id,
    state: r.state,
    responsibleUnitId: r.responsible_unit_id,
    collectingUnitId: r.collecting_unit_id,
    enterpriseCode: r.enterprise_code,
    kind: r.kind,
    category: r.category,
    title: r.title,
    dueOn: r.due_on,
    overdue: r.overdue,
    overdueSince: r.overdue_since,
    resolvedAt: r.resolved_at,
    rating: r.rating,
    lastEventType: r.last_event_type,
    lastEventAt: r.last_event_at,
    lastRecordedAt: r.last_recorded_at,
    version: r.version,
  };
}

export const issueQueueProjection: ProjectionDefinition = {
  name: ISSUE_QUEUE,
  version: 1,
  handles: ISSUE_QUEUE_EVENTS,
  tables: ['iq_issues'],

  async apply(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void> {
    const table = ctx.table('iq_issues');
    const ids = [...new Set(events.map(issueIdOf))];
    const { rows } = await ctx.tx.query(`SELECT * FROM ${table} WHERE issue_id = ANY($1::text[])`, [ids]);
    const current = new Map<string, IssueQueueRow>(rows.map((r) => [r.issue_id, issueQueueRowFrom(r)]));
    const changed = new Map<string, IssueQueueRow>();
    for (const e of events) {
      const id = issueIdOf(e);
      try {
        const next = evolveIssueQueue(current.get(id) ?? null, e);
        current.set(id, next);
        changed.set(id, next);
      } catch (error) {
        if (!ctx.onEventError) throw error;
        ctx.onEventError(e, error);
      }
    }
    await writeRows(ctx, [...changed.values()]);
  },

  rebuildSession: (options) => new IssueQueueRebuild(options),
};

function writeRows(ctx: ProjectionContext, rows: readonly IssueQueueRow[]): Promise<void> {
  return bulkInsert(ctx.tx, ctx.table('iq_issues'), columns, rows, `(issue_id) DO UPDATE SET ${setExcluded(columns, ['issue_id'])}`);
}

/**
 * Rebuild fast path: the rows in memory for the bulk phase (the least recently touched written
 * ones dropped beyond `cacheEntities`, read back if touched again); a drain writes each changed
 * row once.
 */
class IssueQueueRebuild implements RebuildSession {
  private readonly rows: RebuildCache<IssueQueueRow>;
  private changed = new Map<string, IssueQueueRow>();

  constructor(options: RebuildSessionOptions) {
    this.rows = new RebuildCache(options.cacheEntities);
  }

  async apply(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void> {
    const missing = this.rows.missing(events.map(issueIdOf));
    if (missing.length) {
      const { rows } = await ctx.tx.query(`SELECT * FROM ${ctx.table('iq_issues')} WHERE issue_id = ANY($1::text[])`, [missing]);
      for (const r of rows) this.rows.set(r.issue_id, issueQueueRowFrom(r));
    }
    for (const e of events) {
      const id = issueIdOf(e);
      const next = evolveIssueQueue(this.rows.get(id) ?? null, e);
      this.rows.set(id, next);
      this.changed.set(id, next);
    }
  }

  drain(): (ctx: ProjectionContext) => Promise<void> {
    const rows = [...this.changed.values()];
    this.changed = new Map();
    return (ctx) => writeRows(ctx, rows);
  }

  committed(): void {
    this.rows.evict(this.changed);
  }
}
