/**
 * A seeded random campaign written as COMMANDS, for the projection test through the command
 * layer (test/e2e/projections-command-layer.int-spec.ts): units (departments, prefectures and
 * their county units), enterprises with valid credit codes, two campaigns, activities of every
 * form, and issues that go through accept / transfer / progress / extend / overdue / resolve /
 * feedback (every channel) / reopen / withdraw — with back-dated business times, and a share of
 * commands the domain must refuse (each with the code it must refuse with).
 *
 * Time runs in ticks (TICK_MS apart). The runner sets a frozen ManualClock to a tick's time and
 * dispatches that tick's commands concurrently: within a tick no two commands touch the same
 * stream, and every stream a command reads (unit, campaign, enterprise, activity) was written at
 * an earlier tick, so the outcome does not depend on the order inside a tick.
 *
 * The generator keeps its own model of every issue (what the commands should do), written from
 * the domain's documented rules — not from the domain's or the projections' code — so the test
 * can check the issue queue against it as well as against the raw events.
 */
import {
  activityStream,
  addDays,
  businessDate,
  campaignStream,
  ChineseWorkingCalendar,
  CREDIT_CODE_CHARSET,
  creditCodeCheckChar,
  enterpriseStream,
  issueStream,
  overdueMoment,
  unitStream,
  type Actor,
} from '@banjie/domain';
import type { BusCommandName } from '@banjie/application';
import { prng } from './projection-scenario';

export const TICK_MS = 3 * 3_600_000;
/** Tick 0: Monday 2023-04-24, 09:00 Beijing. */
export const T0 = new Date('2023-04-24T09:00:00+08:00');
export const tickTime = (k: number) => new Date(T0.getTime() + k * TICK_MS);
const HOUR = 3_600_000;

export type Expectation =
  /** Accepted: the stream is at `version` afterwards (unchanged when the command decides nothing). */
  | { ok: true; version: number }
  /** Refused with `code`; the stream stays at `version`. */
  | { ok: false; code: string; version: number };

export interface ScenarioCommand {
  tick: number;
  /** The stream the command writes (at most one command per stream and tick). */
  stream: string;
  type: BusCommandName;
  data: Record<string, unknown>;
  actor: Actor;
  /** Business time; undefined → the clock's now (the tick's time). */
  occurredAt?: Date;
  expect: Expectation;
}

/** What the issue queue should say about an issue at the end (the generator's own model). */
export interface IssueOutcome {
  issueId: string;
  campaignId: string;
  state: 'pending' | 'in_progress' | 'resolved' | 'withdrawn';
  responsibleUnitId: string;
  collectingUnitId: string;
  enterpriseCode: string;
  dueOn: string | null;
  overdue: boolean;
  rating: string | null;
  lastEventType: string;
  lastEventAt: string;
  version: number;
}

export interface CommandScenario {
  commands: ScenarioCommand[];
  lastTick: number;
  campaignIds: string[];
  unitIds: string[];
  issues: Map<string, IssueOutcome>;
  /** Events the accepted commands write. */
  expectedEvents: number;
  expectedRejections: number;
  /** Accepted commands that decide nothing (an overdue already recorded, an idempotent re-collect). */
  expectedNoops: number;
}

export interface CommandScenarioOptions {
  issues?: number;
  activities?: number;
  enterprises?: number;
  prefix?: string;
}

const officer = (unitId: string): Actor => ({ userId: `officer-${unitId}`, unitId, role: 'officer' });
const SUPERVISOR: Actor = { userId: 'supervisor-1', unitId: null, role: 'supervisor' };
const ADMIN: Actor = { userId: 'admin-1', unitId: null, role: 'admin' };
const SYSTEM: Actor = { userId: 'system', unitId: null, role: 'system' };

/** Start of a Beijing business day as an instant. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

export function generateCommandScenario(seed: number, options: CommandScenarioOptions = {}): CommandScenario {
  const r = prng(seed);
  const prefix = options.prefix ?? 'k';
  const commands: ScenarioCommand[] = [];
  const versions = new Map<string, number>();
  const version = (stream: string) => versions.get(stream) ?? 0;
  /** Per stream, the ticks already used (at most one command per stream and tick). */
  const used = new Map<string, Set<number>>();
  let rejections = 0;
  let noops = 0;
  const push = (c: Omit<ScenarioCommand, 'expect'>, outcome: 'write' | 'noop' | { code: string }) => {
    const ticks = used.get(c.stream) ?? new Set<number>();
    if (ticks.has(c.tick)) throw new Error(`generator: two commands on ${c.stream} at tick ${c.tick}`);
    ticks.add(c.tick);
    used.set(c.stream, ticks);
    if (outcome === 'write') versions.set(c.stream, version(c.stream) + 1);
    if (outcome === 'noop') noops++;
    if (typeof outcome === 'object') rejections++;
    commands.push({
      ...c,
      expect:
        typeof outcome === 'object'
          ? { ok: false, code: outcome.code, version: version(c.stream) }
          : { ok: true, version: version(c.stream) },
    });
  };
  const tickOf = (instant: Date) => Math.ceil((instant.getTime() - T0.getTime()) / TICK_MS);
  const lastTick = tickOf(new Date('2023-07-25T09:00:00+08:00'));
  const rand = (lo: number, hi: number) => lo + r.next() * (hi - lo);
  /** A business time in [from, to] (ms precision), or undefined (the clock's now) half the time. */
  const backDated = (from: Date, to: Date): Date | undefined =>
    r.chance(0.5) ? undefined : new Date(Math.floor(rand(from.getTime(), to.getTime())));

  // --- units: 3 departments, 4 prefectures with 3 county units each ----------------------------
  type Unit = { id: string; level: 'department' | 'prefecture' | 'county'; parent: string | null; region: string };
  const units: Unit[] = [];
  for (let i = 0; i < 3; i++) units.push({ id: `${prefix}-dept-${i}`, level: 'department', parent: null, region: '湖北省' });
  const regions = ['武汉市', '黄石市', '天门市', '宜昌市'];
  for (let p = 0; p < 4; p++) {
    units.push({ id: `${prefix}-pref-${p}`, level: 'prefecture', parent: null, region: regions[p] });
    for (let c = 0; c < 3; c++)
      units.push({ id: `${prefix}-pref-${p}-county-${c}`, level: 'county', parent: `${prefix}-pref-${p}`, region: regions[p] });
  }
  for (const u of units)
    push(
      {
        tick: u.level === 'county' ? 1 : 0, // a county unit's parent must be there first
        stream: unitStream(u.id),
        type: 'RegisterUnit',
        data: { unitId: u.id, name: `单位 ${u.id}`, level: u.level, parentUnitId: u.parent, region: u.region },
        actor: ADMIN,
        occurredAt: backDated(new Date(T0.getTime() - 10 * 24 * HOUR), T0),
      },
      'write',
    );
  push(
    {
      tick: 0,
      stream: unitStream(`${prefix}-x-0`),
      type: 'RegisterUnit',
      data: { unitId: `${prefix}-x-0`, name: '越权', level: 'department', region: '湖北省' },
      actor: officer(units[0].id),
    },
    { code: 'UNIT.ADMIN_ONLY' },
  );
  push(
    {
      tick: 0,
      stream: unitStream(`${prefix}-x-1`),
      type: 'RegisterUnit',
      data: { unitId: `${prefix}-x-1`, name: '无上级', level: 'county', parentUnitId: null, region: '武汉市' },
      actor: ADMIN,
    },
    { code: 'UNIT.PARENT_REQUIRED' },
  );
  push(
    { tick: 2, stream: unitStream(units[1].id), type: 'RenameUnit', data: { unitId: units[1].id, name: '改名处' }, actor: ADMIN },
    'write',
  );
  push(
    { tick: 3, stream: unitStream(units[1].id), type: 'RenameUnit', data: { unitId: units[1].id, name: '改名处' }, actor: ADMIN },
    { code: 'UNIT.NAME_UNCHANGED' },
  );
  // a county unit retires mid-campaign: no new work for it from then on. It never holds issues (a
  // unit responsible for open issues may not retire: UNIT.HAS_OPEN_ISSUES), only activities.
  const retired = units.find((u) => u.level === 'county')!.id;
  const retireTick = tickOf(new Date('2023-06-15T09:00:00+08:00'));
  push(
    { tick: retireTick, stream: unitStream(retired), type: 'RetireUnit', data: { unitId: retired, reason: '机构改革' }, actor: ADMIN },
    'write',
  );
  /** Units that may take new work at tick k (the retired one is avoided from its retirement tick on). */
  const activeAt = (k: number) => units.filter((u) => !(u.id === retired && k >= retireTick));
  /** Units that collect and are handed issues: all but the one that retires. */
  const issueUnits = units.filter((u) => u.id !== retired);

  // --- campaigns --------------------------------------------------------------------------------
  const c1 = `${prefix}-c1`;
  const c2 = `${prefix}-c2`;
  const campaigns = new Map([
    [c1, { startsOn: '2023-05-01', endsOn: '2023-06-30', slaDays: 15 }],
    [c2, { startsOn: '2023-05-15', endsOn: '2023-07-10', slaDays: 10 }],
  ]);
  push(
    {
      tick: 0,
      stream: campaignStream(c1),
      type: 'LaunchCampaign',
      // withdrawals here are the unit's own (the request path of issue #18 is test/e2e/desk-requests.int-spec.ts)
      data: {
        campaignId: c1,
        title: '服务企业月',
        startsOn: '2023-05-01',
        endsOn: '2023-06-30',
        workflow: { withdrawalNeedsApproval: false },
      },
      actor: ADMIN,
    },
    'write',
  );
  push(
    {
      tick: 0,
      stream: campaignStream(c2),
      type: 'LaunchCampaign',
      data: {
        campaignId: c2,
        title: '助企纾困专项',
        startsOn: '2023-05-15',
        endsOn: '2023-07-10',
        sla: { resolveWithinWorkingDays: 10 },
        workflow: { withdrawalNeedsApproval: false },
      },
      actor: ADMIN,
    },
    'write',
  );
  const closeTick = tickOf(new Date('2023-07-12T09:00:00+08:00'));
  push(
    { tick: closeTick, stream: campaignStream(c2), type: 'CloseCampaign', data: { campaignId: c2, reason: '专项结束' }, actor: ADMIN },
    'write',
  );
  const calendar = new ChineseWorkingCalendar();

  // --- enterprises ------------------------------------------------------------------------------
  const creditCode = () => {
    const body = '91' + Array.from({ length: 15 }, () => CREDIT_CODE_CHARSET[r.int(0, CREDIT_CODE_CHARSET.length - 1)]).join('');
    return body + creditCodeCheckChar(body)!;
  };
  const enterprises = [...new Set(Array.from({ length: options.enterprises ?? 300 }, creditCode))];
  const unregistered = Array.from({ length: 5 }, creditCode).filter((c) => !enterprises.includes(c));
  for (const code of enterprises)
    push(
      {
        tick: 0,
        stream: enterpriseStream(code),
        type: 'RegisterEnterprise',
        // anyone may register one; the domain normalizes lower case
        data: { creditCode: r.chance(0.1) ? code.toLowerCase() : code, name: `企业${code.slice(-6)}`, region: r.pick(regions) },
        actor: r.chance(0.5) ? officer(r.pick(units).id) : SYSTEM,
      },
      'write',
    );
  const broken = enterprises[0].slice(0, 17) + (enterprises[0][17] === '0' ? '1' : '0');
  push(
    {
      tick: 1,
      stream: enterpriseStream(broken),
      type: 'RegisterEnterprise',
      data: { creditCode: broken, name: '坏代码', region: '武汉市' },
      actor: SYSTEM,
    },
    { code: 'ENTERPRISE.CREDIT_CODE_INVALID' },
  );
  push(
    {
      tick: 1,
      stream: enterpriseStream(enterprises[1]),
      type: 'RegisterEnterprise',
      data: { creditCode: enterprises[1], name: '重复', region: '武汉市' },
      actor: SYSTEM,
    },
    { code: 'ENTERPRISE.ALREADY_EXISTS' },
  );
  const maybeLower = (code: string) => (r.chance(0.1) ? code.toLowerCase() : code);

  /** Ticks whose business date lies in the campaign (and, for c2, before it closes). */
  const fieldTicks = (campaignId: string) => {
    const c = campaigns.get(campaignId)!;
    return [tickOf(dayStart(c.startsOn)), tickOf(dayStart(addDays(c.endsOn, 1))) - 1] as const;
  };
  let ghost = 0;
  const ghostId = () => `${prefix}-ghost-${ghost++}`;

  // --- activities -------------------------------------------------------------------------------
  type Activity = { id: string; unitId: string; campaignId: string; tick: number; codes: string[] };
  const activities: Activity[] = [];
  const forms = ['door_to_door', 'symposium', 'online', 'phone'] as const;
  for (let a = 0; a < (options.activities ?? 900); a++) {
    const campaignId = r.chance(0.8) ? c1 : c2;
    const [lo, hi] = fieldTicks(campaignId);
    const tick = r.int(lo, hi);
    const unit = r.pick(activeAt(tick));
    const now = tickTime(tick);
    const from = new Date(Math.max(dayStart(campaigns.get(campaignId)!.startsOn).getTime(), now.getTime() - 30 * HOUR));
    const occurredAt = backDated(from, now);
    const codes = Array.from({ length: r.int(1, 6) }, () => r.pick(enterprises));
    const id = `${prefix}-act-${a}`;
    const data = {
      activityId: id,
      campaignId,
      unitId: unit.id,
      form: forms[a % 4],
      heldOn: businessDate(occurredAt ?? now),
      enterpriseCodes: codes.map(maybeLower),
      summary: '走访',
    };
    if (r.chance(0.03)) {
      // refused: another unit's officer, or an enterprise nobody registered
      const bad = r.chance(0.5)
        ? { actor: officer(units.find((u) => u.id !== unit.id)!.id), data: {}, code: 'ACTIVITY.NOT_OWN_UNIT' }
        : { actor: officer(unit.id), data: { enterpriseCodes: [...codes, r.pick(unregistered)] }, code: 'ENTERPRISE.NOT_FOUND' };
      const gid = ghostId();
      push(
        {
          tick,
          stream: activityStream(gid),
          type: 'HoldActivity',
          data: { ...data, ...bad.data, activityId: gid },
          actor: bad.actor,
          occurredAt,
        },
        { code: bad.code },
      );
    }
    push({ tick, stream: activityStream(id), type: 'HoldActivity', data, actor: officer(unit.id), occurredAt }, 'write');
    activities.push({ id, unitId: unit.id, campaignId, tick, codes });
  }
  // an activity in c2 after it closed
  const lateActivity = ghostId();
  push(
    {
      tick: closeTick + 1,
      stream: activityStream(lateActivity),
      type: 'HoldActivity',
      data: {
        activityId: lateActivity,
        campaignId: c2,
        unitId: units[0].id,
        form: 'phone',
        heldOn: '2023-07-10',
        enterpriseCodes: [enterprises[0]],
        summary: '迟',
      },
      actor: officer(units[0].id),
    },
    { code: 'CAMPAIGN.CLOSED' },
  );
  const activitiesOf = new Map<string, Activity[]>();
  for (const a of activities)
    activitiesOf.set(`${a.unitId}|${a.campaignId}`, [...(activitiesOf.get(`${a.unitId}|${a.campaignId}`) ?? []), a]);

  // --- issues -----------------------------------------------------------------------------------
  const issues = new Map<string, IssueOutcome>();
  const ratings = [
    'satisfied',
    'satisfied',
    'satisfied',
    'satisfied',
    'basically_satisfied',
    'basically_satisfied',
    'dissatisfied',
    'dissatisfied',
  ] as const;
  const channels = ['enterprise_link', 'callback', 'on_site'] as const;
  for (let n = 0; n < (options.issues ?? 2150); n++) {
    const id = `${prefix}-iss-${n}`;
    const stream = issueStream(id);
    const campaignId = r.chance(0.8) ? c1 : c2;
    const campaign = campaigns.get(campaignId)!;
    const [lo, hi] = fieldTicks(campaignId);
    let k = r.int(lo, hi);
    const collector = r.pick(issueUnits);
    let now = tickTime(k);
    const collectedAt = backDated(new Date(Math.max(dayStart(campaign.startsOn).getTime(), now.getTime() - 36 * HOUR)), now);
    // from an earlier activity of the same unit and campaign (it must have reached the enterprise), or not
    const earlier = (activitiesOf.get(`${collector.id}|${campaignId}`) ?? []).filter((a) => a.tick < k);
    const activity = earlier.length && r.chance(0.4) ? r.pick(earlier) : null;
    const enterprise = activity ? r.pick(activity.codes) : r.pick(enterprises);
    const collect = {
      issueId: id,
      campaignId,
      unitId: collector.id,
      enterpriseCode: maybeLower(enterprise),
      activityId: activity?.id ?? null,
      kind: r.pick(['problem', 'suggestion']),
      category: r.pick(['行政审批', '融资信贷', '政策咨询', '用地规划']),
      title: `问题 ${n}`,
      description: '企业反映的问题',
    };
    if (r.chance(0.04)) {
      // refused collections (a new id each, never created)
      const gid = ghostId();
      const other = units.find((u) => u.id !== collector.id)!.id;
      const bad = r.pick([
        { actor: officer(collector.id), data: { enterpriseCode: r.pick(unregistered) }, code: 'ENTERPRISE.NOT_FOUND' },
        { actor: officer(other), data: {}, code: 'ISSUE.NOT_RESPONSIBLE_UNIT' },
        ...(activity
          ? [
              {
                actor: officer(collector.id),
                data: { enterpriseCode: enterprises.find((e) => !activity.codes.includes(e))! },
                code: 'ACTIVITY.ENTERPRISE_NOT_REACHED',
              },
            ]
          : []),
      ]);
      push(
        {
          tick: k,
          stream: issueStream(gid),
          type: 'CollectIssue',
          data: { ...collect, ...bad.data, issueId: gid },
          actor: bad.actor,
          occurredAt: collectedAt,
        },
        { code: bad.code },
      );
    }
    push({ tick: k, stream, type: 'CollectIssue', data: collect, actor: officer(collector.id), occurredAt: collectedAt }, 'write');

    const m = {
      status: 'pending' as IssueOutcome['state'],
      responsible: collector.id,
      due: null as string | null,
      ratedThisCycle: false,
      lastRating: null as string | null,
      iqRating: null as string | null,
      overdueFor: new Set<string>(),
      overdue: false,
      /** Business time of the last person event: the floor for back-dating. */
      lastAt: collectedAt ?? now,
      /** Business time of the stream's last event (the queue's lastEventAt), person or watcher. */
      lastEventAt: collectedAt ?? now,
      /** When the current open period began (collection, reopening). */
      openedAt: collectedAt ?? now,
      lastType: 'IssueCollected',
    };
    /** An accepted command of this issue, at tick k; `effect` updates the model. */
    const accepted = (
      type: BusCommandName,
      data: Record<string, unknown>,
      actor: Actor,
      occurredAt: Date | undefined,
      eventType: string,
      effect: () => void,
    ) => {
      push({ tick: k, stream, type, data: { issueId: id, ...data }, actor, occurredAt }, 'write');
      if (eventType === 'IssueBecameOverdue') {
        // dated when the issue became overdue (the day after the due date, or its reopening), not
        // the watcher's now; it leaves the back-dating floor where the last person event put it
        const moment = overdueMoment(m.due!);
        m.lastEventAt = m.openedAt > moment ? m.openedAt : moment;
      } else {
        m.lastAt = m.lastEventAt = occurredAt ?? now;
        if (eventType === 'IssueReopened') m.openedAt = m.lastAt;
      }
      m.lastType = eventType;
      effect();
    };
    const refused = (type: BusCommandName, data: Record<string, unknown>, actor: Actor, code: string, occurredAt?: Date) =>
      push({ tick: k, stream, type, data: { issueId: id, ...data }, actor, occurredAt }, { code });
    const open = () => m.status === 'pending' || m.status === 'in_progress';
    const transferTargets = () => issueUnits.filter((u) => u.id !== m.responsible);

    const steps = r.int(3, 22);
    for (let s = 0; s < steps; s++) {
      k += r.chance(0.8) ? r.int(1, 12) : r.int(13, 60);
      if (k > lastTick) break;
      now = tickTime(k);
      const at = () => backDated(m.lastAt, now);
      const today = businessDate(now);
      const resp = officer(m.responsible);
      if (m.status === 'withdrawn') {
        if (r.chance(0.3)) {
          if (r.chance(0.5)) refused('ResolveIssue', { resolution: '已撤回' }, resp, 'ISSUE.WITHDRAWN');
          else refused('TransferIssue', { toUnitId: r.pick(transferTargets()).id, reason: '已撤回' }, SUPERVISOR, 'ISSUE.WITHDRAWN');
        }
        break;
      }
      if (r.chance(0.07)) {
        // a command the domain refuses (the issue's state does not change)
        const other = units.find((u) => u.id !== m.responsible)!.id;
        const options: (() => void)[] = [
          () =>
            refused(
              'RecordProgress',
              { note: '补记' },
              resp,
              'ISSUE.OCCURRED_BEFORE_PREVIOUS',
              new Date(m.lastAt.getTime() - r.int(1, 48) * HOUR),
            ),
          () =>
            refused(
              'ResolveIssue',
              { resolution: '提前' },
              resp,
              'COMMON.OCCURRED_IN_FUTURE',
              new Date(now.getTime() + r.int(1, 48) * HOUR),
            ),
        ];
        if (m.status !== 'resolved') options.push(() => refused('ReopenIssue', { reason: '未办结' }, SUPERVISOR, 'ISSUE.NOT_RESOLVED'));
        else if (!(m.ratedThisCycle && m.lastRating === 'dissatisfied'))
          options.push(() => refused('ReopenIssue', { reason: '自行重办' }, resp, 'ISSUE.REOPEN_NOT_ALLOWED'));
        if (open()) {
          options.push(
            () => refused('GiveFeedback', { rating: 'satisfied', channel: 'callback' }, resp, 'ISSUE.NOT_RESOLVED'),
            () => refused('ResolveIssue', { resolution: '越权' }, officer(other), 'ISSUE.NOT_RESPONSIBLE_UNIT'),
            () => refused('WithdrawIssue', { reason: '越权' }, officer(other), 'ISSUE.NOT_RESPONSIBLE_UNIT'),
          );
          if (!(m.responsible === retired && k >= retireTick))
            options.push(() => refused('TransferIssue', { toUnitId: m.responsible, reason: '同单位' }, resp, 'ISSUE.SAME_UNIT'));
          if (k > retireTick && m.responsible !== retired)
            options.push(() => refused('TransferIssue', { toUnitId: retired, reason: '已撤销' }, SUPERVISOR, 'UNIT.RETIRED'));
          if (!m.due || m.due >= today) options.push(() => refused('RecordOverdue', {}, SYSTEM, 'ISSUE.NOT_OVERDUE'));
        }
        if (m.status === 'pending') {
          options.push(
            () => refused('AcceptIssue', { dueOn: addDays(today, -r.int(1, 5)) }, resp, 'ISSUE.DUE_DATE_INVALID'),
            () => refused('RecordProgress', { note: '未受理' }, resp, 'ISSUE.NOT_IN_PROGRESS'),
            () => refused('ExtendDeadline', { dueOn: addDays(today, 5), reason: '未受理' }, SUPERVISOR, 'ISSUE.NOT_IN_PROGRESS'),
          );
        }
        if (m.status === 'in_progress') {
          options.push(
            () => refused('ExtendDeadline', { dueOn: addDays(m.due ?? today, 30), reason: '自批' }, resp, 'ISSUE.SUPERVISOR_ONLY'),
            () => refused('AcceptIssue', {}, resp, 'ISSUE.NOT_PENDING'),
          );
          if (m.due) options.push(() => refused('ExtendDeadline', { dueOn: m.due, reason: '不变' }, SUPERVISOR, 'ISSUE.DUE_DATE_INVALID'));
        }
        if (m.status === 'resolved') {
          options.push(() => refused('ResolveIssue', { resolution: '再办结' }, resp, 'ISSUE.NOT_OPEN'));
          if (m.ratedThisCycle)
            options.push(() => refused('GiveFeedback', { rating: 'satisfied', channel: 'on_site' }, resp, 'ISSUE.FEEDBACK_ALREADY_GIVEN'));
          else
            options.push(() =>
              refused('GiveFeedback', { rating: 'satisfied', channel: 'enterprise_link' }, resp, 'ISSUE.FEEDBACK_CHANNEL_FORBIDDEN'),
            );
        }
        if (
          s === 0 &&
          !(collector.id === retired && k >= retireTick) &&
          !(campaignId === c2 && k >= closeTick) &&
          businessDate(collectedAt ?? tickTime(k)) <= campaign.endsOn
        ) {
          // the same collection again: idempotent, writes nothing
          options.push(() =>
            push(
              { tick: k, stream, type: 'CollectIssue', data: collect, actor: officer(collector.id), occurredAt: collectedAt ?? m.lastAt },
              'noop',
            ),
          );
          options.push(() =>
            push(
              {
                tick: k,
                stream,
                type: 'CollectIssue',
                data: { ...collect, title: '另一个问题' },
                actor: officer(collector.id),
                occurredAt: collectedAt ?? m.lastAt,
              },
              { code: 'ISSUE.ALREADY_EXISTS' },
            ),
          );
        }
        r.pick(options)();
        continue;
      }
      if (m.status === 'pending') {
        const x = r.next();
        if (x < 0.62) {
          const occurredAt = at();
          const acceptedOn = businessDate(occurredAt ?? now);
          const explicit = r.chance(0.6);
          const dueOn = explicit ? addDays(acceptedOn, r.int(0, 20)) : calendar.addWorkingDays(acceptedOn, campaign.slaDays);
          accepted(
            'AcceptIssue',
            explicit ? { dueOn, handler: r.chance(0.3) ? '张三' : null } : {},
            resp,
            occurredAt,
            'IssueAccepted',
            () => {
              m.status = 'in_progress';
              m.due = dueOn;
              m.overdue = false;
            },
          );
        } else if (x < 0.74) {
          const to = r.pick(transferTargets()).id;
          accepted(
            'TransferIssue',
            { toUnitId: to, reason: '职责调整' },
            r.chance(0.7) ? resp : SUPERVISOR,
            at(),
            'IssueTransferred',
            () => {
              m.status = 'pending';
              m.responsible = to;
              m.due = null;
              m.overdue = false;
            },
          );
        } else if (x < 0.88) {
          accepted('ResolveIssue', { resolution: '现场解决' }, resp, at(), 'IssueResolved', () => {
            m.status = 'resolved';
            m.ratedThisCycle = false;
            m.iqRating = null;
            m.overdue = false;
          });
        } else if (x < 0.93) {
          accepted('WithdrawIssue', { reason: '重复问题' }, resp, at(), 'IssueWithdrawn', () => {
            m.status = 'withdrawn';
            m.overdue = false;
          });
        } else break;
      } else if (m.status === 'in_progress') {
        const x = r.next();
        if (m.due && m.due < today && r.chance(0.6)) {
          // the deadline watcher (system, dated the day after the due date); asking again for the same due date decides nothing
          const due = m.due;
          if (m.overdueFor.has(due)) push({ tick: k, stream, type: 'RecordOverdue', data: { issueId: id }, actor: SYSTEM }, 'noop');
          else
            accepted('RecordOverdue', {}, SYSTEM, undefined, 'IssueBecameOverdue', () => {
              m.overdueFor.add(due);
              m.overdue = true;
            });
        } else if (x < 0.25) {
          accepted('RecordProgress', { note: '推进中' }, resp, at(), 'IssueProgressRecorded', () => undefined);
        } else if (x < 0.35) {
          const occurredAt = at();
          const day = businessDate(occurredAt ?? now);
          const base = m.due && m.due > day ? m.due : day;
          const dueOn = addDays(base, r.int(1, 10));
          accepted('ExtendDeadline', { dueOn, reason: '情况复杂' }, SUPERVISOR, occurredAt, 'IssueDeadlineExtended', () => {
            if (dueOn !== m.due) m.overdue = false;
            m.due = dueOn;
          });
        } else if (x < 0.43) {
          const to = r.pick(transferTargets()).id;
          accepted('TransferIssue', { toUnitId: to, reason: '转办' }, r.chance(0.5) ? resp : SUPERVISOR, at(), 'IssueTransferred', () => {
            m.status = 'pending';
            m.responsible = to;
            m.due = null;
            m.overdue = false;
          });
        } else if (x < 0.45) {
          accepted('WithdrawIssue', { reason: '不属于受理范围' }, resp, at(), 'IssueWithdrawn', () => {
            m.status = 'withdrawn';
            m.overdue = false;
          });
        } else {
          accepted('ResolveIssue', { resolution: '已办结' }, resp, at(), 'IssueResolved', () => {
            m.status = 'resolved';
            m.ratedThisCycle = false;
            m.iqRating = null;
            m.overdue = false;
          });
        }
      } else if (m.status === 'resolved') {
        const unhappy = m.ratedThisCycle && m.lastRating === 'dissatisfied';
        if (!m.ratedThisCycle && r.chance(0.75)) {
          const channel = r.pick(channels);
          const rating = r.pick(ratings);
          const actor = channel === 'enterprise_link' ? SYSTEM : resp;
          accepted('GiveFeedback', { rating, channel, comment: r.chance(0.3) ? '谢谢' : null }, actor, at(), 'FeedbackGiven', () => {
            m.ratedThisCycle = true;
            m.lastRating = rating;
            m.iqRating = rating;
          });
        } else if (r.chance(unhappy ? 0.7 : m.ratedThisCycle ? 0.15 : 0.1)) {
          // the unit itself may reopen after a dissatisfied rating; the supervision office always
          const actor = unhappy && r.chance(0.6) ? resp : SUPERVISOR;
          accepted('ReopenIssue', { reason: '企业不满意' }, actor, at(), 'IssueReopened', () => {
            m.status = 'in_progress';
            m.ratedThisCycle = false;
            m.iqRating = null;
          });
        } else break;
      }
    }
    issues.set(id, {
      issueId: id,
      campaignId,
      state: m.status,
      responsibleUnitId: m.responsible,
      collectingUnitId: collector.id,
      enterpriseCode: enterprise,
      dueOn: m.due,
      overdue: m.overdue,
      rating: m.iqRating,
      lastEventType: m.lastType,
      lastEventAt: m.lastEventAt.toISOString(),
      version: version(stream),
    });
  }
  // collections after c2 closed, before c2 started, and by the retired unit
  const lateCollect = (tick: number, campaignId: string, unitId: string, code: string) => {
    const gid = ghostId();
    const data = {
      issueId: gid,
      campaignId,
      unitId,
      enterpriseCode: enterprises[2],
      kind: 'problem',
      category: '行政审批',
      title: '迟到的问题',
      description: 'd',
    };
    push({ tick, stream: issueStream(gid), type: 'CollectIssue', data, actor: officer(unitId) }, { code });
  };
  lateCollect(closeTick + 2, c2, units[0].id, 'CAMPAIGN.CLOSED');
  lateCollect(tickOf(dayStart('2023-05-03')), c2, units[0].id, 'COMMON.OCCURRED_BEFORE_CAMPAIGN');
  lateCollect(retireTick + 1, c1, retired, 'UNIT.RETIRED');

  const byTick = commands
    .map((c, i) => [c, i] as const)
    .sort(([a, i], [b, j]) => a.tick - b.tick || i - j)
    .map(([c]) => c);
  const expectedEvents = [...versions.values()].reduce((a, b) => a + b, 0);
  return {
    commands: byTick,
    lastTick,
    campaignIds: [c1, c2],
    unitIds: units.map((u) => u.id),
    issues,
    expectedEvents,
    expectedRejections: rejections,
    expectedNoops: noops,
  };
}
