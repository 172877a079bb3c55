/**
 * For the alert rules' given/when/then specs: events written as (type, business date, data) go
 * through the one fold and the directory's evolve exactly as the read models take them, and come
 * out as the rules' inputs (an issue's timeline, a notice, a campaign's figures) or a unit's counts
 * as of a day. Events of one day keep their order (a minute apart from 10:00 Beijing).
 */
import { asBanjieEvent, businessDate } from '@banjie/domain';
import type { StoredEvent } from '@banjie/event-store';
import type { CampaignFigures, IssueTimeline, NoticeFacts } from '@banjie/supervision';
import { campaignFigures, figureInputsOf, issueTimeline, type ActivityFact, type IssueSpan } from '../alerts/alert-inputs';
import { evolveActivity, evolveNotice, type NoticeRow } from '../directory/directory.projection';
import { endedVersion, evolveIssueRow, snapshotOf, type IssueEventType, type IssueRow } from '../issues/issue.fold';
import { addCounts, countActivity, countIssue, zeroCounts, type UnitCounts } from '../reports/counts';
import type { Stored } from '../runtime/keyed-projection';

export interface DayEvent {
  type: string;
  /** Business date (YYYY-MM-DD, Beijing). */
  on: string;
  data: Record<string, unknown>;
  /** Default: `issue-i1` (or the notice's / activity's own stream). */
  streamId?: string;
  /** Business date it was recorded on (default: `on`), at the same time of day. */
  recordedOn?: string;
}

const COLLECTED_DEFAULTS = { enterpriseCode: 'E1', kind: 'problem', category: '资质', title: 't', description: 'd', campaignId: 'c1' };

function toStored(events: readonly DayEvent[]): StoredEvent[] {
  const versions = new Map<string, number>();
  return events.map((e, i) => {
    const streamId =
      e.streamId ??
      (e.type.startsWith('SupervisionNotice')
        ? `supervision-${e.data.noticeId ?? 'n1'}`
        : e.type === 'ActivityHeld'
          ? `activity-${e.data.activityId}`
          : 'issue-i1');
    const v = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, v);
    const at = new Date(Date.parse(`${e.on}T10:00:00+08:00`) + i * 60_000);
    const recordedAt = e.recordedOn ? new Date(Date.parse(`${e.recordedOn}T10:00:00+08:00`) + i * 60_000) : at;
    const data = e.type === 'IssueCollected' ? { ...COLLECTED_DEFAULTS, ...e.data } : e.data;
    return {
      eventId: `e-${i}`,
      type: e.type,
      schemaVersion: e.type === 'IssueBecameOverdue' ? 2 : 1,
      streamId,
      streamVersion: v,
      position: i + 1,
      transactionId: String(i + 1),
      occurredAt: at,
      recordedAt,
      data,
      metadata: { actor: { userId: 'u', unitId: null, role: 'officer' }, correlationId: 'c', causationId: null, source: 'api' },
      prevHash: null,
      hash: 'h',
    };
  });
}

/** Every issue's snapshots (known now), from the fold. */
function spansOf(stored: readonly StoredEvent[]): IssueSpan[] {
  const rows = new Map<string, IssueRow>();
  const spans: IssueSpan[] = [];
  for (const s of stored) {
    if (!s.streamId.startsWith('issue-')) continue;
    const before = rows.get(s.streamId) ?? null;
    const after = evolveIssueRow(before, asBanjieEvent(s) as Stored<IssueEventType>);
    for (const v of endedVersion(before, after)) spans.push({ ...v, nextOccurredAt: v.nextOccurredAt });
    rows.set(s.streamId, after);
  }
  for (const r of rows.values())
    spans.push({
      issueId: r.issueId,
      campaignId: r.campaignId,
      collectingUnitId: r.collectingUnitId,
      activityId: r.activityId,
      ...snapshotOf(r),
      seq: r.seq,
      occurredAt: r.sinceOccurredAt,
      nextOccurredAt: null,
      endedBy: null,
      endedRecordedOn: null,
      overdueRecorded: false,
    });
  return spans;
}

function activitiesOf(stored: readonly StoredEvent[]): ActivityFact[] {
  return stored
    .filter((s) => s.type === 'ActivityHeld')
    .map((s) => {
      const a = evolveActivity(null, asBanjieEvent(s) as Stored<'ActivityHeld'>);
      return {
        activityId: a.activityId,
        unitId: a.unitId,
        form: a.form,
        heldOn: a.heldOn,
        occurredAt: a.occurredAt,
        enterpriseCodes: a.enterpriseCodes,
      };
    });
}

/** One issue's timeline, as the alerts evaluator builds it from the issues read model. */
export function timelineOf(events: readonly DayEvent[]): IssueTimeline | null {
  return issueTimeline(spansOf(toStored(events)));
}

/** One notice as the directory keeps it. */
export function noticeOf(events: readonly DayEvent[]): NoticeFacts | null {
  let row: NoticeRow | null = null;
  for (const s of toStored(events)) row = evolveNotice(row, asBanjieEvent(s) as Stored<'SupervisionNoticeIssued'>);
  return row;
}

/** A campaign's figures over time, as the alerts evaluator builds them. */
export function figuresOf(events: readonly DayEvent[]): CampaignFigures {
  const stored = toStored(events);
  return campaignFigures(figureInputsOf(spansOf(stored), activitiesOf(stored)));
}

/** Every unit's counts as of the end of `day` (everything known): the report's rules, in memory. */
export function countsOf(events: readonly DayEvent[], day: string): Map<string, UnitCounts> {
  const stored = toStored(events);
  const out = new Map<string, UnitCounts>();
  const entry = (u: string) => out.get(u) ?? out.set(u, zeroCounts()).get(u)!;
  for (const s of spansOf(stored)) {
    const from = businessDate(s.occurredAt);
    const to = s.nextOccurredAt ? businessDate(s.nextOccurredAt) : null;
    if (from <= day && (to === null || to > day)) addCounts(entry(s.collectingUnitId), countIssue(s, day));
  }
  const visited = new Map<string, Set<string>>();
  for (const a of activitiesOf(stored)) {
    if (businessDate(a.occurredAt) > day) continue;
    addCounts(entry(a.unitId), countActivity(a));
    const set = visited.get(a.unitId) ?? new Set<string>();
    for (const c of a.enterpriseCodes) set.add(c);
    visited.set(a.unitId, set);
  }
  for (const [u, set] of visited) entry(u).enterprisesVisited = set.size;
  return out;
}
