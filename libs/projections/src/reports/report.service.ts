/**
 * The campaign report (the circular's statistics table) for the API and the CLI. Reads the
 * active generation of unit-statistics: live when neither asOf nor knownAt is asked, else the
 * bitemporal aggregate. Roll-ups sum the counts and then divide (never average rates).
 */
import type { Pool } from 'pg';
import { isValidDate, type UnitLevel } from '@banjie/domain';
import { businessDate, endOfBusinessDay } from '../shared';
import { activeGeneration } from '../runtime/status';
import { generationTable } from '../runtime/projection';
import { UNIT_STATISTICS } from '../unit-statistics/unit-statistics.projection';
import { asOfCounts, liveCounts, zeroUnitCounts, type Tables } from './report.queries';
import { rate, type CampaignReport, type ReportRow, type UnitCounts } from './report.types';

export class ReportRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ReportRequestError';
  }
}

export interface ReportQuery {
  /** YYYY-MM-DD business date; default today (the clock's business date). */
  asOf?: string;
  /** ISO instant: count only what the store had recorded by then. */
  knownAt?: string | Date;
  /**
   * Only these units' rows (an officer's unit and the units below it); groups and total are then
   * the sums of the visible rows. null/absent: every unit.
   */
  units?: readonly string[] | null;
}

export interface UnitInfo {
  unitId: string;
  name: string;
  level: UnitLevel | null;
  parentUnitId: string | null;
  region: string | null;
  retired: boolean;
}

export const GROUP_NAMES = { department: '厅本级', prefecture: '市州' } as const;
export const TOTAL_NAME = '合计';

const UNDEFINED_TABLE = '42P01';

export class ReportService {
  constructor(
    private readonly db: Pick<Pool, 'query'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async report(campaignId: string, query: ReportQuery = {}): Promise<CampaignReport> {
    const { asOf, knownAt, historic } = this.parse(query);
    // A switch may drop the generation we resolved between two queries: ask again once.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.build(campaignId, asOf, knownAt, historic, query.units ?? null);
      } catch (error) {
        if ((error as { code?: string }).code !== UNDEFINED_TABLE || attempt > 0) throw error;
      }
    }
  }

  /** Units with their parent's roll-up: for each unit that has children, itself plus its children. */
  rollUpByParent(report: CampaignReport): ReportRow[] {
    const children = new Map<string, ReportRow[]>();
    for (const r of report.rows) if (r.parentUnitId) children.set(r.parentUnitId, [...(children.get(r.parentUnitId) ?? []), r]);
    const out: ReportRow[] = [];
    for (const r of report.rows) {
      const kids = r.unitId ? children.get(r.unitId) : undefined;
      if (!kids?.length) continue;
      out.push(
        rowOf(
          { unitId: r.unitId, unitName: r.unitName, level: r.level, parentUnitId: r.parentUnitId },
          sumCounts([r, ...kids].map(countsOfRow)),
        ),
      );
    }
    return out;
  }

  private parse(query: ReportQuery): { asOf: string; knownAt: Date | null; historic: boolean } {
    let knownAt: Date | null = null;
    if (query.knownAt !== undefined && query.knownAt !== null && query.knownAt !== '') {
      knownAt = query.knownAt instanceof Date ? query.knownAt : new Date(String(query.knownAt));
      if (Number.isNaN(knownAt.getTime()) || (typeof query.knownAt === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(query.knownAt)))
        throw new ReportRequestError(
          400,
          'REPORT.KNOWN_AT_INVALID',
          `knownAt must be an ISO date-time, not "${String(query.knownAt)}"`,
          'knownAt',
        );
    }
    if (query.asOf !== undefined && query.asOf !== '' && !isValidDate(query.asOf))
      throw new ReportRequestError(400, 'REPORT.AS_OF_INVALID', `asOf must be a date YYYY-MM-DD, not "${query.asOf}"`, 'asOf');
    const asOf = query.asOf || businessDate(knownAt ?? this.now());
    return { asOf, knownAt, historic: Boolean(query.asOf) || knownAt !== null };
  }

  private async build(
    campaignId: string,
    asOf: string,
    knownAt: Date | null,
    historic: boolean,
    visible: readonly string[] | null,
  ): Promise<CampaignReport> {
    const generation = await activeGeneration(this.db, UNIT_STATISTICS);
    if (generation === null)
      throw new ReportRequestError(503, 'PROJECTION.NOT_READY', 'the unit-statistics projection has not been built yet (start the worker)');
    const tables: Tables = { t: (base) => generationTable(base, generation) };
    const campaign = await this.db.query(`SELECT campaign_id FROM ${tables.t('us_campaigns')} WHERE campaign_id = $1`, [campaignId]);
    if (campaign.rows.length === 0) throw new ReportRequestError(404, 'CAMPAIGN.NOT_FOUND', `no campaign ${campaignId}`);
    const counts = historic
      ? await asOfCounts(this.db, tables, campaignId, asOf, endOfBusinessDay(asOf), knownAt)
      : await liveCounts(this.db, tables, campaignId, asOf);
    const units = (await this.db.query(`SELECT * FROM ${tables.t('us_units')}`)).rows.map((r): UnitInfo => ({
      unitId: r.unit_id,
      name: r.name,
      level: r.level,
      parentUnitId: r.parent_unit_id,
      region: r.region,
      retired: r.retired,
    }));
    return assembleReport(campaignId, asOf, knownAt, units, counts, visible);
  }
}

/** Rows in table order, the two level groups and the total, from units and their counts. */
export function assembleReport(
  campaignId: string,
  asOf: string,
  knownAt: Date | null,
  units: readonly UnitInfo[],
  counts: ReadonlyMap<string, UnitCounts>,
  visible: readonly string[] | null = null,
): CampaignReport {
  const byId = new Map(units.map((u) => [u.unitId, u]));
  for (const id of counts.keys())
    if (!byId.has(id)) byId.set(id, { unitId: id, name: id, level: null, parentUnitId: null, region: null, retired: false });
  const allowed = visible ? new Set(visible) : null;
  const shown = [...byId.values()].filter((u) => (!u.retired || counts.has(u.unitId)) && (!allowed || allowed.has(u.unitId)));
  const ordered = orderUnits(shown);
  const rows = ordered.map((u) =>
    rowOf({ unitId: u.unitId, unitName: u.name, level: u.level, parentUnitId: u.parentUnitId }, counts.get(u.unitId) ?? zeroUnitCounts()),
  );
  const inGroup = (level: 'department' | 'prefecture') =>
    ordered.filter((u) => groupOf(u) === level).map((u) => counts.get(u.unitId) ?? zeroUnitCounts());
  const groups = (['department', 'prefecture'] as const).map((level) =>
    rowOf({ unitId: null, unitName: GROUP_NAMES[level], level, parentUnitId: null }, sumCounts(inGroup(level))),
  );
  const total = rowOf(
    { unitId: null, unitName: TOTAL_NAME, level: null, parentUnitId: null },
    sumCounts(ordered.map((u) => counts.get(u.unitId) ?? zeroUnitCounts())),
  );
  return { campaignId, asOf, knownAt: knownAt ? knownAt.toISOString() : null, rows, groups, total };
}

/** 厅本级 = department units; 市州 = prefecture units with their county units (and units of unknown level). */
export function groupOf(u: Pick<UnitInfo, 'level'>): 'department' | 'prefecture' {
  return u.level === 'department' ? 'department' : 'prefecture';
}

const collator = new Intl.Collator('zh-Hans-CN');

/** Department units by name; then each prefecture-level unit followed by its county units. */
export function orderUnits<U extends UnitInfo>(units: readonly U[]): U[] {
  const byName = (a: U, b: U) =>
    collator.compare(a.region ?? '', b.region ?? '') || collator.compare(a.name, b.name) || a.unitId.localeCompare(b.unitId);
  const departments = units.filter((u) => u.level === 'department').sort(byName);
  const tops = units.filter((u) => u.level !== 'department' && u.level !== 'county').sort(byName);
  const counties = units.filter((u) => u.level === 'county').sort(byName);
  const placed = new Set<string>();
  const out: U[] = [...departments];
  for (const top of tops) {
    out.push(top);
    for (const c of counties)
      if (c.parentUnitId === top.unitId) {
        out.push(c);
        placed.add(c.unitId);
      }
  }
  for (const c of counties) if (!placed.has(c.unitId)) out.push(c);
  return out;
}

export function sumCounts(list: readonly UnitCounts[]): UnitCounts {
  const s = zeroUnitCounts();
  for (const c of list) {
    s.enterprisesVisited += c.enterprisesVisited;
    s.activities += c.activities;
    for (const f of Object.keys(s.activitiesByForm) as (keyof UnitCounts['activitiesByForm'])[])
      s.activitiesByForm[f] += c.activitiesByForm[f];
    s.issuesCollected += c.issuesCollected;
    s.issuesResolved += c.issuesResolved;
    s.rated += c.rated;
    s.satisfied += c.satisfied;
    s.basicallySatisfied += c.basicallySatisfied;
    s.dissatisfied += c.dissatisfied;
    s.onTimeResolved += c.onTimeResolved;
    s.resolvedWithDue += c.resolvedWithDue;
    s.openOverdue += c.openOverdue;
  }
  return s;
}

/** Rows keep the on-time denominator out of the JSON (DESIGN §7's ROW) but carry it for roll-ups. */
const RESOLVED_WITH_DUE = Symbol('resolvedWithDue');

export function rowOf(head: Pick<ReportRow, 'unitId' | 'unitName' | 'level' | 'parentUnitId'>, c: UnitCounts): ReportRow {
  const row: ReportRow = {
    ...head,
    enterprisesVisited: c.enterprisesVisited,
    activities: c.activities,
    activitiesByForm: { ...c.activitiesByForm },
    issuesCollected: c.issuesCollected,
    issuesResolved: c.issuesResolved,
    completionRate: rate(c.issuesResolved, c.issuesCollected),
    rated: c.rated,
    satisfied: c.satisfied,
    basicallySatisfied: c.basicallySatisfied,
    dissatisfied: c.dissatisfied,
    satisfactionRate: rate(c.satisfied + c.basicallySatisfied, c.rated),
    onTimeResolved: c.onTimeResolved,
    onTimeRate: rate(c.onTimeResolved, c.resolvedWithDue),
    openOverdue: c.openOverdue,
  };
  Object.defineProperty(row, RESOLVED_WITH_DUE, { value: c.resolvedWithDue, enumerable: false });
  return row;
}

/** The on-time denominator of a row (resolved issues that had a due date). */
export function resolvedWithDue(row: ReportRow): number {
  return (row as unknown as Record<symbol, number>)[RESOLVED_WITH_DUE] ?? 0;
}

export function countsOfRow(r: ReportRow): UnitCounts {
  return {
    enterprisesVisited: r.enterprisesVisited,
    activities: r.activities,
    activitiesByForm: { ...r.activitiesByForm },
    issuesCollected: r.issuesCollected,
    issuesResolved: r.issuesResolved,
    rated: r.rated,
    satisfied: r.satisfied,
    basicallySatisfied: r.basicallySatisfied,
    dissatisfied: r.dissatisfied,
    onTimeResolved: r.onTimeResolved,
    resolvedWithDue: resolvedWithDue(r),
    openOverdue: r.openOverdue,
  };
}
