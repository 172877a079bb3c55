/**
 * The campaign report (the circular's statistics table) for the API and the CLI: the counts of
 * every unit as of a business date (default today) as known at a system time (default: everything
 * recorded), from the active generations of the issues and directory read models
 * (report.queries.ts), in rows, 厅本级 / 市州 groups and the total. Roll-ups sum the counts and then
 * divide (never average rates).
 */
import type { Pool } from 'pg';
import { START, type Checkpoint } from '@banjie/event-store';
import { catalogueOf, completionRate, isValidDate, onTimeRate, satisfactionRate, type UnitLevel } from '@banjie/domain';
import { businessDate, endOfBusinessDay } from '../shared';
import { generationTable } from '../runtime/projection';
import { DIRECTORY } from '../directory/directory.projection';
import { ISSUES } from '../issues/issues.projection';
import { sumCounts, zeroCounts, type UnitCounts } from './counts';
import { categoryBreakdown, type CategoryInput } from './report.categories';
import { categoryCounts, unitCounts, type ReportTables } from './report.queries';
import type { CampaignReport, ReportRow } from './report.types';

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
/** "Happened by" of a live report: everything. */
const EVERYTHING = new Date(8.64e15);

/** Computed tables a process keeps (least recently used dropped first). */
const REPORT_CACHE_SIZE = 256;

/** What a question's answer is made of: every unit's counts, the units, and the by-category counts. */
type ReportCounts = { counts: Map<string, UnitCounts>; units: UnitInfo[]; categories: CategoryInput };

/** Bytes of report JSON a process keeps (least recently used dropped first): 56 KB a table at 140 units. */
const REPORT_JSON_CACHE_BYTES = 32 * 2 ** 20;

/**
 * Computed counts by question (campaign, asOf, knownAt, live), each with the stamp of the read
 * models it was computed from: the active generations of the issues and directory read models and
 * their checkpoints. Rows and checkpoint commit in one transaction and a rebuild switches to a new
 * generation, so an unchanged stamp means unchanged rows: the same question is answered from the
 * cache after one small query, until either read model moves. The unit scope (an officer's units)
 * is applied after, on the cached counts, so every scope shares one entry. (#20, docs/projections.md)
 *
 * Beside the counts, the finished JSON of a report (question, stamp and unit scope): assembling
 * and serialising a 140-unit table costs more than everything else a repeated question does.
 */
export class ReportCache {
  private readonly entries = new Map<string, { stamp: string; value: ReportCounts }>();
  private readonly json = new Map<string, Buffer>();
  private jsonBytes = 0;

  get(key: string, stamp: string): ReportCounts | null {
    const hit = this.entries.get(key);
    if (!hit || hit.stamp !== stamp) return null;
    this.entries.delete(key); // re-inserted last: most recently used
    this.entries.set(key, hit);
    return hit.value;
  }

  private readonly running = new Map<string, Promise<ReportCounts>>();

  clear(): void {
    this.entries.clear();
    this.running.clear();
    this.json.clear();
    this.jsonBytes = 0;
  }

  /** The computation of (key, stamp), shared by everyone asking while it runs; its result is kept. */
  once(key: string, stamp: string, compute: () => Promise<ReportCounts>): Promise<ReportCounts> {
    const id = `${key}#${stamp}`;
    const running = this.running.get(id);
    if (running) return running;
    const p = compute()
      .then((value) => {
        this.set(key, stamp, value);
        return value;
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, p);
    return p;
  }

  set(key: string, stamp: string, value: ReportCounts): void {
    this.entries.delete(key);
    this.entries.set(key, { stamp, value });
    if (this.entries.size > REPORT_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
  }

  /**
   * The report's JSON (UTF-8) for (question, stamp, unit scope), made by `make` when not kept. A
   * stamp is part of the id, so a moved read model never finds an old text; old texts age out by size.
   */
  jsonOf(id: string, make: () => Buffer): Buffer {
    const hit = this.json.get(id);
    if (hit !== undefined) {
      this.json.delete(id); // re-inserted last: most recently used
      this.json.set(id, hit);
      return hit;
    }
    const text = make();
    this.json.set(id, text);
    this.jsonBytes += text.length;
    for (const [old, oldText] of this.json) {
      if (this.jsonBytes <= REPORT_JSON_CACHE_BYTES || old === id) break;
      this.json.delete(old);
      this.jsonBytes -= oldText.length;
    }
    return text;
  }
}

/**
 * What a report was read from: the stamp (null: not cacheable), the active generations, and the
 * older of the two read models' checkpoints — the events after it are the report's lag.
 */
interface ReadState {
  stamp: string | null;
  issues: number | null;
  directory: number | null;
  readFrom: Checkpoint;
}

export class ReportService {
  constructor(
    private readonly db: Pick<Pool, 'query'>,
    private readonly now: () => Date = () => new Date(),
    private readonly cache: ReportCache = new ReportCache(),
  ) {}

  /**
   * For a read model's rows changed by hand, which moves no checkpoint (tests, an operator's
   * repair): the next question computes its counts again.
   */
  forgetCachedCounts(): void {
    this.cache.clear();
  }

  /** The same service on another pool (the fresh one ReadModelFreshness.wait answers). */
  on(db: Pick<Pool, 'query'>): ReportService {
    return new ReportService(db, this.now, this.cache);
  }

  async report(campaignId: string, query: ReportQuery = {}): Promise<CampaignReport> {
    const { asOf, knownAt, live } = this.parse(query);
    const { counts, units, categories } = await this.counts(campaignId, asOf, knownAt, live);
    return assembleReport(campaignId, asOf, knownAt, units, counts, query.units ?? null, categories);
  }

  /**
   * The report as JSON (what `report` answers, serialised, UTF-8), kept per question, read-model
   * stamp and unit scope; and `readFrom`: the older of the issues and directory read models'
   * checkpoints the figures rest on — every event after it may be missing from them, so its count
   * is the report's lag (the figures include at least everything up to it).
   */
  async reportJson(campaignId: string, query: ReportQuery = {}): Promise<{ json: Buffer; readFrom: Checkpoint }> {
    const { asOf, knownAt, live } = this.parse(query);
    const { value, state } = await this.countsWithState(campaignId, asOf, knownAt, live);
    const visible = query.units ?? null;
    const make = () =>
      Buffer.from(JSON.stringify(assembleReport(campaignId, asOf, knownAt, value.units, value.counts, visible, value.categories)));
    const json = state.stamp
      ? this.cache.jsonOf(`${questionKey(campaignId, asOf, knownAt, live)}#${state.stamp}#${visible ? visible.join(',') : '*'}`, make)
      : make();
    return { json, readFrom: state.readFrom };
  }

  /**
   * Every unit's counts as of `asOf` (a business date) as known at `knownAt`, and the units' names:
   * what the report, its roll-ups and the rankings are made of.
   */
  async counts(campaignId: string, asOf: string, knownAt: Date | null = null, live = false): Promise<ReportCounts> {
    return (await this.countsWithState(campaignId, asOf, knownAt, live)).value;
  }

  private async countsWithState(
    campaignId: string,
    asOf: string,
    knownAt: Date | null,
    live: boolean,
  ): Promise<{ value: ReportCounts; state: ReadState }> {
    // A switch may drop the generation we resolved between two queries: ask again once.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.read(campaignId, asOf, knownAt, live);
      } catch (error) {
        if ((error as { code?: string }).code !== UNDEFINED_TABLE || attempt > 0) throw error;
      }
    }
  }

  /** The business date a query means: `asOf`, or today (the clock's, or knownAt's). */
  today(knownAt: Date | null = null): string {
    return businessDate(knownAt ?? this.now());
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

  private parse(query: ReportQuery): { asOf: string; knownAt: Date | null; live: boolean } {
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
    return { asOf: query.asOf || this.today(knownAt), knownAt, live: !query.asOf && knownAt === null };
  }

  private async read(
    campaignId: string,
    asOf: string,
    knownAt: Date | null,
    live: boolean,
  ): Promise<{ value: ReportCounts; state: ReadState }> {
    const state = await this.readState();
    const key = questionKey(campaignId, asOf, knownAt, live);
    const compute = () => this.compute(campaignId, asOf, knownAt, live, state.issues, state.directory);
    if (!state.stamp) return { value: await compute(), state };
    const cached = this.cache.get(key, state.stamp);
    if (cached) return { value: cached, state };
    // Concurrent askers of one question share one computation (64 at once would each run it).
    return { value: await this.cache.once(key, state.stamp, compute), state };
  }

  /** One small query: the generations and checkpoints the answer would come from. */
  private async readState(): Promise<ReadState> {
    const { rows: states } = await this.db.query(
      `SELECT pr.name, pr.generation, s.transaction_id::text AS t, s.position
         FROM projections pr
         LEFT JOIN subscriptions s ON s.name = 'projection:' || pr.name || ':g' || pr.generation
        WHERE pr.name = ANY($1::text[])`,
      [[ISSUES, DIRECTORY]],
    );
    const state = (name: string) => states.find((r) => r.name === name);
    const names = [ISSUES, DIRECTORY];
    // No checkpoint row found: nothing proves the rows unchanged, so nothing is cached.
    const stamp = names.every((n) => state(n)?.t != null)
      ? names.map((n) => `${state(n).generation}:${state(n).t}:${state(n).position}`).join('|')
      : null;
    // A read model without a checkpoint has read nothing: the lag counts from the start.
    const checkpoints = names.map((n): Checkpoint =>
      state(n)?.t != null ? { transactionId: state(n).t as string, position: Number(state(n).position) } : START,
    );
    return {
      stamp,
      issues: state(ISSUES)?.generation ?? null,
      directory: state(DIRECTORY)?.generation ?? null,
      readFrom: checkpoints.reduce((a, b) => (before(b, a) ? b : a)),
    };
  }

  private async compute(
    campaignId: string,
    asOf: string,
    knownAt: Date | null,
    live: boolean,
    issues: number | null,
    directory: number | null,
  ): Promise<ReportCounts> {
    if (issues === null || directory === null)
      throw new ReportRequestError(
        503,
        'PROJECTION.NOT_READY',
        'the issues and directory read models have not been built yet (start the worker)',
      );
    const t: ReportTables = { issues: (b) => generationTable(b, issues), directory: (b) => generationTable(b, directory) };
    const campaign = await this.db.query(`SELECT settings FROM ${t.directory('dir_campaigns')} WHERE campaign_id = $1`, [campaignId]);
    if (campaign.rows.length === 0) throw new ReportRequestError(404, 'CAMPAIGN.NOT_FOUND', `no campaign ${campaignId}`);
    // Live: everything that happened and was recorded, open overdue counted on today.
    const before = live ? EVERYTHING : endOfBusinessDay(asOf);
    const q = { campaignId, day: asOf, before, knownAt };
    const counts = await unitCounts(this.db, t, q);
    // the catalogue in force now: the breakdown groups by what the campaign asks for today
    // (docs/categories.md); a change moves the directory's checkpoint, so the cache's stamp too
    const categories = { catalogue: catalogueOf(campaign.rows[0].settings?.categories), counts: await categoryCounts(this.db, t, q) };
    const units = (await this.db.query(`SELECT * FROM ${t.directory('dir_units')}`)).rows.map((r): UnitInfo => ({
      unitId: r.unit_id,
      name: r.name,
      level: r.level,
      parentUnitId: r.parent_unit_id,
      region: r.region,
      retired: r.status === 'retired',
    }));
    return { counts, units, categories };
  }
}

function questionKey(campaignId: string, asOf: string, knownAt: Date | null, live: boolean): string {
  return `${campaignId}|${asOf}|${knownAt?.toISOString() ?? ''}|${live}`;
}

/** Reader order: (transactionId, position). */
function before(a: Checkpoint, b: Checkpoint): boolean {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  return ta < tb || (ta === tb && a.position < b.position);
}

/** Rows in table order, the two level groups and the total, from units and their counts. */
export function assembleReport(
  campaignId: string,
  asOf: string,
  knownAt: Date | null,
  units: readonly UnitInfo[],
  counts: ReadonlyMap<string, UnitCounts>,
  visible: readonly string[] | null = null,
  categories: CategoryInput | null = null,
): CampaignReport {
  const byId = new Map(units.map((u) => [u.unitId, u]));
  for (const id of counts.keys())
    if (!byId.has(id)) byId.set(id, { unitId: id, name: id, level: null, parentUnitId: null, region: null, retired: false });
  const allowed = visible ? new Set(visible) : null;
  const shown = [...byId.values()].filter((u) => (!u.retired || counts.has(u.unitId)) && (!allowed || allowed.has(u.unitId)));
  const ordered = orderUnits(shown);
  const rows = ordered.map((u) =>
    rowOf({ unitId: u.unitId, unitName: u.name, level: u.level, parentUnitId: u.parentUnitId }, counts.get(u.unitId) ?? zeroCounts()),
  );
  const inGroup = (level: 'department' | 'prefecture') =>
    ordered.filter((u) => groupOf(u) === level).map((u) => counts.get(u.unitId) ?? zeroCounts());
  const groups = (['department', 'prefecture'] as const).map((level) =>
    rowOf({ unitId: null, unitName: GROUP_NAMES[level], level, parentUnitId: null }, sumCounts(inGroup(level))),
  );
  const total = rowOf(
    { unitId: null, unitName: TOTAL_NAME, level: null, parentUnitId: null },
    sumCounts(ordered.map((u) => counts.get(u.unitId) ?? zeroCounts())),
  );
  const breakdown = categories ? categoryBreakdown(categories, new Set(ordered.map((u) => u.unitId))) : [];
  return { campaignId, asOf, knownAt: knownAt ? knownAt.toISOString() : null, rows, groups, total, categories: breakdown };
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

export { sumCounts };

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
    completionRate: completionRate(c),
    rated: c.rated,
    satisfied: c.satisfied,
    basicallySatisfied: c.basicallySatisfied,
    dissatisfied: c.dissatisfied,
    satisfactionRate: satisfactionRate(c),
    onTimeResolved: c.onTimeResolved,
    onTimeRate: onTimeRate(c),
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
