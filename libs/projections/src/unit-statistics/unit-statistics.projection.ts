/**
 * unit-statistics, persisted: loads the rows a batch touches in one query per table, applies
 * the pure `applyStatisticsBatch`, and writes the result with one bulk statement per table, all
 * on the subscription's transaction (so rows and checkpoint commit together).
 */
import type { Rating } from '@banjie/domain';
import type { SqlSession, StoredEvent } from '@banjie/event-store';
import {
  RebuildCache,
  type ProjectionContext,
  type ProjectionDefinition,
  type RebuildSession,
  type RebuildSessionOptions,
} from '../runtime/projection';
import { bulkInsert, setExcluded, type Column } from '../runtime/sql';
import { snapshotOf, type IssueFact, type IssueFactStatus, type IssueSnapshot } from './issue-fact';
import {
  addCounts,
  applyStatisticsBatch,
  issueIdOf,
  touchedBy,
  UNIT_STATISTICS_EVENTS,
  visitKey,
  type ActivityRow,
  type CampaignRow,
  type ClosedVersion,
  type StatisticsChanges,
  type StatisticsState,
  type UnitRow,
  type UnitStatsRow,
} from './unit-statistics.evolve';

export const UNIT_STATISTICS = 'unit-statistics';

export const UNIT_STATISTICS_TABLES = [
  'us_units',
  'us_campaigns',
  'us_unit_stats',
  'us_visits',
  'us_issues',
  'us_issue_versions',
  'us_activities',
  'us_activity_visits',
] as const;

const snapshotColumns = <R>(snap: (r: R) => IssueSnapshot): Column<R>[] => [
  { name: 'counted', type: 'boolean[]', value: (r) => snap(r).counted },
  { name: 'is_resolved', type: 'boolean[]', value: (r) => snap(r).resolved },
  { name: 'rating', type: 'text[]', value: (r) => snap(r).rating },
  { name: 'due_known', type: 'boolean[]', value: (r) => snap(r).dueKnown },
  { name: 'on_time', type: 'boolean[]', value: (r) => snap(r).onTime },
  { name: 'is_open', type: 'boolean[]', value: (r) => snap(r).open },
  { name: 'open_due_on', type: 'text[]', value: (r) => snap(r).openDueOn },
];

const issueColumns: Column<IssueFact>[] = [
  { name: 'issue_id', type: 'text[]', value: (f) => f.issueId },
  { name: 'campaign_id', type: 'text[]', value: (f) => f.campaignId },
  { name: 'unit_id', type: 'text[]', value: (f) => f.unitId },
  { name: 'status', type: 'text[]', value: (f) => f.status },
  { name: 'due_on', type: 'text[]', value: (f) => f.dueOn },
  { name: 'resolved_on', type: 'text[]', value: (f) => f.resolvedOn },
  { name: 'resolved_due_on', type: 'text[]', value: (f) => f.resolvedDueOn },
  { name: 'seq', type: 'int[]', value: (f) => f.seq },
  { name: 'since_occurred_at', type: 'timestamptz[]', value: (f) => f.since.occurredAt },
  { name: 'since_recorded_at', type: 'timestamptz[]', value: (f) => f.since.recordedAt },
  { name: 'last_occurred_at', type: 'timestamptz[]', value: (f) => f.last.occurredAt },
  { name: 'last_recorded_at', type: 'timestamptz[]', value: (f) => f.last.recordedAt },
  ...snapshotColumns<IssueFact>((f) => snapshotOf(f)),
];

const versionColumns: Column<ClosedVersion>[] = [
  { name: 'issue_id', type: 'text[]', value: (v) => v.issueId },
  { name: 'seq', type: 'int[]', value: (v) => v.seq },
  { name: 'campaign_id', type: 'text[]', value: (v) => v.campaignId },
  { name: 'unit_id', type: 'text[]', value: (v) => v.unitId },
  { name: 'occurred_at', type: 'timestamptz[]', value: (v) => v.occurredAt },
  { name: 'recorded_at', type: 'timestamptz[]', value: (v) => v.recordedAt },
  { name: 'next_occurred_at', type: 'timestamptz[]', value: (v) => v.nextOccurredAt },
  { name: 'next_recorded_at', type: 'timestamptz[]', value: (v) => v.nextRecordedAt },
  ...snapshotColumns<ClosedVersion>((v) => v.snapshot),
];

const STAT_COLUMNS: Array<[string, (r: UnitStatsRow) => number]> = [
  ['enterprises_visited', (r) => r.enterprisesVisited],
  ['activities', (r) => r.activities],
  ['activities_door_to_door', (r) => r.activitiesByForm.door_to_door],
  ['activities_symposium', (r) => r.activitiesByForm.symposium],
  ['activities_online', (r) => r.activitiesByForm.online],
  ['activities_phone', (r) => r.activitiesByForm.phone],
  ['issues_collected', (r) => r.issuesCollected],
  ['issues_resolved', (r) => r.issuesResolved],
  ['rated', (r) => r.rated],
  ['satisfied', (r) => r.satisfied],
  ['basically_satisfied', (r) => r.basicallySatisfied],
  ['dissatisfied', (r) => r.dissatisfied],
  ['on_time_resolved', (r) => r.onTimeResolved],
  ['resolved_with_due', (r) => r.resolvedWithDue],
];
export const UNIT_STATS_COUNT_COLUMNS = STAT_COLUMNS.map(([c]) => c);

const statColumns: Column<UnitStatsRow>[] = [
  { name: 'campaign_id', type: 'text[]', value: (r) => r.campaignId },
  { name: 'unit_id', type: 'text[]', value: (r) => r.unitId },
  ...STAT_COLUMNS.map(([name, value]) => ({ name, type: 'int[]', value })),
];

const unitColumns: Column<UnitRow>[] = [
  { name: 'unit_id', type: 'text[]', value: (u) => u.unitId },
  { name: 'name', type: 'text[]', value: (u) => u.name },
  { name: 'level', type: 'text[]', value: (u) => u.level },
  { name: 'parent_unit_id', type: 'text[]', value: (u) => u.parentUnitId },
  { name: 'region', type: 'text[]', value: (u) => u.region },
  { name: 'retired', type: 'boolean[]', value: (u) => u.retired },
];

const campaignColumns: Column<CampaignRow>[] = [
  { name: 'campaign_id', type: 'text[]', value: (c) => c.campaignId },
  { name: 'title', type: 'text[]', value: (c) => c.title },
  { name: 'starts_on', type: 'text[]', value: (c) => c.startsOn },
  { name: 'ends_on', type: 'text[]', value: (c) => c.endsOn },
  { name: 'closed', type: 'boolean[]', value: (c) => c.closed },
];

type Visit = { campaignId: string; unitId: string; enterpriseCode: string; occurredAt: Date };
const visitColumns: Column<Visit>[] = [
  { name: 'campaign_id', type: 'text[]', value: (v) => v.campaignId },
  { name: 'unit_id', type: 'text[]', value: (v) => v.unitId },
  { name: 'enterprise_code', type: 'text[]', value: (v) => v.enterpriseCode },
  { name: 'first_occurred_at', type: 'timestamptz[]', value: (v) => v.occurredAt },
];

const activityColumns: Column<ActivityRow>[] = [
  { name: 'activity_id', type: 'text[]', value: (a) => a.activityId },
  { name: 'campaign_id', type: 'text[]', value: (a) => a.campaignId },
  { name: 'unit_id', type: 'text[]', value: (a) => a.unitId },
  { name: 'form', type: 'text[]', value: (a) => a.form },
  { name: 'enterprises', type: 'int[]', value: (a) => a.enterpriseCodes.length },
  { name: 'occurred_at', type: 'timestamptz[]', value: (a) => a.occurredAt },
  { name: 'recorded_at', type: 'timestamptz[]', value: (a) => a.recordedAt },
];

type ActivityVisit = { a: ActivityRow; code: string };
const activityVisitColumns: Column<ActivityVisit>[] = [
  { name: 'activity_id', type: 'text[]', value: (v) => v.a.activityId },
  { name: 'enterprise_code', type: 'text[]', value: (v) => v.code },
  { name: 'campaign_id', type: 'text[]', value: (v) => v.a.campaignId },
  { name: 'unit_id', type: 'text[]', value: (v) => v.a.unitId },
  { name: 'occurred_at', type: 'timestamptz[]', value: (v) => v.a.occurredAt },
  { name: 'recorded_at', type: 'timestamptz[]', value: (v) => v.a.recordedAt },
];

export function issueFactFromRow(r: Record<string, any>): IssueFact {
  return {
    issueId: r.issue_id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    status: r.status as IssueFactStatus,
    dueOn: r.due_on,
    resolvedOn: r.resolved_on,
    resolvedDueOn: r.resolved_due_on,
    rating: (r.rating as Rating | null) ?? null,
    seq: r.seq,
    since: { occurredAt: r.since_occurred_at, recordedAt: r.since_recorded_at },
    last: { occurredAt: r.last_occurred_at, recordedAt: r.last_recorded_at },
  };
}

async function load(tx: SqlSession, t: (b: string) => string, events: readonly StoredEvent[]): Promise<StatisticsState> {
  const touched = touchedBy(events);
  const state: StatisticsState = { issues: new Map(), visits: new Set(), units: new Map(), campaigns: new Map() };
  if (touched.issueIds.size) {
    const { rows } = await tx.query(`SELECT * FROM ${t('us_issues')} WHERE issue_id = ANY($1::text[])`, [[...touched.issueIds]]);
    for (const r of rows) {
      // A rating is stored only while resolved (snapshot column); the fact keeps it the same way.
      state.issues.set(r.issue_id, issueFactFromRow(r));
    }
  }
  if (touched.visits.length) {
    const { rows } = await tx.query(
      `SELECT v.campaign_id, v.unit_id, v.enterprise_code FROM ${t('us_visits')} v
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(c, u, e)
         ON v.campaign_id = k.c AND v.unit_id = k.u AND v.enterprise_code = k.e`,
      [touched.visits.map((v) => v.campaignId), touched.visits.map((v) => v.unitId), touched.visits.map((v) => v.enterpriseCode)],
    );
    for (const r of rows) state.visits.add(visitKey(r.campaign_id, r.unit_id, r.enterprise_code));
  }
  if (touched.unitIds.size) {
    const { rows } = await tx.query(`SELECT * FROM ${t('us_units')} WHERE unit_id = ANY($1::text[])`, [[...touched.unitIds]]);
    for (const r of rows)
      state.units.set(r.unit_id, {
        unitId: r.unit_id,
        name: r.name,
        level: r.level,
        parentUnitId: r.parent_unit_id,
        region: r.region,
        retired: r.retired,
      });
  }
  if (touched.campaignIds.size) {
    const { rows } = await tx.query(`SELECT * FROM ${t('us_campaigns')} WHERE campaign_id = ANY($1::text[])`, [[...touched.campaignIds]]);
    for (const r of rows)
      state.campaigns.set(r.campaign_id, {
        campaignId: r.campaign_id,
        title: r.title,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        closed: r.closed,
      });
  }
  return state;
}

export const unitStatisticsProjection: ProjectionDefinition = {
  name: UNIT_STATISTICS,
  version: 1,
  handles: UNIT_STATISTICS_EVENTS,
  tables: UNIT_STATISTICS_TABLES,
  appendOnlyTables: ['us_issue_versions', 'us_activities', 'us_activity_visits'],

  async apply(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void> {
    const state = await load(ctx.tx, (b) => ctx.table(b), events);
    await writeChanges(ctx, applyStatisticsBatch(state, events, ctx.onEventError));
  },

  rebuildSession: (options) => new StatisticsRebuild(options),
};

function emptyChanges(): StatisticsChanges {
  return {
    issues: new Map(),
    closedVersions: [],
    deltas: new Map(),
    newVisits: [],
    activities: [],
    units: new Map(),
    campaigns: new Map(),
  };
}

/**
 * Rebuild fast path: the state stays in memory for the bulk phase (nothing is read back, except
 * an issue dropped from memory — beyond `cacheEntities`, least recently touched, already written —
 * that an event touches again), and the changes of many batches are merged — one row per issue,
 * unit, campaign and campaign × unit per drain, however often it changed — then written in one go.
 * Units and campaigns stay in memory whole (a few hundred); the visit keys already counted are
 * read per batch (see loadVisits).
 */
class StatisticsRebuild implements RebuildSession {
  private readonly issues: RebuildCache<IssueFact>;
  private readonly state: StatisticsState;
  private pending = emptyChanges();
  /** Visit keys counted since the last drain, and in the write in flight. */
  private visitsPending = new Set<string>();
  private visitsWriting = new Set<string>();

  constructor(options: RebuildSessionOptions) {
    this.issues = new RebuildCache(options.cacheEntities);
    this.state = { issues: this.issues.map, visits: new Set(), units: new Map(), campaigns: new Map() };
  }

  async apply(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void> {
    const ids: string[] = [];
    for (const e of events) if (e.type.startsWith('Issue') || e.type === 'FeedbackGiven') ids.push(issueIdOf(e));
    const missing = this.issues.missing(ids);
    if (missing.length) {
      const { rows } = await ctx.tx.query(`SELECT * FROM ${ctx.table('us_issues')} WHERE issue_id = ANY($1::text[])`, [missing]);
      for (const r of rows) this.issues.set(r.issue_id, issueFactFromRow(r));
    }
    await this.loadVisits(events, ctx);
    const ch = applyStatisticsBatch(this.state, events);
    const p = this.pending;
    for (const v of ch.newVisits) this.visitsPending.add(visitKey(v.campaignId, v.unitId, v.enterpriseCode));
    for (const [k, v] of ch.issues) {
      this.issues.set(k, v); // most recently touched; known from now on
      p.issues.set(k, v);
    }
    for (const [k, v] of ch.units) p.units.set(k, v);
    for (const [k, v] of ch.campaigns) p.campaigns.set(k, v);
    for (const [k, d] of ch.deltas) {
      const old = p.deltas.get(k);
      p.deltas.set(k, old ? addCounts(old, d) : d);
    }
    for (const v of ch.closedVersions) p.closedVersions.push(v);
    for (const v of ch.newVisits) p.newVisits.push(v);
    for (const a of ch.activities) p.activities.push(a);
  }

  /**
   * The batch's visit keys already counted: those written since the last commit are in memory
   * (`visitsPending`, `visitsWriting`), the others are read from the committed table — not kept
   * in memory, they are a third of a million at 1M events.
   */
  private async loadVisits(events: readonly StoredEvent[], ctx: ProjectionContext): Promise<void> {
    const visits = new Set<string>();
    this.state.visits = visits;
    const ask = touchedBy(events).visits.filter((v) => {
      const k = visitKey(v.campaignId, v.unitId, v.enterpriseCode);
      if (!this.visitsPending.has(k) && !this.visitsWriting.has(k)) return true;
      visits.add(k);
      return false;
    });
    if (!ask.length) return;
    const { rows } = await ctx.tx.query(
      `SELECT v.campaign_id, v.unit_id, v.enterprise_code FROM ${ctx.table('us_visits')} v
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(c, u, e)
         ON v.campaign_id = k.c AND v.unit_id = k.u AND v.enterprise_code = k.e`,
      [ask.map((v) => v.campaignId), ask.map((v) => v.unitId), ask.map((v) => v.enterpriseCode)],
    );
    for (const r of rows) visits.add(visitKey(r.campaign_id, r.unit_id, r.enterprise_code));
  }

  drain(): (ctx: ProjectionContext) => Promise<void> {
    const ch = this.pending;
    this.pending = emptyChanges();
    this.visitsWriting = this.visitsPending; // the previous write has committed (see committed())
    this.visitsPending = new Set();
    return (ctx) => writeChanges(ctx, ch);
  }

  committed(): void {
    this.issues.evict(this.pending.issues);
    this.visitsWriting = new Set();
  }
}

async function writeChanges(ctx: ProjectionContext, ch: StatisticsChanges): Promise<void> {
  const t = (b: string) => ctx.table(b);
  const tx = ctx.tx;
  await bulkInsert(
    tx,
    t('us_units'),
    unitColumns,
    [...ch.units.values()],
    `(unit_id) DO UPDATE SET ${setExcluded(unitColumns, ['unit_id'])}`,
  );
  await bulkInsert(
    tx,
    t('us_campaigns'),
    campaignColumns,
    [...ch.campaigns.values()],
    `(campaign_id) DO UPDATE SET ${setExcluded(campaignColumns, ['campaign_id'])}`,
  );
  await bulkInsert(
    tx,
    t('us_issues'),
    issueColumns,
    [...ch.issues.values()],
    `(issue_id) DO UPDATE SET ${setExcluded(issueColumns, ['issue_id'])}`,
  );
  await bulkInsert(tx, t('us_issue_versions'), versionColumns, ch.closedVersions);
  const deltas = [...ch.deltas.values()].filter((d) => STAT_COLUMNS.some(([, v]) => v(d) !== 0));
  const stats = t('us_unit_stats');
  await bulkInsert(
    tx,
    stats,
    statColumns,
    deltas,
    `(campaign_id, unit_id) DO UPDATE SET ${STAT_COLUMNS.map(([c]) => `${c} = ${stats}.${c} + excluded.${c}`).join(', ')}`,
  );
  await bulkInsert(tx, t('us_visits'), visitColumns, ch.newVisits);
  await bulkInsert(tx, t('us_activities'), activityColumns, ch.activities);
  await bulkInsert(
    tx,
    t('us_activity_visits'),
    activityVisitColumns,
    ch.activities.flatMap((a) => a.enterpriseCodes.map((code) => ({ a, code }))),
  );
}
