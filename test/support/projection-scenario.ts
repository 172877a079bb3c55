/**
 * A seeded random campaign for the projection tests: units, a campaign, activities and issues
 * whose life cycles follow DESIGN §3 (accept, transfer, progress, extend, resolve, feedback once
 * per resolution, reopen, withdraw, overdue marks), business times moving forward per stream.
 * Plus an independent reckoning of the circular's counts straight from raw events — written
 * without the projection's code, so the two can check each other.
 */
import type { ActivityForm } from '@banjie/domain';
import type { EventStore, NewEvent, StoredEvent } from '@banjie/event-store';
import type { UnitCounts } from '@banjie/projections';

/** mulberry32: small, fast, seeded. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

const meta = {
  actor: { userId: 'scenario', unitId: null, role: 'system' },
  correlationId: 'scenario',
  causationId: null,
  source: 'cli' as const,
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Append {
  streamId: string;
  events: NewEvent[];
}

export interface Scenario {
  campaignIds: string[];
  unitIds: string[];
  /** Appends in the order they are to be made (per-stream order kept; streams interleaved). */
  appends: Append[];
  eventCount: number;
}

const date = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);
const ev = (type: string, data: Record<string, unknown>, occurredAt: Date): NewEvent => ({ type, data, metadata: meta, occurredAt });

export function generateScenario(seed: number, issues = 1700, activities = 400, prefix = 's'): Scenario {
  const r = prng(seed);
  const appends: Append[] = [];
  const units: { id: string; level: string; parent: string | null; region: string }[] = [];
  for (let i = 0; i < 3; i++) units.push({ id: `${prefix}-dept-${i}`, level: 'department', parent: null, region: '湖北省' });
  for (let p = 0; p < 4; p++) {
    const region = ['武汉市', '黄石市', '天门市', '宜昌市'][p];
    units.push({ id: `${prefix}-pref-${p}`, level: 'prefecture', parent: null, region });
    for (let c = 0; c < 2; c++)
      units.push({ id: `${prefix}-pref-${p}-county-${c}`, level: 'county', parent: `${prefix}-pref-${p}`, region });
  }
  const t0 = new Date('2023-05-01T01:00:00Z');
  for (const u of units)
    appends.push({
      streamId: `unit-${u.id}`,
      events: [
        ev(
          'UnitRegistered',
          { unitId: u.id, name: `单位${u.id}`, level: u.level, parentUnitId: u.parent, region: u.region },
          new Date(t0.getTime() - 30 * DAY),
        ),
      ],
    });
  appends.push({
    streamId: `unit-${units[1].id}`,
    events: [ev('UnitRenamed', { unitId: units[1].id, name: '改名处' }, new Date(t0.getTime() - 20 * DAY))],
  });
  const campaignIds = [`${prefix}-c1`, `${prefix}-c2`];
  for (const c of campaignIds)
    appends.push({
      streamId: `campaign-${c}`,
      events: [
        ev(
          'CampaignLaunched',
          { campaignId: c, title: `服务企业月 ${c}`, startsOn: '2023-05-01', endsOn: '2023-06-30', targets: {}, sla: {}, thresholds: {} },
          new Date(t0.getTime() - 2 * DAY),
        ),
      ],
    });
  const enterprises = Array.from({ length: 260 }, (_, i) => `E${String(i).padStart(4, '0')}`);
  const pending: Append[][] = []; // per-stream chunk queues, interleaved below
  const forms = ['door_to_door', 'symposium', 'online', 'phone'];
  for (let a = 0; a < activities; a++) {
    const u = r.pick(units);
    const at = new Date(t0.getTime() + r.int(0, 60 * 24) * HOUR);
    const codes = Array.from({ length: r.int(1, 6) }, () => r.pick(enterprises));
    const id = `${prefix}-act-${a}`;
    pending.push([
      {
        streamId: `activity-${id}`,
        events: [
          ev(
            'ActivityHeld',
            {
              activityId: id,
              campaignId: r.chance(0.85) ? campaignIds[0] : campaignIds[1],
              unitId: u.id,
              form: r.pick(forms),
              heldOn: date(at),
              enterpriseCodes: codes,
              summary: 's',
            },
            at,
          ),
        ],
      },
    ]);
  }
  for (let n = 0; n < issues; n++) {
    const id = `${prefix}-iss-${n}`;
    const stream = `issue-${id}`;
    const collector = r.pick(units);
    let t = new Date(t0.getTime() + r.int(0, 55 * 24) * HOUR);
    const step = () => (t = new Date(t.getTime() + r.int(1, 120) * HOUR));
    const events: NewEvent[] = [
      ev(
        'IssueCollected',
        {
          issueId: id,
          campaignId: r.chance(0.85) ? campaignIds[0] : campaignIds[1],
          unitId: collector.id,
          enterpriseCode: r.pick(enterprises),
          activityId: null,
          kind: r.pick(['problem', 'suggestion']),
          // one of the default catalogue, a legacy word it maps (工程款 → 工程款结算), one outside it
          category: r.pick(['行政审批', '工程款', '燃气安全']),
          title: `问题${n}`,
          description: 'd',
        },
        t,
      ),
    ];
    let state: 'pending' | 'in_progress' | 'resolved' | 'withdrawn' = 'pending';
    let due: string | null = null;
    let rated = false;
    let responsible = collector.id;
    const steps = r.int(3, 24);
    for (let s = 0; s < steps && state !== 'withdrawn'; s++) {
      step();
      if (state === 'pending') {
        const x = r.next();
        if (x < 0.7) {
          due = date(new Date(t.getTime() + r.int(1, 20) * DAY));
          events.push(ev('IssueAccepted', { issueId: id, dueOn: due }, t));
          state = 'in_progress';
        } else if (x < 0.8) {
          const to = r.pick(units).id;
          events.push(ev('IssueTransferred', { fromUnitId: responsible, toUnitId: to, reason: 'r' }, t));
          responsible = to;
          due = null;
        } else if (x < 0.93) {
          events.push(ev('IssueResolved', { resolution: 'on the spot' }, t));
          state = 'resolved';
          rated = false;
        } else {
          events.push(ev('IssueWithdrawn', { reason: 'duplicate' }, t));
          state = 'withdrawn';
        }
      } else if (state === 'in_progress') {
        const x = r.next();
        if (due && date(t) > due && r.chance(0.6)) events.push(ev('IssueBecameOverdue', { dueOn: due }, t));
        else if (x < 0.3) events.push(ev('IssueProgressRecorded', { note: 'n' }, t));
        else if (x < 0.42 && due) {
          due = date(new Date(Date.parse(due + 'T00:00:00Z') + r.int(1, 10) * DAY));
          events.push(ev('IssueDeadlineExtended', { dueOn: due, reason: 'complex' }, t));
        } else if (x < 0.52) {
          const to = r.pick(units).id;
          events.push(ev('IssueTransferred', { fromUnitId: responsible, toUnitId: to, reason: 'r' }, t));
          responsible = to;
          due = null;
          state = 'pending';
        } else if (x < 0.54) {
          events.push(ev('IssueWithdrawn', { reason: 'out of scope' }, t));
          state = 'withdrawn';
        } else {
          events.push(ev('IssueResolved', { resolution: 'done' }, t));
          state = 'resolved';
          rated = false;
        }
      } else if (state === 'resolved') {
        if (!rated && r.chance(0.75)) {
          events.push(
            ev(
              'FeedbackGiven',
              { rating: r.pick(['satisfied', 'satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied']), channel: 'callback' },
              t,
            ),
          );
          rated = true;
        } else if (r.chance(0.3)) {
          events.push(ev('IssueReopened', { reason: 'not fixed' }, t));
          state = 'in_progress';
          rated = false;
        } else break;
      }
    }
    // Record the life cycle in one or two appends (units record field work in bursts).
    const cut = events.length > 1 && r.chance(0.4) ? r.int(1, events.length - 1) : events.length;
    const chunks: Append[] = [{ streamId: stream, events: events.slice(0, cut) }];
    if (cut < events.length) chunks.push({ streamId: stream, events: events.slice(cut) });
    pending.push(chunks);
  }
  // Interleave the streams: take the next chunk of a random stream until all are placed.
  const live = pending.filter((q) => q.length);
  while (live.length) {
    const k = r.int(0, live.length - 1);
    appends.push(live[k].shift()!);
    if (live[k].length === 0) live.splice(k, 1);
  }
  return { campaignIds, unitIds: units.map((u) => u.id), appends, eventCount: appends.reduce((n, a) => n + a.events.length, 0) };
}

export async function appendAll(
  store: EventStore,
  appends: readonly Append[],
  onEach?: (i: number) => Promise<void> | void,
): Promise<void> {
  for (let i = 0; i < appends.length; i++) {
    await store.append(appends[i].streamId, 'any', appends[i].events);
    if (onEach) await onEach(i);
  }
}

export async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of store.readAll({ batchSize: 5000 })) out.push(...batch);
  return out;
}

/** The report's per-unit counts (the type only: the reckoning below shares no code with the projection). */
export type Reckoned = UnitCounts;

/**
 * The circular's counts per unit of one campaign, straight from raw events: those that happened
 * before `before` and were recorded by `knownAt`; openOverdue on business day `day`.
 */
export function reckon(
  events: readonly StoredEvent[],
  campaignId: string,
  day: string,
  before: Date = new Date(8.64e15),
  knownAt: Date = new Date(8.64e15),
): Map<string, Reckoned> {
  const seen = events.filter((e) => e.occurredAt < before && e.recordedAt <= knownAt);
  const out = new Map<string, Reckoned>();
  const row = (u: string) => {
    let x = out.get(u);
    if (!x)
      out.set(
        u,
        (x = {
          enterprisesVisited: 0,
          activities: 0,
          activitiesByForm: { door_to_door: 0, symposium: 0, online: 0, phone: 0 },
          issuesCollected: 0,
          issuesResolved: 0,
          rated: 0,
          satisfied: 0,
          basicallySatisfied: 0,
          dissatisfied: 0,
          onTimeResolved: 0,
          resolvedWithDue: 0,
          openOverdue: 0,
        }),
      );
    return x;
  };
  const visited = new Map<string, Set<string>>();
  for (const e of seen) {
    if (e.type !== 'ActivityHeld' || e.data.campaignId !== campaignId) continue;
    const u = String(e.data.unitId);
    row(u).activities++;
    row(u).activitiesByForm[e.data.form as ActivityForm]++;
    const set = visited.get(u) ?? new Set<string>();
    for (const c of e.data.enterpriseCodes as string[]) set.add(c);
    visited.set(u, set);
  }
  for (const [u, set] of visited) row(u).enterprisesVisited = set.size;
  const streams = new Map<string, StoredEvent[]>();
  for (const e of seen) if (e.streamId.startsWith('issue-')) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
  for (const list of streams.values()) {
    list.sort((a, b) => a.streamVersion - b.streamVersion);
    const first = list[0];
    if (first.type !== 'IssueCollected' || first.data.campaignId !== campaignId) continue;
    let status = 'pending';
    let due: string | null = null;
    let resolvedOn: string | null = null;
    let dueAtResolution: string | null = null;
    let rating: string | null = null;
    for (const e of list.slice(1)) {
      if (e.type === 'IssueAccepted') {
        status = 'in_progress';
        due = String(e.data.dueOn);
      } else if (e.type === 'IssueTransferred') {
        status = 'pending';
        due = null;
      } else if (e.type === 'IssueDeadlineExtended') due = String(e.data.dueOn);
      else if (e.type === 'IssueResolved') {
        status = 'resolved';
        resolvedOn = date(e.occurredAt);
        dueAtResolution = due;
        rating = null;
      } else if (e.type === 'FeedbackGiven') rating = String(e.data.rating);
      else if (e.type === 'IssueReopened') {
        status = 'in_progress';
        rating = null;
      } else if (e.type === 'IssueWithdrawn') status = 'withdrawn';
    }
    const x = row(String(first.data.unitId));
    if (status === 'withdrawn') continue;
    x.issuesCollected++;
    if (status === 'resolved') {
      x.issuesResolved++;
      if (rating) {
        x.rated++;
        if (rating === 'satisfied') x.satisfied++;
        if (rating === 'basically_satisfied') x.basicallySatisfied++;
        if (rating === 'dissatisfied') x.dissatisfied++;
      }
      if (dueAtResolution) {
        x.resolvedWithDue++;
        if (resolvedOn! <= dueAtResolution) x.onTimeResolved++;
      }
    } else if (due && due < day) x.openOverdue++;
  }
  return out;
}
