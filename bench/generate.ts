/**
 * A province-scale synthetic history, written as an NDJSON export (exactly what `cli export`
 * writes: one envelope per line, position order, hash chains intact) and, beside it, the same rows
 * in COPY text format for the raw baseline.
 *
 * The history is simulated day by day over eight campaigns (2023–2026): the department, its
 * divisions, 17 prefectures and ~100 county bureaus register; campaigns launch and close; units
 * hold activities (door-to-door visits, symposiums, online, phone) reaching enterprises they
 * register on the way; each activity collects issues, and every issue lives its life cycle —
 * accepted (sometimes after a transfer), progress notes, the odd deadline extension, overdue
 * records by the watcher, resolution, the enterprise's rating, reopening after a dissatisfied
 * rating, withdrawal — as the domain's rules allow it. Supervision notices go to units with
 * overdue work. The run stops at exactly `events` events; whatever is in flight then stays open
 * (the append workload works on those in-progress issues).
 *
 * Deterministic for a seed.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { isWorkday } from 'chinese-days';
import { asBanjieEvent, evolveIssue, initialIssueState, isIssueEvent, type IssueState } from '@banjie/domain';
import { eventHash } from '@banjie/event-store';
import { CATEGORIES, DESCRIPTIONS, NOTES, REASONS, RESOLUTIONS, SUMMARIES, TITLES, provinceUnits, type UnitSpec } from './province';
import { Rng } from './rng';

export interface GenerateOptions {
  events: number;
  ndjsonPath: string;
  copyPath: string;
  seed?: number;
}

export interface OpenIssue {
  issueId: string;
  unitId: string;
}

export interface GeneratedHistory {
  events: number;
  streams: number;
  issues: number;
  enterprises: number;
  activities: number;
  /** Issues in progress when the history ends, with their responsible unit. */
  inProgress: OpenIssue[];
  firstDate: string;
  lastDate: string;
  ndjsonBytes: number;
  byType: Record<string, number>;
}

type Role = 'officer' | 'supervisor' | 'admin' | 'system';
interface Actor {
  userId: string;
  unitId: string | null;
  role: Role;
}
type Source = 'api' | 'watcher' | 'cli';

interface Pending {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  occurredAt: number;
  recordedAt: number;
  actor: Actor;
  source: Source;
  /** Issue events carry their simulation (it holds the stream head). */
  issue?: IssueSim;
}

interface Step {
  day: number;
  type: string;
  data: Record<string, unknown>;
  actor: Actor;
  source: Source;
}

interface IssueSim {
  issueId: string;
  campaignId: string;
  version: number;
  hash: string | null;
  steps: Step[];
  next: number;
  /** The issue as the domain's own fold (evolveIssue) has its written events: the one life cycle. */
  state: IssueState;
}

interface Campaign {
  campaignId: string;
  title: string;
  startsOn: number;
  endsOn: number;
  /** Day it closes, or null (the running one). */
  closesOn: number | null;
}

/** The domain's fold of a written issue event: the generator never re-derives the life cycle. */
function evolveWritten(state: IssueState, e: { type: string; schemaVersion: number; data: Record<string, unknown>; occurredAt: Date }) {
  const event = asBanjieEvent(e);
  return isIssueEvent(event) ? evolveIssue(state, event) : state;
}

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;
const SYSTEM: Actor = { userId: 'system', unitId: null, role: 'system' };
const ADMIN: Actor = { userId: 'admin-hbzjt', unitId: 'hbzjt', role: 'admin' };
const SUPERVISOR: Actor = { userId: 'dbb-hbzjt', unitId: 'hbzjt', role: 'supervisor' };
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** Calendar days from acceptance to the due date (≈ 15 working days). */
const DUE_DAYS = 21;
/** Events one collected issue brings on average (its own life, enterprises, activities). */
const EVENTS_PER_ISSUE = 7.7;
/** Bump when the generator's output changes: cached histories of another version are not reused. */
export const GENERATOR_VERSION = 1;

export const dayOf = (iso: string) => Math.floor(Date.parse(iso + 'T00:00:00Z') / DAY_MS);
export const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** An instant on Beijing business day `day` at `minutes` past midnight. */
const at = (day: number, minutes: number) => day * DAY_MS - BEIJING_MS + Math.round(minutes * 60_000);

const workdayCache = new Map<number, boolean>();
function workday(day: number): boolean {
  let w = workdayCache.get(day);
  if (w === undefined) {
    const date = dateOf(day);
    w = date <= '2026-12-31' ? isWorkday(date) : new Date(day * DAY_MS).getUTCDay() % 6 !== 0;
    workdayCache.set(day, w);
  }
  return w;
}
const nextWorkday = (day: number) => {
  while (!workday(day)) day++;
  return day;
};

function creditCode(region: string, serial: number): string {
  let org = '';
  for (let i = 0, n = serial; i < 9; i++, n = Math.floor(n / 31)) org = CREDIT_CHARSET[n % 31] + org;
  const first17 = '91' + region + org;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARSET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return first17 + CREDIT_CHARSET[(31 - (sum % 31)) % 31];
}

/** Each campaign's reporting window in a history that ends on `lastDate`: launch to close (or the end). */
export function campaignWindows(lastDate: string): { campaignId: string; from: string; to: string }[] {
  const last = dayOf(lastDate);
  return campaigns()
    .filter((c) => c.startsOn <= last)
    .map((c) => ({ campaignId: c.campaignId, from: dateOf(c.startsOn), to: dateOf(Math.min(c.closesOn ?? last, last)) }));
}

function campaigns(): Campaign[] {
  const list: Campaign[] = [];
  for (const year of [2023, 2024, 2025, 2026]) {
    list.push({
      campaignId: `fwqyy-${year}`,
      title: `${year}年全省住建系统"服务企业月"活动`,
      startsOn: dayOf(`${year}-05-06`),
      endsOn: dayOf(`${year}-06-30`),
      closesOn: dayOf(`${year}-08-31`),
    });
    list.push({
      campaignId: `hkk-${year}`,
      title: `${year}年服务企业"回头看"专项行动`,
      startsOn: dayOf(`${year}-10-09`),
      endsOn: dayOf(`${year}-12-15`),
      closesOn: year === 2026 ? null : dayOf(`${year + 1}-02-10`),
    });
  }
  return list;
}

/** The last business day of the history (the running campaign is still collecting). */
export const HISTORY_ENDS = '2026-11-25';

export async function generateHistory(options: GenerateOptions): Promise<GeneratedHistory> {
  const rng = new Rng(options.seed ?? 20230711);
  const target = options.events;
  const units = provinceUnits();
  const collectors = units.filter((u) => u.unitId !== 'hbzjt');
  const byId = new Map(units.map((u) => [u.unitId, u]));
  const divisions = units.filter((u) => u.level === 'department' && u.parentUnitId);
  const prefectures = units.filter((u) => u.level === 'prefecture');
  const camps = campaigns();
  const firstDay = dayOf('2023-04-20');
  const lastDay = dayOf(HISTORY_ENDS);

  // Collection days still ahead of each day: the day's collection rate spreads what is left of
  // the budget (target − written − already scheduled) over them, so the history reaches `target`
  // near its last day whatever the mix turns out to be.
  const collectionDaysFrom = new Map<number, number>();
  for (let d = lastDay, n = 0; d >= firstDay; d--) {
    if (workday(d) && camps.some((c) => d >= c.startsOn && d <= c.endsOn)) n++;
    collectionDaysFrom.set(d, n);
  }
  let scheduled = 0;

  const out = new Output(options.ndjsonPath, options.copyPath);
  const heads = new Map<string, { version: number; hash: string | null }>();
  const agenda = new Map<number, IssueSim[]>();
  const open = new Set<IssueSim>();
  const knownEnterprises = new Map<string, string[]>();
  const byType: Record<string, number> = {};
  let enterpriseSerial = 0;
  let activities = 0;
  let issues = 0;
  let notices = 0;
  let position = 0;
  let streams = 0;

  const officer = (unitId: string): Actor => ({ userId: `officer-${unitId}-${1 + rng.int(0, 3)}`, unitId, role: 'officer' });

  /** Writes one day's events in recorded order; false once the target is reached. */
  async function flush(day: Pending[]): Promise<boolean> {
    day.sort((a, b) => a.recordedAt - b.recordedAt);
    for (const p of day) {
      if (position >= target) return false;
      let head = p.issue ?? heads.get(p.streamId);
      if (!head) {
        head = { version: 0, hash: null };
        if (!p.streamId.startsWith('enterprise-') && !p.streamId.startsWith('activity-')) heads.set(p.streamId, head);
      }
      if (head.version === 0) streams++;
      position++;
      const correlationId = rng.uuid();
      const e = {
        eventId: rng.uuid(),
        type: p.type,
        schemaVersion: 1,
        streamId: p.streamId,
        streamVersion: head.version + 1,
        position,
        occurredAt: new Date(p.occurredAt),
        recordedAt: new Date(p.recordedAt),
        data: p.data,
        metadata: { actor: p.actor, correlationId, causationId: correlationId, idempotencyKey: null, source: p.source },
        prevHash: head.hash,
      };
      const hash = eventHash(e);
      head.version++;
      head.hash = hash;
      if (p.issue && p.streamId.startsWith('issue-')) p.issue.state = evolveWritten(p.issue.state, e);
      byType[p.type] = (byType[p.type] ?? 0) + 1;
      await out.write(e, hash);
    }
    return true;
  }

  function planIssue(sim: IssueSim, collected: number, collectingUnit: UnitSpec): void {
    const steps: Step[] = [];
    let day = collected;
    let unitId = collectingUnit.unitId;
    const after = (min: number, max: number) => (day = nextWorkday(day + rng.int(min, max)));
    const push = (type: string, data: Record<string, unknown>, actor: Actor, source: Source = 'api') =>
      steps.push({ day, type, data, actor, source });
    const r = rng.next();
    if (r < 0.03) {
      after(1, 5);
      push('IssueWithdrawn', { reason: REASONS.withdraw }, officer(unitId));
      sim.steps = steps;
      return;
    }
    let due = 0;
    if (r < 0.15) {
      after(1, 2); // resolved on the spot (from pending)
      push('IssueResolved', { resolution: rng.pick(RESOLUTIONS) }, officer(unitId));
    } else {
      if (r < 0.23) {
        const from = byId.get(unitId)!;
        const to =
          from.level === 'county'
            ? byId.get(from.parentUnitId!)!
            : from.level === 'prefecture'
              ? rng.pick(divisions)
              : rng.pick(prefectures);
        after(1, 3);
        push('IssueTransferred', { fromUnitId: unitId, toUnitId: to.unitId, reason: REASONS.transfer }, officer(unitId));
        unitId = to.unitId;
      }
      after(1, 3);
      due = nextWorkday(day + DUE_DAYS);
      push('IssueAccepted', { dueOn: dateOf(due), handler: `经办人${rng.int(1, 40)}` }, officer(unitId));
      due = work(due, rng.next() < 0.7 ? rng.int(3, 18) : rng.int(15, 45));
    }
    // Ratings and at most one reopening after a dissatisfied one.
    for (let cycle = 1; cycle <= 2; cycle++) {
      if (rng.next() >= 0.85) break;
      after(1, 7);
      const x = rng.next();
      const rating = x < (cycle === 1 ? 0.8 : 0.9) ? 'satisfied' : x < 0.94 ? 'basically_satisfied' : 'dissatisfied';
      const channel = rng.pick(['enterprise_link', 'callback', 'callback', 'on_site'] as const);
      const data: Record<string, unknown> = { rating, channel };
      if (rating === 'dissatisfied') data.comment = '问题仍未根本解决。';
      push('FeedbackGiven', data, channel === 'enterprise_link' ? SYSTEM : officer(unitId));
      if (rating !== 'dissatisfied' || cycle === 2 || rng.next() < 0.5) break;
      after(1, 3);
      push('IssueReopened', { reason: REASONS.reopen }, SUPERVISOR);
      due = work(due, rng.int(3, 15));
    }
    sim.steps = steps;

    /** In progress until resolved `length` days from now: progress notes, extension, overdue record. */
    function work(dueDay: number, length: number): number {
      const start = day;
      const resolveDay = nextWorkday(start + length);
      const extras: { day: number; kind: 'progress' | 'extend' | 'overdue' }[] = [];
      for (let i = rng.int(0, 3) + Math.floor(length / 12); i > 0; i--)
        extras.push({ day: nextWorkday(start + rng.int(1, length)), kind: 'progress' });
      if (dueDay > start + 2 && rng.next() < 0.05) {
        extras.push({ day: nextWorkday(start + rng.int(1, dueDay - start - 1)), kind: 'extend' });
      }
      extras.sort((a, b) => a.day - b.day);
      let lastDay = start;
      for (const x of extras) {
        if (x.day <= lastDay || x.day >= resolveDay) continue;
        // The watcher records overdue on the first working day past the due date.
        const overdueOn = dueDay > 0 ? nextWorkday(dueDay + 1) : Infinity;
        if (overdueOn > lastDay && overdueOn < x.day) {
          day = overdueOn;
          push('IssueBecameOverdue', { dueOn: dateOf(dueDay) }, SYSTEM, 'watcher');
        }
        day = lastDay = x.day;
        if (x.kind === 'progress') push('IssueProgressRecorded', { note: rng.pick(NOTES) }, officer(unitId));
        else {
          dueDay = nextWorkday(dueDay + rng.int(10, 15));
          push('IssueDeadlineExtended', { dueOn: dateOf(dueDay), reason: REASONS.extend }, SUPERVISOR);
        }
      }
      const overdueOn = dueDay > 0 ? nextWorkday(dueDay + 1) : Infinity;
      if (overdueOn > lastDay && overdueOn < resolveDay) {
        day = overdueOn;
        push('IssueBecameOverdue', { dueOn: dateOf(dueDay) }, SYSTEM, 'watcher');
      }
      day = resolveDay;
      push('IssueResolved', { resolution: rng.pick(RESOLUTIONS) }, officer(unitId));
      return dueDay;
    }
  }

  const schedule = (sim: IssueSim) => {
    const step = sim.steps[sim.next];
    if (!step) {
      open.delete(sim);
      return;
    }
    let list = agenda.get(step.day);
    if (!list) agenda.set(step.day, (list = []));
    list.push(sim);
  };

  let going = true;
  for (let day = firstDay; day <= lastDay && going; day++) {
    const todays: Pending[] = [];
    const event = (
      streamId: string,
      type: string,
      data: Record<string, unknown>,
      minutes: number,
      actor: Actor,
      extra: { backdate?: number; source?: Source; issue?: IssueSim } = {},
    ) => {
      const recordedAt = at(day, minutes);
      const occurredAt = recordedAt - (extra.backdate ?? 0) * DAY_MS - rng.int(0, 20) * 60_000;
      todays.push({ streamId, type, data, occurredAt, recordedAt, actor, source: extra.source ?? 'api', issue: extra.issue });
    };

    if (day === firstDay) {
      units.forEach((u, i) =>
        event(
          `unit-${u.unitId}`,
          'UnitRegistered',
          { unitId: u.unitId, name: u.name, level: u.level, parentUnitId: u.parentUnitId, region: u.region },
          540 + i,
          ADMIN,
        ),
      );
    }
    for (const c of camps) {
      if (day === c.startsOn - 7) {
        event(
          `campaign-${c.campaignId}`,
          'CampaignLaunched',
          {
            campaignId: c.campaignId,
            title: c.title,
            startsOn: dateOf(c.startsOn),
            endsOn: dateOf(c.endsOn),
            targets: { completionRate: 1, satisfactionRate: 1 },
            sla: {
              resolveWithinWorkingDays: 15,
              dueSoonWorkingDays: 3,
              escalateAfterWorkingDays: 5,
              stalledAfterWorkingDays: 10,
              noticeRespondWithinWorkingDays: 5,
            },
            thresholds: {
              lowCompletionRate: 0.9,
              lowCompletionBasis: 'either',
              lowSatisfactionRate: 1,
              thinCollectionIssuesPerEnterprise: 0.1,
              thinCollectionMinEnterprises: 20,
              symposiumMinEnterprises: 20,
              symposiumMaxIssuesPerEnterprise: 0.1,
              lateRecordingWorkingDays: 3,
            },
          },
          600,
          ADMIN,
        );
      }
      if (day === c.closesOn)
        event(`campaign-${c.campaignId}`, 'CampaignClosed', { campaignId: c.campaignId, reason: '活动期满，转入常态化服务' }, 600, ADMIN);
      // Two weeks after the collection window: notices to units with overdue open work.
      if (day === c.endsOn + 14) {
        const late = new Map<string, string[]>();
        for (const sim of open) {
          if (sim.campaignId !== c.campaignId || sim.state.status !== 'in_progress') continue;
          const responsible = sim.state.responsibleUnitId!;
          const list = late.get(responsible) ?? [];
          if (list.length < 5) list.push(sim.issueId);
          late.set(responsible, list);
        }
        for (const [unitId, issueIds] of late) {
          const noticeId = `dbtz-${c.campaignId}-${++notices}`;
          const stream = `supervision-${noticeId}`;
          event(
            stream,
            'SupervisionNoticeIssued',
            {
              noticeId,
              campaignId: c.campaignId,
              unitId,
              issueIds,
              reason: REASONS.notice,
              level: issueIds.length >= 5 ? 'red' : issueIds.length >= 3 ? 'yellow' : 'reminder',
              respondBy: dateOf(nextWorkday(day + 7)),
            },
            570,
            SUPERVISOR,
          );
          // Answered and closed later: scheduled as pseudo-steps on a throwaway simulation.
          const sim: IssueSim = {
            issueId: noticeId,
            campaignId: c.campaignId,
            version: 0,
            hash: null,
            state: initialIssueState(),
            next: 0,
            steps: [],
          };
          heads.set(stream, sim);
          const answered = nextWorkday(day + rng.int(2, 6));
          sim.steps.push({
            day: answered,
            type: 'SupervisionNoticeAnswered',
            data: { response: REASONS.answer },
            actor: officer(unitId),
            source: 'api',
          });
          sim.steps.push({
            day: nextWorkday(answered + rng.int(3, 8)),
            type: 'SupervisionNoticeClosed',
            data: { outcome: REASONS.outcome },
            actor: SUPERVISOR,
            source: 'api',
          });
          scheduled += sim.steps.filter((st) => st.day <= lastDay).length;
          (sim as IssueSim & { stream: string }).stream = stream;
          schedule(sim);
        }
      }
    }

    // Field work: activities reaching enterprises, and the issues they collect.
    const running = camps.filter((c) => day >= c.startsOn && day <= c.endsOn);
    if (running.length && workday(day)) {
      const budget = target - position - scheduled - todays.length;
      const issuesPerUnitDay = (Math.max(0, budget) / EVENTS_PER_ISSUE / collectionDaysFrom.get(day)! / collectors.length) * 1.1;
      const activitiesPerUnitDay = issuesPerUnitDay / 1.4;
      for (const unit of collectors) {
        for (let n = rng.poisson(activitiesPerUnitDay); n > 0; n--) {
          const c = rng.pick(running);
          const f = rng.next();
          const form = f < 0.6 ? 'door_to_door' : f < 0.8 ? 'symposium' : f < 0.9 ? 'online' : 'phone';
          const reach =
            form === 'door_to_door' ? rng.int(1, 3) : form === 'symposium' ? rng.int(6, 40) : form === 'online' ? rng.int(2, 12) : 1;
          const known = knownEnterprises.get(unit.unitId) ?? [];
          knownEnterprises.set(unit.unitId, known);
          const codes = new Set<string>();
          const start = 540 + rng.int(0, 150);
          for (let i = 0; i < reach; i++) {
            if (known.length > 30 && rng.next() < 0.85) {
              codes.add(rng.pick(known));
              continue;
            }
            const code = creditCode(unit.region, ++enterpriseSerial);
            known.push(code);
            codes.add(code);
            event(
              `enterprise-${code}`,
              'EnterpriseRegistered',
              { creditCode: code, name: `湖北${unit.region}第${enterpriseSerial}号建设有限公司`, region: unit.region },
              start - 30 + i * 0.01,
              officer(unit.unitId),
            );
          }
          const enterpriseCodes = [...codes];
          const activityId = `hd-${c.campaignId}-${++activities}`;
          // One activity in ten is recorded days after it happened (with its issues).
          const backdate = rng.next() < 0.1 ? Math.min(rng.int(1, 6), day - c.startsOn) : 0;
          const heldOn = dateOf(day - backdate);
          event(
            `activity-${activityId}`,
            'ActivityHeld',
            {
              activityId,
              campaignId: c.campaignId,
              unitId: unit.unitId,
              form,
              heldOn,
              enterpriseCodes,
              summary: rng.pick(SUMMARIES),
            },
            start,
            officer(unit.unitId),
            { backdate },
          );
          const found = form === 'symposium' ? rng.int(0, 2) : rng.int(0, 3);
          for (let i = 0; i < found; i++) {
            const issueId = `wt-${++issues}`;
            const sim: IssueSim = {
              issueId,
              campaignId: c.campaignId,
              version: 0,
              hash: null,
              steps: [],
              next: 0,
              state: initialIssueState(),
            };
            event(
              `issue-${issueId}`,
              'IssueCollected',
              {
                issueId,
                campaignId: c.campaignId,
                unitId: unit.unitId,
                enterpriseCode: rng.pick(enterpriseCodes),
                activityId,
                kind: rng.next() < 0.75 ? 'problem' : 'suggestion',
                category: rng.pick(CATEGORIES),
                title: rng.pick(TITLES),
                description: rng.pick(DESCRIPTIONS),
              },
              start + 200 + rng.int(0, 200) + i,
              officer(unit.unitId),
              { backdate, issue: sim },
            );
            planIssue(sim, day, unit);
            scheduled += sim.steps.filter((st) => st.day <= lastDay).length;
            open.add(sim);
            schedule(sim);
          }
        }
      }
    }

    for (const sim of agenda.get(day) ?? []) {
      const step = sim.steps[sim.next++];
      scheduled--;
      const stream = (sim as IssueSim & { stream?: string }).stream ?? `issue-${sim.issueId}`;
      event(stream, step.type, step.data, 510 + rng.int(0, 560), step.actor, {
        source: step.source,
        issue: stream.startsWith('issue-') ? sim : undefined,
      });
      schedule(sim);
    }
    agenda.delete(day);
    going = await flush(todays);
    if (going && position >= target) going = false;
  }
  // Each issue as of its last written event (steps of the cut-off day may be unwritten).
  const inProgress: OpenIssue[] = [];
  for (const sim of open) {
    if (!sim.issueId.startsWith('wt-')) continue;
    if (sim.state.status === 'in_progress') inProgress.push({ issueId: sim.issueId, unitId: sim.state.responsibleUnitId! });
  }
  const ndjsonBytes = await out.close();
  return {
    events: position,
    streams,
    issues,
    enterprises: enterpriseSerial,
    activities,
    inProgress,
    firstDate: dateOf(firstDay),
    lastDate: dateOf(Math.min(lastDay, Math.floor((out.lastRecordedAt + BEIJING_MS) / DAY_MS))),
    ndjsonBytes,
    byType,
  };
}

/** The NDJSON export and the COPY text rows, written with back-pressure. */
class Output {
  private readonly ndjson: WriteStream;
  private readonly copy: WriteStream;
  private nd = '';
  private cp = '';
  private bytes = 0;
  lastRecordedAt = 0;

  constructor(ndjsonPath: string, copyPath: string) {
    this.ndjson = createWriteStream(ndjsonPath, { highWaterMark: 1 << 20 });
    this.copy = createWriteStream(copyPath, { highWaterMark: 1 << 20 });
  }

  async write(e: Record<string, any>, hash: string): Promise<void> {
    const data = JSON.stringify(e.data);
    const metadata = JSON.stringify(e.metadata);
    const occurredAt = e.occurredAt.toISOString();
    const recordedAt = e.recordedAt.toISOString();
    // The same text JSON.stringify of the envelope gives (exportNdjson's key order), composed.
    this.nd +=
      `{"eventId":"${e.eventId}","type":"${e.type}","schemaVersion":${e.schemaVersion},"streamId":${JSON.stringify(e.streamId)},` +
      `"streamVersion":${e.streamVersion},"position":${e.position},"occurredAt":"${occurredAt}","recordedAt":"${recordedAt}",` +
      `"data":${data},"metadata":${metadata},"prevHash":${e.prevHash === null ? 'null' : `"${e.prevHash}"`},"hash":"${hash}"}\n`;
    this.cp +=
      [
        e.position,
        e.eventId,
        e.streamId,
        e.streamVersion,
        e.type,
        e.schemaVersion,
        occurredAt,
        recordedAt,
        esc(data),
        esc(metadata),
        e.prevHash ?? '\\N',
        hash,
      ].join('\t') + '\n';
    this.lastRecordedAt = e.recordedAt.getTime();
    if (this.nd.length > 1 << 20) await this.drain();
  }

  private async drain(): Promise<void> {
    this.bytes += Buffer.byteLength(this.nd);
    const a = this.ndjson.write(this.nd);
    const b = this.copy.write(this.cp);
    this.nd = '';
    this.cp = '';
    await Promise.all([a || once(this.ndjson, 'drain'), b || once(this.copy, 'drain')]);
  }

  async close(): Promise<number> {
    await this.drain();
    this.ndjson.end();
    this.copy.end();
    await Promise.all([once(this.ndjson, 'finish'), once(this.copy, 'finish')]);
    return this.bytes;
  }
}

/** COPY text format: backslash, tab, newline and carriage return are escaped. */
function esc(s: string): string {
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;
}
