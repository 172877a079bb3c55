import { Inject, Injectable } from '@nestjs/common';
import { businessDate, DEFAULT_CAMPAIGN_THRESHOLDS, supersededOverdues } from '@banjie/domain';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import { ProblemError } from '@banjie/platform';
import { AccessStore } from '@banjie/access';
import { DirectoryReader, WorkingCalendarSource } from '@banjie/projections';
import { recordedByClock, supervisionSettings } from '@banjie/supervision';
import { auditEntry, overdueNoLongerCounts, type AuditEntry } from './audit-entry';

export interface AuditFilter {
  unitId?: string;
  actor?: string;
  type?: string[];
  /** Inclusive lower bound on recordedAt. */
  from?: Date;
  /** Exclusive upper bound on recordedAt. */
  to?: Date;
  page: number;
  pageSize: number;
  /** Keyset cursor: only events with a lower position (newest first). */
  before?: number;
}

/** Offset paging stops here; beyond it the `before` cursor pages at constant cost. */
export const AUDIT_MAX_OFFSET = 10_000;

/**
 * The supervision office's audit trail, read straight from the event store: an issue's history
 * with its hash-chain status, and a filtered, paged search over every event.
 */
@Injectable()
export class AuditQueries {
  /** The working calendar (official + the calendar stream), cached by the stream's version. */
  private readonly calendars: WorkingCalendarSource;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: DirectoryReader,
    private readonly access: AccessStore,
  ) {
    this.calendars = new WorkingCalendarSource(store);
  }

  /**
   * The names behind the ids a history holds (people, units, enterprises), so the audit trail reads
   * "张三 · 天门市住建局" rather than ids. A person with no account (the demo's officers) is left
   * out; the page then names them by role and unit.
   */
  private async namesIn(events: AuditEntry[]) {
    const userIds = new Set<string>();
    const unitIds = new Set<string>();
    const codes = new Set<string>();
    for (const e of events) {
      if (e.actor?.userId) userIds.add(e.actor.userId);
      if (e.unitId) unitIds.add(e.unitId);
      const d = e.data as Record<string, unknown>;
      for (const key of ['unitId', 'collectingUnitId', 'responsibleUnitId', 'fromUnitId', 'toUnitId'])
        if (typeof d[key] === 'string') unitIds.add(d[key] as string);
      if (typeof d.enterpriseCode === 'string') codes.add(d.enterpriseCode);
      const linked = /^enterprise:(.+)$/.exec(e.actor?.userId ?? '');
      if (linked) codes.add(linked[1]);
    }
    const [units, enterprises, users] = await Promise.all([
      this.directory.unitNames(),
      this.directory.enterpriseNames([...codes]),
      Promise.all([...userIds].filter(isUuid).map((id) => this.access.getUser(id))),
    ]);
    return {
      users: Object.fromEntries(users.filter((u) => u !== null).map((u) => [u.userId, u.name])),
      units: Object.fromEntries([...unitIds].filter((id) => units.has(id)).map((id) => [id, units.get(id)!.name])),
      enterprises: Object.fromEntries(enterprises),
    };
  }

  async issueHistory(issueId: string) {
    const streamId = `issue-${issueId}`;
    const events = await this.store.readStream(streamId);
    if (events.length === 0) throw new ProblemError(404, 'ISSUE.NOT_FOUND', `issue ${issueId} does not exist`);
    const campaignId = events[0].type === 'IssueCollected' ? String(events[0].data.campaignId ?? '') : '';
    const lateRecordingWorkingDays = await this.lateRecordingWorkingDays(campaignId);
    const calendar = await this.calendars.calendar();
    const chain = await this.store.verify(streamId);
    const entries = events.map((e) => auditEntry(e, lateRecordingWorkingDays, calendar));
    // An overdue the watcher recorded that a later, back-dated record shows was not one.
    for (const s of supersededOverdues(events)) {
      const by = events[s.byIndex];
      entries[s.overdueIndex].overdueNoLongerCounts = overdueNoLongerCounts(s, by, businessDate(recordedByClock(by)));
    }
    return {
      issueId,
      streamId,
      campaignId: campaignId || null,
      version: events[events.length - 1].streamVersion,
      lateRecordingWorkingDays,
      // broken: changed rows, missing versions, deleted last events, forged checkpoints; anchors: how far checkpoints vouch
      chain: { ok: chain.ok, events: chain.events, broken: chain.broken, anchors: chain.anchors },
      events: entries,
      names: await this.namesIn(entries),
    };
  }

  async search(
    filter: AuditFilter,
  ): Promise<{ items: AuditEntry[]; page: number; pageSize: number; hasMore: boolean; nextBefore: number | null }> {
    const offset = (filter.page - 1) * filter.pageSize;
    if (filter.before === undefined && offset + filter.pageSize > AUDIT_MAX_OFFSET) {
      throw new ProblemError(
        400,
        'AUDIT.PAGE_TOO_DEEP',
        `page ${filter.page} is beyond ${AUDIT_MAX_OFFSET} events; page on with before=<position> (nextBefore)`,
        {
          errors: [{ field: 'page', message: `page × pageSize must stay within ${AUDIT_MAX_OFFSET}` }],
        },
      );
    }
    // through the port (on a read replica when one is configured)
    const found = await this.store.search({
      actorUnitId: filter.unitId,
      actorUserId: filter.actor,
      types: filter.type,
      recordedFrom: filter.from,
      recordedTo: filter.to,
      beforePosition: filter.before,
      offset: filter.before === undefined ? offset : 0,
      limit: filter.pageSize + 1,
    });
    const hasMore = found.length > filter.pageSize;
    const page = found.slice(0, filter.pageSize);
    const days = DEFAULT_CAMPAIGN_THRESHOLDS.lateRecordingWorkingDays;
    const calendar = await this.calendars.calendar();
    return {
      items: page.map((e) => auditEntry(e, days, calendar)),
      page: filter.page,
      pageSize: filter.pageSize,
      hasMore,
      nextBefore: hasMore && page.length ? page[page.length - 1].position : null,
    };
  }

  private async lateRecordingWorkingDays(campaignId: string): Promise<number> {
    if (!campaignId) return DEFAULT_CAMPAIGN_THRESHOLDS.lateRecordingWorkingDays;
    const [launched] = await this.store.readStream(`campaign-${campaignId}`, { maxCount: 1 });
    return supervisionSettings(launched?.type === 'CampaignLaunched' ? (launched.data as never) : null).thresholds.lateRecordingWorkingDays;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Accounts are UUIDs; the watcher's, the demo's and an enterprise link's actors are not. */
function isUuid(id: string): boolean {
  return UUID.test(id);
}
