/**
 * What the supervision rules read, loaded from the event store (the one I/O part of this
 * library; the rules stay pure): a subject's events with their business dates, a campaign's
 * settings and members' events, unit names, and the working calendar with the `calendar`
 * stream's adjustments. Plain `pg` queries on the given pool: callers must not hold a client of
 * the same pool while calling (PGlite's pool is one connection).
 */
import type { Pool } from 'pg';
import { ChineseWorkingCalendar, type WorkingCalendar, businessDate } from '@banjie/domain';
import { toStoredEvent, type EventStore, type StoredEvent } from '@banjie/event-store';
import type { FigureEvent } from '../rules/campaign-figures';
import type { CampaignInfo } from '../rules/unit-alerts';
import { supervisionSettings, type SupervisionSettings } from '../settings';

export function historyEvent(e: StoredEvent): FigureEvent {
  return {
    type: e.type,
    data: e.data as Record<string, any>,
    on: businessDate(e.occurredAt),
    streamId: e.streamId,
    actor: e.metadata?.actor?.userId ?? null,
  };
}

export interface LoadedCampaign extends CampaignInfo {
  title: string;
  settings: SupervisionSettings;
}

export class SupervisionSources {
  private calendarCache: { version: number; calendar: WorkingCalendar } | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly onUncoveredYear: (year: number) => void = () => undefined,
  ) {}

  async stream(streamId: string): Promise<FigureEvent[]> {
    return (await this.store.readStream(streamId)).map(historyEvent);
  }

  async calendar(): Promise<WorkingCalendar> {
    const version = await this.store.streamVersion('calendar');
    if (this.calendarCache?.version === version) return this.calendarCache.calendar;
    const overrides = new Map<string, boolean>();
    for (const e of await this.store.readStream('calendar')) {
      if (e.type === 'CalendarAdjusted') overrides.set(String(e.data.date), Boolean(e.data.isWorkday));
    }
    const calendar = new ChineseWorkingCalendar(overrides, { onUncoveredYear: this.onUncoveredYear });
    this.calendarCache = { version, calendar };
    return calendar;
  }

  async campaign(campaignId: string): Promise<LoadedCampaign | null> {
    const events = await this.store.readStream(`campaign-${campaignId}`);
    const launched = events.find((e) => e.type === 'CampaignLaunched');
    if (!launched) return null;
    const closed = events.find((e) => e.type === 'CampaignClosed');
    const d = launched.data as Record<string, any>;
    return {
      campaignId,
      title: String(d.title ?? ''),
      startsOn: String(d.startsOn),
      endsOn: String(d.endsOn),
      closedOn: closed ? businessDate(closed.occurredAt) : null,
      settings: supervisionSettings(d),
    };
  }

  /** The campaign's activities and every event of its issues, in business-time order. */
  async campaignEvents(campaignId: string): Promise<FigureEvent[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM events
        WHERE stream_id IN (SELECT stream_id FROM events WHERE (data->>'campaignId') = $1 AND type IN ('IssueCollected', 'ActivityHeld'))
        ORDER BY occurred_at, position`,
      [campaignId],
    );
    return rows.map((r) => historyEvent(toStoredEvent(r)));
  }

  /** Unit id → current name and level. */
  async unitNames(): Promise<Map<string, { name: string; level: string }>> {
    const { rows } = await this.pool.query(
      `SELECT stream_id, type, data FROM events WHERE type IN ('UnitRegistered', 'UnitRenamed') ORDER BY position`,
    );
    const out = new Map<string, { name: string; level: string }>();
    for (const r of rows) {
      const id = String(r.data.unitId ?? String(r.stream_id).replace(/^unit-/, ''));
      if (r.type === 'UnitRegistered') out.set(id, { name: String(r.data.name), level: String(r.data.level) });
      else if (out.has(id)) out.get(id)!.name = String(r.data.name);
    }
    return out;
  }
}
