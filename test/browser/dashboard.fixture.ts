import type { Route } from 'playwright-core';
import { eventHash } from '@banjie/event-store';

/**
 * A stand-in for the JSON API (DESIGN §7 shapes), so the page's rendering is tested on its own:
 * the circular's three rows as of 2023-07-10, split over a few named units, scaled down for
 * earlier as-of dates. The figures of the named units follow the circular's text.
 */
export const CAMPAIGN = { campaignId: 'c-2023', title: '2023年全省住建系统“服务企业月”活动', startsOn: '2023-05-01', endsOn: '2023-06-30' };
export const ISSUE_ID = '5b0e9a64-2f7e-4c1e-9a53-0d5d8e7c1a01';

interface Counts {
  enterprisesVisited: number;
  activities: number;
  issuesCollected: number;
  issuesResolved: number;
  dissatisfied: number;
  basicallySatisfied: number;
  symposium: number;
  openOverdue: number;
}
type Unit = [id: string, name: string, level: 'department' | 'prefecture' | 'county', parent: string | null, counts: Counts];

const c = (
  enterprisesVisited: number,
  activities: number,
  issuesCollected: number,
  issuesResolved: number,
  more: Partial<Counts> = {},
): Counts => ({
  enterprisesVisited,
  activities,
  issuesCollected,
  issuesResolved,
  dissatisfied: 0,
  basicallySatisfied: 0,
  symposium: 0,
  openOverdue: 0,
  ...more,
});

/** Regions of the named units (the table's region filter); the department's units are 省直. */
const REGIONS: Record<string, string> = {
  'p-wuhan': '武汉市',
  'p-huangshi': '黄石市',
  'p-tianmen': '天门市',
  'p-tianmen-housing': '天门市',
  'p-jingzhou': '荆州市',
  'c-honghu': '荆州市',
};

export const UNITS: Unit[] = [
  ['d-market', '厅建筑市场监管处', 'department', null, c(100, 95, 90, 80, { basicallySatisfied: 3, openOverdue: 4 })],
  ['d-urban', '厅城市建设处', 'department', null, c(94, 90, 85, 75, { openOverdue: 2 })],
  ['d-estate', '厅房地产市场监管处', 'department', null, c(80, 78, 70, 60, { basicallySatisfied: 1 })],
  ['p-wuhan', '武汉市城建局', 'prefecture', null, c(900, 950, 700, 640, { basicallySatisfied: 12, symposium: 40 })],
  ['p-huangshi', '黄石市住建局', 'prefecture', null, c(218, 230, 12, 12)],
  ['p-tianmen', '天门市住建局', 'prefecture', null, c(59, 1, 3, 3, { symposium: 1 })],
  ['p-tianmen-housing', '天门市住保中心', 'prefecture', null, c(40, 45, 40, 37, { dissatisfied: 1 })],
  ['p-jingzhou', '荆州市住建局', 'prefecture', null, c(800, 900, 600, 520, { openOverdue: 7 })],
  ['c-honghu', '洪湖市住建局', 'county', 'p-jingzhou', c(1049, 1070, 748, 665, { basicallySatisfied: 5 })],
];

const rate = (n: number, d: number) => (d ? n / d : null);
const FIELDS = [
  'enterprisesVisited',
  'activities',
  'issuesCollected',
  'issuesResolved',
  'dissatisfied',
  'basicallySatisfied',
  'symposium',
  'openOverdue',
] as const;

function row(unitId: string | null, unitName: string, level: string, parentUnitId: string | null, k: Counts) {
  const rated = k.issuesResolved;
  const satisfied = rated - k.dissatisfied - k.basicallySatisfied;
  const onTimeResolved = Math.round(k.issuesResolved * 0.9);
  return {
    unitId,
    unitName,
    level,
    parentUnitId,
    enterprisesVisited: k.enterprisesVisited,
    activities: k.activities,
    activitiesByForm: { door_to_door: k.activities - k.symposium, symposium: k.symposium, online: 0, phone: 0 },
    issuesCollected: k.issuesCollected,
    issuesResolved: k.issuesResolved,
    completionRate: rate(k.issuesResolved, k.issuesCollected),
    rated,
    satisfied,
    basicallySatisfied: k.basicallySatisfied,
    dissatisfied: k.dissatisfied,
    satisfactionRate: rate(satisfied + k.basicallySatisfied, rated),
    onTimeResolved,
    onTimeRate: rate(onTimeResolved, k.issuesResolved),
    openOverdue: k.openOverdue,
  };
}

function sum(list: Counts[]): Counts {
  const out = c(0, 0, 0, 0);
  for (const k of list) for (const f of FIELDS) out[f] += k[f];
  return out;
}

/** The report as of a date: the full figures on 2023-07-10 and after, scaled down before. */
export function report(asOf = '2023-07-10', knownAt: string | null = null) {
  const days = (Date.parse(asOf) - Date.parse(CAMPAIGN.startsOn)) / 86_400_000;
  const f = Math.max(0, Math.min(1, days / 70));
  const scale = (k: Counts): Counts => {
    const s = Object.fromEntries(FIELDS.map((x) => [x, Math.floor(k[x] * f)])) as unknown as Counts;
    s.issuesResolved = Math.min(s.issuesCollected, Math.floor(k.issuesResolved * f * f));
    s.dissatisfied = Math.min(s.dissatisfied, s.issuesResolved);
    s.basicallySatisfied = Math.min(s.basicallySatisfied, s.issuesResolved - s.dissatisfied);
    return s;
  };
  const units = UNITS.map(([id, name, level, parent, k]) => [id, name, level, parent, scale(k)] as Unit);
  const dept = units.filter((u) => u[2] === 'department').map((u) => u[4]);
  const pref = units.filter((u) => u[2] !== 'department').map((u) => u[4]);
  return {
    campaignId: CAMPAIGN.campaignId,
    asOf,
    knownAt,
    rows: units.map(([id, name, level, parent, k]) => row(id, name, level, parent, k)),
    groups: [row(null, '市州', 'prefecture', null, sum(pref)), row(null, '厅本级', 'department', null, sum(dept))],
    total: row(null, '合计', 'total', null, sum([...dept, ...pref])),
  };
}

export const ALERTS = [
  {
    alertId: 'a1',
    kind: 'overdue',
    campaignId: 'c-2023',
    unitId: 'd-market',
    issueId: ISSUE_ID,
    issueTitle: '施工许可审批时限咨询',
    enterpriseCode: '91429006MA49XXXXX0',
    enterpriseName: '天门市宏达建筑工程有限公司',
    raisedAt: '2023-07-04',
    clearedAt: null,
    details: { dueOn: '2023-07-03', card: 'red', reminder: true },
  },
  {
    alertId: 'a2',
    kind: 'due_soon',
    campaignId: 'c-2023',
    unitId: 'd-urban',
    issueId: '6c0e9a64-2f7e-4c1e-9a53-0d5d8e7c1a02',
    raisedAt: '2023-07-06T00:00:00Z',
    clearedAt: null,
    message: '2 个工作日后到期',
  },
  {
    alertId: 'a3',
    kind: 'escalated',
    campaignId: 'c-2023',
    unitId: 'p-jingzhou',
    issueId: '7d0e9a64-2f7e-4c1e-9a53-0d5d8e7c1a03',
    issueTitle: '工程款结算拖欠',
    raisedAt: '2023-07-08',
    clearedAt: null,
    details: { dueOn: '2023-06-30', action: 'circulate', workingDaysOverdue: 5 },
  },
  {
    alertId: 'a4',
    kind: 'low_satisfaction',
    campaignId: 'c-2023',
    unitId: 'p-tianmen-housing',
    raisedAt: '2023-07-01T00:00:00Z',
    clearedAt: null,
    details: { rated: 37, satisfiedOrBasicallySatisfied: 36, satisfactionRate: 36 / 37, threshold: 1, issuesResolved: 37 },
  },
  {
    alertId: 'a5',
    kind: 'thin_collection',
    campaignId: 'c-2023',
    unitId: 'p-huangshi',
    raisedAt: '2023-06-20T00:00:00Z',
    clearedAt: null,
    message: '走访 218 家企业，仅收集问题 12 项',
  },
  {
    alertId: 'a6',
    kind: 'symposium_substitution',
    campaignId: 'c-2023',
    unitId: 'p-tianmen',
    raisedAt: '2023-06-10T00:00:00Z',
    clearedAt: null,
    message: '1 次座谈会覆盖 59 家企业，收集问题 3 项',
  },
  {
    alertId: 'a7',
    kind: 'stalled',
    campaignId: 'c-2023',
    unitId: 'p-wuhan',
    issueId: '8e0e9a64-2f7e-4c1e-9a53-0d5d8e7c1a04',
    raisedAt: '2023-06-01T00:00:00Z',
    clearedAt: '2023-06-05T00:00:00Z',
    message: '10 个工作日无进展',
  },
  {
    // raised after the circular's date: not on the page as of 2023-07-10
    alertId: 'a8',
    kind: 'escalated',
    campaignId: 'c-2023',
    unitId: 'd-urban',
    issueId: '9f0e9a64-2f7e-4c1e-9a53-0d5d8e7c1a05',
    issueTitle: '老旧小区改造审批',
    raisedAt: '2023-08-23',
    clearedAt: null,
    details: { dueOn: '2023-08-16', action: 'circulate', workingDaysOverdue: 5 },
  },
];

/** The alerts as of a business date: raised by then, cleared only if cleared by then. */
export function alertsAsOf(asOf: string) {
  return ALERTS.filter((a) => a.raisedAt.slice(0, 10) <= asOf).map((a) =>
    a.clearedAt && a.clearedAt.slice(0, 10) > asOf ? { ...a, clearedAt: null } : a,
  );
}

/** One issue's stream with real hashes (libs/event-store/src/hash.ts), one event recorded late. */
export function history() {
  const actor = { userId: 'officer-17', unitId: 'p-tianmen-housing', role: 'officer' };
  const steps: [string, string, string, Record<string, unknown>][] = [
    [
      'IssueCollected',
      '2023-05-10T02:00:00Z',
      '2023-05-10T02:05:00Z',
      {
        issueId: ISSUE_ID,
        campaignId: 'c-2023',
        unitId: 'p-tianmen-housing',
        enterpriseCode: '91429006MA49XXXXX0',
        kind: 'problem',
        category: '审批',
        title: '施工许可审批时限咨询',
        description: '希望明确办理时限',
      },
    ],
    ['IssueAccepted', '2023-05-11T01:00:00Z', '2023-05-11T01:10:00Z', { dueOn: '2023-05-25' }],
    ['IssueProgressRecorded', '2023-05-15T03:00:00Z', '2023-05-22T09:00:00Z', { note: '已与审批科对接' }],
    ['IssueResolved', '2023-05-24T06:00:00Z', '2023-05-24T06:01:00Z', { resolution: '已出具书面答复' }],
    [
      'FeedbackGiven',
      '2023-05-26T08:00:00Z',
      '2023-05-26T08:00:30Z',
      { rating: 'dissatisfied', channel: 'callback', comment: '答复不够具体' },
    ],
  ];
  let prevHash: string | null = null;
  const events = steps.map(([type, occurredAt, recordedAt, data], i) => {
    const envelope = {
      eventId: `00000000-0000-4000-8000-00000000000${i + 1}`,
      type,
      schemaVersion: 1,
      streamId: `issue-${ISSUE_ID}`,
      streamVersion: i + 1,
      position: 100 + i * 7,
      occurredAt: new Date(occurredAt),
      recordedAt: new Date(recordedAt),
      data,
      metadata: { actor, correlationId: `corr-${i}`, causationId: null, source: 'api' as const },
      prevHash,
    };
    const hash = eventHash(envelope);
    prevHash = hash;
    // As a server sends it: JSON.stringify writes the Dates with toISOString(), plus the audit
    // fields it computes (the progress note came 5 working days late: flagged).
    const late = type === 'IssueProgressRecorded';
    const audit = { lateRecording: late, lagWorkingDays: late ? 5 : 0, demoHistory: false, recordedByClock: recordedAt };
    return JSON.parse(JSON.stringify({ ...envelope, hash, ...audit }));
  });
  return {
    issueId: ISSUE_ID,
    events,
    chain: { ok: true, broken: [] },
    names: {
      users: { 'officer-17': '李明' },
      units: { 'p-tianmen-housing': '天门市住保中心' },
      enterprises: { '91429006MA49XXXXX0': '天门市宏达建筑工程有限公司' },
    },
  };
}

export const ISSUE = {
  issueId: ISSUE_ID,
  campaignId: 'c-2023',
  unitId: 'p-tianmen-housing',
  enterpriseCode: '91429006MA49XXXXX0',
  kind: 'problem',
  category: '审批',
  title: '施工许可审批时限咨询',
  state: 'resolved',
  dueOn: '2023-05-25',
  overdue: false,
  version: 5,
};

export interface FakeApiOptions {
  /** Paths answered 404 (route missing), as before the supervision work lands. */
  missing?: RegExp;
  /** Only requests with this bearer token are served; others get 401. */
  token?: string;
  /** GET /health's body (asked on every call); absent → 404, as a server without it. */
  health?: () => unknown;
  /** Fields added to every JSON report (e.g. `{ catchingUp: true, lagEvents: 300 }`). */
  reportExtra?: () => Record<string, unknown>;
}

const json = (route: Route, status: number, body: unknown, type = 'application/json') =>
  route.fulfill({ status, contentType: type, body: JSON.stringify(body) });

/** Answers the page's API requests; returns the URLs it saw (path + query) and their auth headers. */
export function fakeApi(options: FakeApiOptions = {}) {
  const seen: { url: string; authorization?: string }[] = [];
  const handler = async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    const authorization = request.headers()['authorization'];
    seen.push({ url: url.pathname + url.search, authorization });
    if (options.missing?.test(url.pathname))
      return json(
        route,
        404,
        { type: 'about:blank', title: 'Not Found', status: 404, code: 'HTTP.404', detail: `Cannot GET ${url.pathname}` },
        'application/problem+json',
      );
    if (options.token && authorization !== `Bearer ${options.token}`)
      return json(
        route,
        401,
        { title: 'Unauthorized', status: 401, code: 'AUTH.TOKEN_REQUIRED', detail: 'a bearer token is required' },
        'application/problem+json',
      );
    const p = url.pathname;
    const q = url.searchParams;
    if (p === '/health' && options.health) return json(route, 200, options.health());
    if (p === '/health/demo' && options.health) return json(route, 200, (options.health() as { demo: unknown }).demo);
    if (p === '/me')
      return json(route, 200, {
        userId: 'u-office',
        name: '督办专班 周静',
        role: 'supervisor',
        unitId: 'p-tianmen',
        unitName: '天门市住建局',
        account: null,
        credential: 'api',
        mustChangePassword: false,
      });
    if (p === '/campaigns') return json(route, 200, [CAMPAIGN]);
    if (p === '/units')
      return json(
        route,
        200,
        UNITS.map(([unitId, name, level, parentUnitId]) => ({ unitId, name, level, parentUnitId, region: REGIONS[unitId] ?? '省直' })),
      );
    if (p === `/campaigns/${CAMPAIGN.campaignId}/report`) {
      if (q.get('format') === 'csv')
        return route.fulfill({
          status: 200,
          contentType: 'text/csv; charset=utf-8',
          headers: { 'content-disposition': `attachment; filename="report-${q.get('asOf')}.csv"` },
          body: '单位,走访企业\n合计,3340\n',
        });
      return json(route, 200, { ...report(q.get('asOf') ?? '2023-07-10', q.get('knownAt')), ...(options.reportExtra?.() ?? {}) });
    }
    if (p === `/campaigns/${CAMPAIGN.campaignId}/rankings`) {
      const rows = report(q.get('asOf') ?? '2023-07-10')
        .rows.filter((r) => r.completionRate != null)
        .sort((a, b) => b.completionRate! - a.completionRate!);
      const ranked = (key: 'completionRate' | 'satisfactionRate') =>
        [...rows].sort((a, b) => b[key]! - a[key]!).map((r, i) => ({ rank: i + 1, ...r, activitiesByForm: undefined }));
      return json(route, 200, {
        campaignId: CAMPAIGN.campaignId,
        asOf: q.get('asOf'),
        completionRate: ranked('completionRate'),
        satisfactionRate: ranked('satisfactionRate'),
      });
    }
    if (p === '/alerts') {
      const list = alertsAsOf(q.get('asOf') ?? '9999-12-31').filter(
        (a) =>
          (!q.get('unitId') || a.unitId === q.get('unitId')) &&
          (!q.get('kind') || a.kind === q.get('kind')) &&
          (q.get('open') !== 'true' || !a.clearedAt),
      );
      const offset = Number(q.get('offset') ?? 0);
      const limit = Number(q.get('limit') ?? 500);
      const page = list.slice(offset, offset + limit);
      return json(route, 200, { alerts: page, total: list.length, offset, truncated: offset + page.length < list.length });
    }
    if (p === '/issues') {
      const items = [
        {
          ...ISSUE,
          collectingUnitId: 'p-tianmen-housing',
          responsibleUnitId: 'p-tianmen-housing',
          enterpriseName: '天门市宏达建筑工程有限公司',
        },
      ];
      const mine = items.filter((i) => !q.get('collectingUnitId') || i.collectingUnitId === q.get('collectingUnitId'));
      return json(route, 200, { items: mine, total: mine.length, page: 1 });
    }
    if (p === `/issues/${ISSUE_ID}`) return json(route, 200, ISSUE);
    if (p === `/issues/${ISSUE_ID}/history`) return json(route, 200, history());
    return json(route, 404, { title: 'Not Found', status: 404, code: 'HTTP.404', detail: `Cannot GET ${p}` }, 'application/problem+json');
  };
  /** Everything but the page itself (/ and /assets/…) goes to the fake. */
  const matches = (url: URL) => url.pathname !== '/' && !url.pathname.startsWith('/assets/');
  return { handler, matches, seen };
}
