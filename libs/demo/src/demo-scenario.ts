/**
 * The demo scenario: the 2023 "服务企业月" campaign of Hubei's housing-and-construction system,
 * generated as an ordered list of command steps whose report as of 2023-07-10 is the circular's
 * table (DESIGN §6). Pure and deterministic: a fixed seed, its own PRNG, no clock, no I/O.
 *
 * How the figures come out exactly: every unit has a plan (demo-units.ts: distinct enterprises,
 * activities, issues, resolved by 07-10) whose group sums are the circular's; the generator
 * realises each plan structurally (activities that together reach exactly that many distinct
 * enterprises, issues drawn from those reaches, exactly that many resolved before 07-10) and
 * uses randomness only for dates, names, texts and who-gets-what. Satisfaction: see docs/demo.md.
 */
import {
  ChineseWorkingCalendar,
  addDays,
  type Actor,
  type ActivityForm,
  type FeedbackChannel,
  type IssueKind,
  type Rating,
} from '@banjie/domain';
import { newCreditCode } from './credit-codes';
import { demoId } from './demo-ids';
import { beijingParts, bj, type DemoStep } from './demo-step';
import {
  ACTIVITY_FORM_WEIGHTS,
  CATEGORIES_BY_KIND,
  CATEGORY_OVERRIDES,
  DEMO_CATEGORIES,
  TOPIC_CATEGORIES,
  FEEDBACK_COMMENTS,
  FICTITIOUS_MARK,
  INDUSTRIES,
  LONG_COMMITMENT_NOTES,
  PROBLEM_TITLES,
  PROGRESS_NOTES,
  RESOLUTIONS,
  SUGGESTION_TITLES,
  TRADE_NAMES,
  TRANSFER_REASONS,
  HANDLER_NAMES,
  activitySummary,
} from './demo-text';
import { ALL_UNITS, AREA_CODES, type DemoUnitPlan } from './demo-units';
import { Prng } from './prng';

export const DEMO_SEED = 20230711;

export const DEMO_CAMPAIGN = {
  key: 'hubei-2023-fuwu-qiye-yue',
  title: '全省住建系统"服务企业月"活动',
  startsOn: '2023-05-01',
  endsOn: '2023-06-30',
} as const;

export const DEMO_CAMPAIGN_ID = demoId('campaign', DEMO_CAMPAIGN.key);

/** The catalogue entry of a demo topic (every topic has one: a missing one is the generator's bug). */
function categoryOf(topic: string): string {
  const category = TOPIC_CATEGORIES[topic];
  if (!category || !DEMO_CATEGORIES.includes(category)) throw new Error(`demo generator: topic ${topic} has no category in the catalogue`);
  return category;
}

/**
 * The satisfaction the demo gives as of 2023-07-10 (the circular's three rows cannot all hold:
 * docs/demo.md). Rated = resolved issues with a rating; the one 不满意 is 天门市住保中心's.
 */
export const DEMO_SATISFACTION = {
  department: { rated: 211, dissatisfied: 0 },
  prefecture: { rated: 1860, dissatisfied: 1 },
} as const;

/** Business times after 2023-07-10 (the clock "running on"): how much noise the demo adds. */
export const DEMO_AFTER_AS_OF = {
  /** Of the 30 department issues open on 07-10, resolved in late July (the rest stay open and pass their due dates). */
  departmentResolvedLater: 12,
  prefectureResolvedLater: 40,
  prefectureAcceptedLater: 5,
} as const;

/** Issues collected twice by mistake and withdrawn as duplicates (they leave every count). */
const WITHDRAWN_DUPLICATES: readonly string[] = ['wh-cjj', 'wh-cjj', 'xy-zjj', 'jz-zjj', 'dept-market'];

/** 转办 routes: [from, to, category or '*', probability, transferred after acceptance?]. Same group, never a named unit. */
const TRANSFER_ROUTES: ReadonlyArray<readonly [string, string, string, number, boolean]> = [
  ['wh-cjj', 'wh-swj', '用水报装', 0.7, false],
  ['wh-cjj', 'wh-cgw', '燃气安全', 0.7, false],
  ['sy-zjj', 'sy-cgw', '燃气安全', 0.7, false],
  ['xy-zjj', 'xy-cgw', '燃气安全', 0.7, true],
  ['jz-zjj', 'hh-zjj', '*', 0.06, false],
  ['jz-zjj', 'ss-zjj', '*', 0.06, false],
  ['yc-zjj', 'zj-zjj', '*', 0.06, false],
  ['dept-market', 'dept-approval', '资质', 0.3, false],
  ['dept-safety', 'dept-urban-construction', '*', 0.12, true],
];

/** Commitment (承诺办理时限) in working days from acceptance, by category. */
const COMMITMENT_DAYS: Readonly<Record<string, number>> = {
  用水报装: 5,
  政策咨询: 10,
  审批: 10,
  市容管理: 10,
  资质: 20,
  工程款: 20,
  房地产: 20,
  司法维权: 20,
};
const DEFAULT_COMMITMENT_DAYS = 15;

/** Last day of work that the report of 07-10 must see complete (resolution; its rating by 07-09). */
const LAST_RESOLVE_BEFORE_AS_OF = '2023-07-05';
const LAST_RATING_BEFORE_AS_OF = '2023-07-09';
const LATE_RATED = { department: 4, prefecture: 17 } as const;

export const ADMIN_ACTOR: Actor = { userId: 'demo-admin', unitId: null, role: 'admin' };
/** The supervision office (督办专班): approves the units' withdrawal requests. */
export const SUPERVISOR_ACTOR: Actor = { userId: 'demo-supervisor', unitId: null, role: 'supervisor' };
/** Ratings through the enterprise's single-use feedback link arrive as the system. */
export const FEEDBACK_LINK_ACTOR: Actor = { userId: 'feedback-link', unitId: null, role: 'system' };

export interface DemoUnit {
  key: string;
  unitId: string;
  name: string;
  level: DemoUnitPlan['level'];
  parentUnitId: string | null;
  region: string;
  plan: DemoUnitPlan;
  actor: Actor;
}

export interface DemoEnterprise {
  creditCode: string;
  name: string;
  region: string;
}

export interface DemoScenario {
  seed: number;
  campaignId: string;
  units: DemoUnit[];
  enterprises: DemoEnterprise[];
  /** In business-time order (ties in generation order); per stream strictly increasing. */
  steps: DemoStep[];
}

interface Activity {
  activityId: string;
  unit: DemoUnit;
  form: ActivityForm;
  heldOn: string;
  at: Date;
  codes: string[];
}

type Fate = 'resolved' | 'open' | 'withdrawn';
type Special = 'tm-dissatisfied' | 'reopen-cycle' | 'late-dissatisfied';

interface Issue {
  issueId: string;
  unit: DemoUnit;
  code: string;
  activity: Activity;
  collectedAt: Date;
  kind: IssueKind;
  /** The demo's topic (titles, resolutions, commitments); collected under TOPIC_CATEGORIES[topic]. */
  topic: string;
  title: string;
  description: string;
  transfer: { to: DemoUnit; reason: string; afterAccept: boolean } | null;
  fate: Fate;
  onTheSpot: boolean;
  lateRated: boolean;
  special: Special | null;
  /** Open on 07-10: resolved later (noise), still pending on 07-10, accepted after 07-10. */
  resolvedLater: boolean;
  pendingOnAsOf: boolean;
  acceptedLater: boolean;
  duplicateOf: Issue | null;
}

interface Sequenced {
  step: DemoStep;
  at: number;
  seq: number;
}

/** Generates the scenario. Fast (well under a second) and identical for the same seed. */
export function generateDemoScenario(seed: number = DEMO_SEED): DemoScenario {
  return new ScenarioBuilder(seed).build();
}

class ScenarioBuilder {
  private readonly prng: Prng;
  private readonly calendar = new ChineseWorkingCalendar();
  private readonly out: Sequenced[] = [];
  private seq = 0;
  private readonly units = new Map<string, DemoUnit>();
  private readonly enterprises = new Map<
    string,
    DemoEnterprise & { industry: string; firstReach: Date | null; firstUnit: DemoUnit | null }
  >();
  private readonly takenCodes = new Set<string>();
  private readonly takenNames = new Set<string>();
  private readonly pools = new Map<string, string[]>();
  private readonly activities = new Map<string, Activity[]>();
  private readonly issues: Issue[] = [];
  private readonly campaignDays: string[];

  constructor(private readonly seed: number) {
    this.prng = new Prng(seed);
    this.campaignDays = this.workdaysBetween('2023-05-04', DEMO_CAMPAIGN.endsOn);
  }

  build(): DemoScenario {
    this.registerUnits();
    this.launchCampaign();
    this.buildPools();
    for (const unit of this.units.values()) this.holdActivities(unit);
    for (const unit of this.units.values()) this.collectIssues(unit);
    this.addDuplicates();
    this.decideFates();
    for (const issue of this.issues) this.emitIssue(issue);
    this.registerEnterprises();
    const steps = this.out.sort((a, b) => a.at - b.at || a.seq - b.seq).map((s) => s.step);
    return {
      seed: this.seed,
      campaignId: DEMO_CAMPAIGN_ID,
      units: [...this.units.values()],
      enterprises: [...this.enterprises.values()].map(({ creditCode, name, region }) => ({ creditCode, name, region })),
      steps,
    };
  }

  // ---------------------------------------------------------------- time helpers

  private readonly workdayLists = new Map<string, string[]>();

  /** Working days from `from` to `to`, both included (memoised; callers must not change the list). */
  private workdaysBetween(from: string, to: string): string[] {
    const key = `${from}/${to}`;
    let days = this.workdayLists.get(key);
    if (!days) {
      days = [];
      for (let d = from; d <= to; d = addDays(d, 1)) if (this.calendar.isWorkday(d)) days.push(d);
      this.workdayLists.set(key, days);
    }
    return days;
  }

  /** A working day n working days after `date` (n = 0: `date` itself if a working day, else the next). */
  private workday(date: string, n: number): string {
    if (n === 0) return this.calendar.isWorkday(date) ? date : this.calendar.addWorkingDays(date, 1);
    return this.calendar.addWorkingDays(date, n);
  }

  /** During office hours on `date`, and strictly after `after` when that is the same day. */
  private officeTime(date: string, after: Date | null = null, from = 9 * 60, to = 17 * 60 + 30): Date {
    if (after) {
      const p = beijingParts(after);
      if (p.date > date) throw new Error(`demo generator: ${date} is before ${after.toISOString()}`);
      if (p.date === date) {
        const minute = p.minute + this.prng.int(30, 150);
        // too late in the evening: the next working day instead
        return minute <= 22 * 60 ? bj(date, minute) : bj(this.calendar.addWorkingDays(date, 1), this.prng.int(from, to));
      }
    }
    return bj(date, this.prng.int(from, to));
  }

  private emit(step: Omit<DemoStep, 'occurredAt'> & { at: Date }): void {
    const at = step.at.getTime();
    const occurredAt = step.at.toISOString();
    this.out.push({ step: { command: step.command, data: step.data, occurredAt, actor: step.actor } as DemoStep, at, seq: this.seq++ });
  }

  // ---------------------------------------------------------------- units and campaign

  private registerUnits(): void {
    ALL_UNITS.forEach((plan, i) => {
      const unitId = demoId('unit', plan.key);
      const parentUnitId = plan.parentKey ? demoId('unit', plan.parentKey) : null;
      const unit: DemoUnit = {
        key: plan.key,
        unitId,
        name: plan.name,
        level: plan.level,
        parentUnitId,
        region: plan.region,
        plan,
        actor: { userId: `demo-officer-${plan.key}`, unitId, role: 'officer' },
      };
      this.units.set(plan.key, unit);
      const data = { unitId, name: plan.name, level: plan.level, parentUnitId, region: plan.region };
      this.emit({ command: 'RegisterUnit', data, actor: ADMIN_ACTOR, at: bj('2023-04-20', 9 * 60 + i) });
    });
  }

  private launchCampaign(): void {
    const data = {
      campaignId: DEMO_CAMPAIGN_ID,
      title: DEMO_CAMPAIGN.title,
      startsOn: DEMO_CAMPAIGN.startsOn,
      endsOn: DEMO_CAMPAIGN.endsOn,
      categories: [...DEMO_CATEGORIES],
    };
    this.emit({ command: 'LaunchCampaign', data, actor: ADMIN_ACTOR, at: bj('2023-04-27', 10 * 60) });
  }

  private unit(key: string): DemoUnit {
    const unit = this.units.get(key);
    if (!unit) throw new Error(`demo generator: no unit ${key}`);
    return unit;
  }

  // ---------------------------------------------------------------- enterprises

  private newEnterprise(region: string, industry: string): string {
    const areaCode = AREA_CODES[region];
    if (!areaCode) throw new Error(`demo generator: no area code for ${region}`);
    const code = newCreditCode(this.prng, areaCode, this.takenCodes);
    const short = region.replace(/(市|州|林区)$/, '');
    let name: string;
    for (let attempt = 0; ; attempt++) {
      const trade = this.prng.pick(TRADE_NAMES);
      const prefix = this.prng.chance(0.25) ? '湖北' : short;
      const group = industry.endsWith('集团') || !this.prng.chance(0.1) ? '' : '集团';
      name = `${prefix}${trade}${industry}${group}有限公司${FICTITIOUS_MARK}`;
      if (!this.takenNames.has(name)) break;
      if (attempt > 50) {
        name = `${prefix}${trade}${industry}${attempt}号有限公司${FICTITIOUS_MARK}`;
        if (!this.takenNames.has(name)) break;
      }
    }
    this.takenNames.add(name);
    this.enterprises.set(code, { creditCode: code, name, region, industry, firstReach: null, firstUnit: null });
    return code;
  }

  /**
   * Each unit's pool: exactly plan.enterprises distinct enterprises. Some are shared with other
   * units (厅本级 divisions visit firms the cities also visit; a city's 城管委 visits its 城建局's
   * firms), so the province-wide distinct count is below the sum of the units' counts.
   */
  private buildPools(): void {
    const borrowers: Array<[string, Array<[string, number]>]> = [
      ['wh-cgw', [['wh-cjj', 15]]],
      ['wh-fgj', [['wh-cjj', 10]]],
      [
        'jz-zjj',
        [
          ['hh-zjj', 8],
          ['ss-zjj', 8],
        ],
      ],
      ['yc-ylj', [['yc-zjj', 5]]],
    ];
    const borrowing = new Set(borrowers.map(([k]) => k));
    for (const unit of this.units.values()) {
      if (unit.level === 'department' || borrowing.has(unit.key)) continue;
      this.pools.set(unit.key, this.freshPool(unit, unit.plan.enterprises));
    }
    for (const [key, sources] of borrowers) {
      const unit = this.unit(key);
      const shared = sources.flatMap(([from, n]) => this.prng.sample(this.pools.get(from)!, n));
      this.pools.set(key, this.prng.shuffle([...shared, ...this.freshPool(unit, unit.plan.enterprises - shared.length)]));
    }
    const prefecturePools = [...this.pools.entries()].filter(([k]) => this.unit(k).level !== 'department');
    for (const unit of this.units.values()) {
      if (unit.level !== 'department') continue;
      const n = unit.plan.enterprises;
      const sharedCount = Math.round(n * 0.4);
      const kinds = DIVISION_KINDS[unit.key] ?? ['housing'];
      const candidates = [...new Set(prefecturePools.filter(([k]) => kinds.includes(this.unit(k).plan.kind)).flatMap(([, pool]) => pool))];
      const shared = this.prng.sample(candidates, sharedCount);
      this.pools.set(unit.key, this.prng.shuffle([...shared, ...this.freshPool(unit, n - sharedCount)]));
    }
  }

  private freshPool(unit: DemoUnit, n: number): string[] {
    const pool: string[] = [];
    for (let i = 0; i < n; i++) {
      const region = unit.level === 'department' ? this.prng.weighted(DEPARTMENT_REGIONS) : unit.region;
      pool.push(this.newEnterprise(region, this.prng.weighted(INDUSTRIES[unit.plan.kind])));
    }
    return pool;
  }

  // ---------------------------------------------------------------- activities

  /**
   * plan.activities activities that together reach exactly plan.enterprises distinct
   * enterprises. Each activity has a number of seats (1–2 for a visit or call, more for online
   * sessions and symposiums, sized up front so the seats cover the pool); in date order, new
   * enterprises fill the seats at the campaign's pace and the remaining seats go to enterprises
   * reached before (follow-up visits and calls).
   */
  private holdActivities(unit: DemoUnit): void {
    const pool = this.pools.get(unit.key)!;
    const { activities: count } = unit.plan;
    const shapes: Array<{ form: ActivityForm; size: number; heldOn: string; at: Date }> = [];
    const days = [...Array(count)].map(() => this.prng.pick(this.campaignDays)).sort();
    for (const heldOn of days) {
      const form = unit.key === 'tm-zjj' ? 'symposium' : this.prng.weighted(ACTIVITY_FORM_WEIGHTS);
      const size =
        form === 'symposium'
          ? this.prng.int(5, 12)
          : form === 'online'
            ? this.prng.int(1, 3)
            : form === 'door_to_door' && this.prng.chance(0.15)
              ? 2
              : 1;
      shapes.push({ form, size, heldOn, at: this.officeTime(heldOn, null, 9 * 60, 16 * 60 + 30) });
    }
    shapes.sort((a, b) => a.at.getTime() - b.at.getTime());
    if (unit.key === 'wh-cjj') {
      // 组织全市30家重点建筑业企业和产值前十的民营企业召开座谈会
      const s = shapes[Math.min(4, shapes.length - 1)];
      s.form = 'symposium';
      s.size = 30;
    }
    let capacity = shapes.reduce((sum, s) => sum + s.size, 0);
    if (capacity < pool.length) {
      let symposiums = shapes.filter((s) => s.form === 'symposium');
      if (symposiums.length === 0) {
        const s = shapes[Math.floor(shapes.length / 2)];
        capacity -= s.size;
        s.form = 'symposium';
        s.size = 0;
        symposiums = [s];
      }
      for (let i = 0; capacity < pool.length; i++, capacity++) symposiums[i % symposiums.length].size++;
    }
    const list: Activity[] = [];
    let next = 0;
    let cumulative = 0;
    shapes.forEach((shape, i) => {
      // new enterprises keep pace with the campaign: after this activity, about the share of
      // the pool that its cumulative capacity is of the whole; the rest of its seats are revisits
      cumulative += shape.size;
      const target = Math.round((pool.length * cumulative) / capacity);
      let fresh = Math.min(shape.size, Math.max(0, target - next));
      const revisits = Math.min(shape.size - fresh, next);
      fresh = Math.min(shape.size - revisits, pool.length - next);
      const codes = [...pool.slice(next, next + fresh), ...this.prng.sample(pool.slice(0, next), revisits)];
      next += fresh;
      if (shape.form === 'symposium' && codes.length < 3) shape.form = 'door_to_door';
      const activityId = demoId('activity', `${unit.key}-${i + 1}`);
      const first = this.enterprises.get(codes[0])!;
      const summary = activitySummary(shape.form, unit.name, first.name, codes.length);
      list.push({ activityId, unit, form: shape.form, heldOn: shape.heldOn, at: shape.at, codes });
      for (const code of codes) {
        const e = this.enterprises.get(code)!;
        if (!e.firstReach || shape.at < e.firstReach) {
          e.firstReach = shape.at;
          e.firstUnit = unit;
        }
      }
      const data = {
        activityId,
        campaignId: DEMO_CAMPAIGN_ID,
        unitId: unit.unitId,
        form: shape.form,
        heldOn: shape.heldOn,
        enterpriseCodes: codes,
        summary,
      };
      this.emit({ command: 'HoldActivity', data, actor: unit.actor, at: shape.at });
    });
    if (next !== pool.length) throw new Error(`demo generator: ${unit.name} reached ${next} of ${pool.length} enterprises`);
    this.activities.set(unit.key, list);
  }

  private registerEnterprises(): void {
    for (const e of this.enterprises.values()) {
      if (!e.firstReach || !e.firstUnit) throw new Error(`demo generator: enterprise ${e.creditCode} is never visited`);
      const at = new Date(e.firstReach.getTime() - this.prng.int(20, 90) * 60_000);
      const data = { creditCode: e.creditCode, name: e.name, region: e.region };
      this.emit({ command: 'RegisterEnterprise', data, actor: e.firstUnit.actor, at });
    }
  }

  // ---------------------------------------------------------------- issues

  private categoriesOf(unit: DemoUnit): ReadonlyArray<readonly [string, number]> {
    if (unit.plan.topics) return unit.plan.topics.map((t, i) => [t, i === 0 ? 3 : 2] as const);
    return CATEGORY_OVERRIDES[unit.key] ?? CATEGORIES_BY_KIND[unit.plan.kind as Exclude<typeof unit.plan.kind, 'division'>];
  }

  /** plan.issues issues from the unit's reaches, preferring enterprises not yet heard from. */
  private collectIssues(unit: DemoUnit): void {
    const activities = this.activities.get(unit.key)!;
    const reaches = this.prng.shuffle(activities.flatMap((a) => a.codes.map((code) => ({ activity: a, code }))));
    const heard = new Set<string>();
    const chosen: typeof reaches = [];
    for (const r of reaches) {
      if (chosen.length === unit.plan.issues) break;
      if (!heard.has(r.code)) {
        heard.add(r.code);
        chosen.push(r);
      }
    }
    while (chosen.length < unit.plan.issues) chosen.push(this.prng.pick(reaches));
    chosen.sort((a, b) => a.activity.at.getTime() - b.activity.at.getTime());
    const perActivity = new Map<string, number>();
    chosen.forEach(({ activity, code }, i) => {
      const k = perActivity.get(activity.activityId) ?? 0;
      perActivity.set(activity.activityId, k + 1);
      const collectedAt = new Date(activity.at.getTime() + (20 + 6 * k) * 60_000);
      const category = this.prng.weighted(this.categoriesOf(unit));
      const suggestions = SUGGESTION_TITLES[category];
      const kind: IssueKind = suggestions && this.prng.chance(0.15) ? 'suggestion' : 'problem';
      const title = this.prng.pick(kind === 'suggestion' ? suggestions! : PROBLEM_TITLES[category]);
      const enterprise = this.enterprises.get(code)!;
      const how =
        activity.form === 'symposium'
          ? '在座谈会上'
          : activity.form === 'phone'
            ? '在电话回访中'
            : activity.form === 'online'
              ? '在线上对接中'
              : '在走访中';
      const description = `${enterprise.name}${how}${kind === 'suggestion' ? '提出' : '反映'}：${title}。${kind === 'suggestion' ? '' : '希望主管部门帮助协调解决。'}`;
      this.issues.push({
        issueId: demoId('issue', `${unit.key}-${i + 1}`),
        unit,
        code,
        activity,
        collectedAt,
        kind,
        topic: category,
        title,
        description,
        transfer: this.transferFor(unit, category, collectedAt),
        fate: 'resolved',
        onTheSpot: false,
        lateRated: false,
        special: null,
        resolvedLater: false,
        pendingOnAsOf: false,
        acceptedLater: false,
        duplicateOf: null,
      });
    });
  }

  private transferFor(unit: DemoUnit, category: string, collectedAt: Date): Issue['transfer'] {
    if (beijingParts(collectedAt).date > '2023-06-20') return null;
    for (const [from, to, cat, p, afterAccept] of TRANSFER_ROUTES) {
      if (from !== unit.key || (cat !== '*' && cat !== category) || !this.prng.chance(p)) continue;
      const target = this.unit(to);
      const reason = target.level === 'county' ? TRANSFER_REASONS.county : (TRANSFER_REASONS[category] ?? TRANSFER_REASONS.default);
      return { to: target, reason, afterAccept };
    }
    return null;
  }

  /** The same issue entered twice; the copy is withdrawn as a duplicate the next working day. */
  private addDuplicates(): void {
    WITHDRAWN_DUPLICATES.forEach((key, n) => {
      const candidates = this.issues.filter(
        (i) => i.unit.key === key && !i.transfer && !i.duplicateOf && beijingParts(i.collectedAt).date <= '2023-06-20',
      );
      const original = this.prng.pick(candidates);
      this.issues.push({
        ...original,
        issueId: demoId('issue', `${key}-duplicate-${n + 1}`),
        collectedAt: new Date(original.collectedAt.getTime() + 7 * 60_000),
        fate: 'withdrawn',
        duplicateOf: original,
      });
    });
  }

  /**
   * Who is still open on 07-10 (later-collected issues more likely), who was settled on the
   * spot, whose rating came after 07-10, and the few issues with a story.
   */
  private decideFates(): void {
    for (const unit of this.units.values()) {
      const own = this.issues.filter((i) => i.unit === unit && !i.duplicateOf);
      const openCount = unit.plan.issues - unit.plan.resolved;
      const weighted = own.map((issue, rank) => ({ issue, w: (rank + 1) ** 2 }));
      for (let n = 0; n < openCount; n++) {
        const total = weighted.reduce((s, x) => s + x.w, 0);
        let x = this.prng.next() * total;
        const idx = weighted.findIndex((c) => (x -= c.w) < 0);
        const [picked] = weighted.splice(idx < 0 ? weighted.length - 1 : idx, 1);
        picked.issue.fate = 'open';
      }
      for (const issue of own) {
        if (issue.fate !== 'resolved' || issue.transfer) continue;
        const p = issue.topic === '政策咨询' || issue.topic === '用水报装' ? 0.35 : 0.1;
        issue.onTheSpot = this.prng.chance(p);
      }
    }
    const normal = (i: Issue) => i.fate === 'resolved' && !i.duplicateOf && !i.onTheSpot && !i.transfer && !i.special && !i.lateRated;
    const pick = (pred: (i: Issue) => boolean) => this.prng.pick(this.issues.filter(pred));
    const before = (i: Issue, date: string) => beijingParts(i.collectedAt).date <= date;

    pick((i) => normal(i) && i.unit.key === 'tm-zbzx' && before(i, '2023-06-15')).special = 'tm-dissatisfied';
    pick((i) => normal(i) && i.unit.key === 'xy-zjj' && before(i, '2023-05-25')).special = 'reopen-cycle';
    const inGroup = (i: Issue, department: boolean) => (i.unit.level === 'department') === department;
    for (const issue of this.prng.sample(
      this.issues.filter((i) => normal(i) && inGroup(i, true)),
      LATE_RATED.department,
    ))
      issue.lateRated = true;
    const lateNamedFree = (i: Issue) => normal(i) && inGroup(i, false) && !['tm-zjj', 'hs-zjj', 'tm-zbzx'].includes(i.unit.key);
    const latePrefecture = this.prng.sample(this.issues.filter(lateNamedFree), LATE_RATED.prefecture);
    for (const issue of latePrefecture) issue.lateRated = true;
    latePrefecture[0].special = 'late-dissatisfied';

    const open = (department: boolean) => this.issues.filter((i) => i.fate === 'open' && inGroup(i, department));
    for (const issue of this.prng.sample(open(true), DEMO_AFTER_AS_OF.departmentResolvedLater)) issue.resolvedLater = true;
    const prefectureOpen = open(false);
    for (const issue of prefectureOpen) {
      issue.pendingOnAsOf = !issue.transfer && beijingParts(issue.collectedAt).date >= '2023-06-19' && this.prng.chance(0.35);
    }
    const pending = prefectureOpen.filter((i) => i.pendingOnAsOf);
    for (const issue of this.prng.sample(pending, Math.min(DEMO_AFTER_AS_OF.prefectureAcceptedLater, pending.length)))
      issue.acceptedLater = true;
    const accepted = prefectureOpen.filter((i) => !i.pendingOnAsOf || i.acceptedLater);
    for (const issue of this.prng.sample(accepted, DEMO_AFTER_AS_OF.prefectureResolvedLater)) issue.resolvedLater = true;
  }

  // ---------------------------------------------------------------- one issue's history

  private emitIssue(issue: Issue): void {
    const { issueId } = issue;
    let last = issue.collectedAt;
    let responsible = issue.unit;
    const step = (command: DemoStep['command'], data: Record<string, unknown>, at: Date, actor: Actor = responsible.actor) => {
      if (at.getTime() <= last.getTime() && command !== 'CollectIssue') {
        throw new Error(`demo generator: ${command} of ${issueId} at ${at.toISOString()} is not after ${last.toISOString()}`);
      }
      last = at;
      this.emit({ command, data, actor, at } as Omit<DemoStep, 'occurredAt'> & { at: Date });
    };
    const day = (d: Date) => beijingParts(d).date;

    step(
      'CollectIssue',
      {
        issueId,
        campaignId: DEMO_CAMPAIGN_ID,
        unitId: issue.unit.unitId,
        enterpriseCode: issue.code,
        activityId: issue.activity.activityId,
        kind: issue.kind,
        category: categoryOf(issue.topic),
        title: issue.title,
        description: issue.description,
      },
      issue.collectedAt,
    );

    if (issue.fate === 'withdrawn') {
      const at = this.officeTime(this.workday(day(last), 1));
      step('WithdrawIssue', { issueId, reason: '与已收集的同一企业同一问题重复，合并办理' }, at);
      // withdrawal needs the office's approval (the campaign's default): given within the hour
      step(
        'DecideWithdrawal',
        { issueId, approve: true, reason: '经核实确属重复，同意撤回' },
        new Date(at.getTime() + 30 * 60_000),
        SUPERVISOR_ACTOR,
      );
      return;
    }

    const resolution = () => this.prng.pick(RESOLUTIONS[issue.topic] ?? RESOLUTIONS['政策咨询']);
    if (issue.onTheSpot) {
      step(
        'ResolveIssue',
        { issueId, resolution: `现场答复解决：${resolution()}` },
        new Date(last.getTime() + this.prng.int(30, 120) * 60_000),
      );
      this.feedback(issue, step, () => last, 'normal');
      return;
    }

    const commitment = COMMITMENT_DAYS[issue.topic] ?? DEFAULT_COMMITMENT_DAYS;
    const accept = (dueOn?: string, onDate?: string) => {
      const date = onDate ?? this.workday(day(last), this.prng.int(0, 2));
      const at = this.officeTime(date, last);
      const acceptedOn = day(at);
      const due = dueOn ?? this.calendar.addWorkingDays(acceptedOn, commitment);
      step('AcceptIssue', { issueId, dueOn: due, handler: this.prng.pick(HANDLER_NAMES) }, at);
      return { acceptedOn, dueOn: due };
    };
    const transfer = () => {
      const t = issue.transfer!;
      step('TransferIssue', { issueId, toUnitId: t.to.unitId, reason: t.reason }, this.officeTime(this.workday(day(last), 1), last));
      responsible = t.to;
    };

    // acceptance (with a transfer before or after it)
    let acceptance: { acceptedOn: string; dueOn: string };
    if (issue.transfer && !issue.transfer.afterAccept) transfer();
    if (issue.transfer?.afterAccept) {
      accept();
      transfer();
    }
    const departmentOpen = issue.fate === 'open' && issue.unit.level === 'department';
    if (issue.pendingOnAsOf) {
      if (!issue.acceptedLater) return; // still pending today: a 受理 backlog item
      acceptance = accept(undefined, this.prng.pick(this.workdaysBetween('2023-07-11', '2023-07-14')));
    } else if (departmentOpen) {
      acceptance = accept(this.prng.pick(this.workdaysBetween('2023-07-12', '2023-08-18')));
    } else {
      acceptance = accept();
    }

    if (issue.fate === 'open') {
      this.openHistory(issue, acceptance, step, () => last, resolution);
      return;
    }

    // resolved before 07-10
    const { acceptedOn } = acceptance;
    let resolveOn: string;
    if (issue.lateRated) {
      const window = this.workdaysBetween(acceptedOn > '2023-07-03' ? acceptedOn : '2023-07-03', '2023-07-07');
      resolveOn = this.prng.pick(window);
    } else {
      const d =
        issue.special === 'reopen-cycle'
          ? this.prng.int(2, 6)
          : this.prng.chance(0.9)
            ? this.prng.int(1, commitment)
            : commitment + this.prng.int(1, 6);
      resolveOn = this.calendar.addWorkingDays(acceptedOn, d);
      while (resolveOn > LAST_RESOLVE_BEFORE_AS_OF && resolveOn > acceptedOn) resolveOn = this.calendar.addWorkingDays(resolveOn, -1);
      if (resolveOn < acceptedOn) resolveOn = acceptedOn;
    }
    const gap = this.calendar.workingDaysBetween(acceptedOn, resolveOn);
    if (gap >= 2 && this.prng.chance(0.35)) {
      step(
        'RecordProgress',
        { issueId, note: this.prng.pick(PROGRESS_NOTES) },
        this.officeTime(this.calendar.addWorkingDays(acceptedOn, this.prng.int(1, gap - 1))),
      );
    }
    step('ResolveIssue', { issueId, resolution: resolution() }, this.officeTime(resolveOn, last));

    if (issue.special === 'reopen-cycle') {
      // rated 不满意, reopened by the unit, resolved again and rated 满意 — the latest rating counts
      step(
        'GiveFeedback',
        { issueId, rating: 'dissatisfied', comment: FEEDBACK_COMMENTS.dissatisfied[0], channel: 'callback' },
        this.officeTime(this.calendar.addWorkingDays(day(last), 2)),
      );
      step('ReopenIssue', { issueId, reason: '企业反馈不满意，重新办理' }, this.officeTime(this.calendar.addWorkingDays(day(last), 1)));
      step(
        'ResolveIssue',
        { issueId, resolution: `重新办理：${resolution()}` },
        this.officeTime(this.calendar.addWorkingDays(day(last), 4)),
      );
      step(
        'GiveFeedback',
        { issueId, rating: 'satisfied', comment: '重新办理后问题解决', channel: 'callback' },
        this.officeTime(this.calendar.addWorkingDays(day(last), 1)),
      );
      return;
    }
    if (issue.special === 'tm-dissatisfied') {
      step(
        'GiveFeedback',
        { issueId, rating: 'dissatisfied', comment: FEEDBACK_COMMENTS.dissatisfied[0], channel: 'callback' },
        this.officeTime(this.calendar.addWorkingDays(day(last), 2)),
      );
      // after the circular: reopened, resolved again, rated 基本满意
      step('ReopenIssue', { issueId, reason: '通报指出满意率未达100%，对企业不满意事项重新办理' }, this.officeTime('2023-07-12'));
      step('ResolveIssue', { issueId, resolution: `重新办理：${resolution()}` }, this.officeTime('2023-07-21'));
      step(
        'GiveFeedback',
        { issueId, rating: 'basically_satisfied', comment: FEEDBACK_COMMENTS.basically_satisfied[0], channel: 'enterprise_link' },
        bj('2023-07-24', this.prng.int(8 * 60, 21 * 60)),
        FEEDBACK_LINK_ACTOR,
      );
      return;
    }
    if (issue.special === 'late-dissatisfied') {
      step(
        'GiveFeedback',
        { issueId, rating: 'dissatisfied', comment: FEEDBACK_COMMENTS.dissatisfied[1], channel: 'callback' },
        this.officeTime('2023-07-13'),
      );
      step('ReopenIssue', { issueId, reason: '企业反馈不满意，重新办理' }, this.officeTime('2023-07-14'));
      step('ResolveIssue', { issueId, resolution: `重新办理：${resolution()}` }, this.officeTime('2023-07-26'));
      step(
        'GiveFeedback',
        { issueId, rating: 'satisfied', comment: '重新办理后问题解决', channel: 'callback' },
        this.officeTime('2023-07-28'),
      );
      return;
    }
    this.feedback(issue, step, () => last, issue.lateRated ? 'late' : 'normal');
  }

  /** Open on 07-10: progress before, and after 07-10 either a late resolution or more progress. */
  private openHistory(
    issue: Issue,
    acceptance: { acceptedOn: string; dueOn: string },
    step: (command: DemoStep['command'], data: Record<string, unknown>, at: Date, actor?: Actor) => void,
    last: () => Date,
    resolution: () => string,
  ): void {
    const { issueId } = issue;
    const department = issue.unit.level === 'department';
    const beforeAsOf = this.workdaysBetween(this.calendar.addWorkingDays(acceptance.acceptedOn, 1), '2023-07-07');
    if (!issue.acceptedLater && beforeAsOf.length > 0 && this.prng.chance(department ? 0.7 : 0.4)) {
      step('RecordProgress', { issueId, note: this.prng.pick(PROGRESS_NOTES) }, this.officeTime(this.prng.pick(beforeAsOf)));
    }
    const from = beijingParts(last()).date >= '2023-07-11' ? this.calendar.addWorkingDays(beijingParts(last()).date, 1) : '2023-07-11';
    if (issue.resolvedLater) {
      const window = this.workdaysBetween(department ? (from > '2023-07-17' ? from : '2023-07-17') : from, '2023-07-31');
      step('ResolveIssue', { issueId, resolution: resolution() }, this.officeTime(this.prng.pick(window), last()));
      if (this.prng.chance(department ? 0.85 : 0.75)) this.feedback(issue, step, last, 'after');
    } else if (department) {
      step(
        'RecordProgress',
        { issueId, note: this.prng.pick(LONG_COMMITMENT_NOTES) },
        this.officeTime(this.prng.pick(this.workdaysBetween(from, '2023-07-28')), last()),
      );
    }
  }

  /**
   * The enterprise's rating: by its feedback link (any day), by callback (a working day) or on
   * site (right after the resolution). 'normal' ratings land by 07-09; 'late' and 'after' ones
   * after 07-10 (the report of 07-10 does not see them).
   */
  private feedback(
    issue: Issue,
    step: (command: DemoStep['command'], data: Record<string, unknown>, at: Date, actor?: Actor) => void,
    last: () => Date,
    when: 'normal' | 'late' | 'after',
  ): void {
    const { issueId } = issue;
    const resolvedAt = last();
    const resolvedOn = beijingParts(resolvedAt).date;
    const rating: Rating = this.prng.chance(0.88) ? 'satisfied' : 'basically_satisfied';
    const comment = this.prng.chance(0.5) ? this.prng.pick(FEEDBACK_COMMENTS[rating]) : null;
    let channel: FeedbackChannel = this.prng.weighted([
      ['enterprise_link', 5],
      ['callback', 4],
      ['on_site', 1],
    ] as const);
    if (when === 'late') {
      if (channel === 'on_site') channel = 'callback';
      const date = this.prng.pick(
        channel === 'callback' ? this.workdaysBetween('2023-07-11', '2023-07-19') : dateRange('2023-07-11', '2023-07-19'),
      );
      this.rate(step, issueId, rating, comment, channel, date);
      return;
    }
    if (channel === 'on_site') {
      step(
        'GiveFeedback',
        { issueId, rating, ...(comment ? { comment } : {}), channel },
        new Date(resolvedAt.getTime() + this.prng.int(5, 20) * 60_000),
      );
      return;
    }
    let date: string;
    if (channel === 'callback') {
      date = this.calendar.addWorkingDays(resolvedOn, this.prng.int(1, 3));
      if (when === 'normal' && date > '2023-07-07') date = this.calendar.addWorkingDays(resolvedOn, 1);
    } else {
      date = addDays(resolvedOn, this.prng.int(when === 'after' ? 1 : 0, 4));
      if (when === 'normal' && date > LAST_RATING_BEFORE_AS_OF) date = LAST_RATING_BEFORE_AS_OF;
    }
    if (when === 'normal' && date > LAST_RATING_BEFORE_AS_OF)
      throw new Error(`demo generator: rating of ${issueId} on ${date} is after 07-09`);
    this.rate(step, issueId, rating, comment, channel, date, resolvedAt);
  }

  private rate(
    step: (command: DemoStep['command'], data: Record<string, unknown>, at: Date, actor?: Actor) => void,
    issueId: string,
    rating: Rating,
    comment: string | null,
    channel: FeedbackChannel,
    date: string,
    after: Date | null = null,
  ): void {
    const data = { issueId, rating, ...(comment ? { comment } : {}), channel };
    if (channel === 'enterprise_link') step('GiveFeedback', data, this.officeTime(date, after, 8 * 60, 21 * 60), FEEDBACK_LINK_ACTOR);
    else step('GiveFeedback', data, this.officeTime(date, after));
  }
}

function dateRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** Where the department's own (not shared) enterprises are. */
const DEPARTMENT_REGIONS: ReadonlyArray<readonly [string, number]> = [
  ['武汉市', 10],
  ['宜昌市', 2],
  ['襄阳市', 2],
  ['荆州市', 1],
  ['黄冈市', 1],
  ['孝感市', 1],
  ['十堰市', 1],
  ['荆门市', 1],
  ['咸宁市', 1],
  ['黄石市', 1],
  ['鄂州市', 1],
  ['随州市', 1],
  ['恩施州', 1],
];

/** Which cities' units a division shares enterprises with. */
const DIVISION_KINDS: Readonly<Record<string, readonly string[]>> = {
  'dept-urban-management': ['urban'],
  'dept-urban-construction': ['urban', 'water', 'housing'],
  'dept-real-estate': ['property', 'housing'],
  'dept-housing-security': ['security', 'property'],
  'dept-provident-fund': ['property', 'housing'],
};
