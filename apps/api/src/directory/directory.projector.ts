import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type SqlSession, type StoredEvent, type Subscription } from '@banjie/event-store';

export const DIRECTORY_SUBSCRIPTION = 'directory';

/** The event types the directory keeps; everything else is skipped without a read. */
const HANDLED = [
  'UnitRegistered',
  'UnitRenamed',
  'UnitRetired',
  'EnterpriseRegistered',
  'CampaignLaunched',
  'CampaignClosed',
  'ActivityHeld',
  'IssueCollected',
  'IssueAccepted',
  'IssueTransferred',
  'IssueProgressRecorded',
  'IssueDeadlineExtended',
  'IssueResolved',
  'FeedbackGiven',
  'IssueReopened',
  'IssueWithdrawn',
  'IssueBecameOverdue',
  'SupervisionNoticeIssued',
  'SupervisionNoticeAnswered',
  'SupervisionNoticeClosed',
] as const;

const idOf = (e: StoredEvent) => e.streamId.slice(e.streamId.indexOf('-') + 1);

/**
 * The API's small query side: `dir_*` tables of units, enterprises, campaigns, activities,
 * issues and notices for the GET lists, kept by the `directory` subscription (rows and
 * checkpoint in one transaction). Single items are read from their streams instead, so a
 * client always reads its own writes there; lists wait (briefly) for the subscription to catch up.
 */
@Injectable()
export class DirectoryProjector implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Directory');
  private subscription: Subscription | null = null;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onApplicationBootstrap() {
    this.subscription = this.store.subscribe(DIRECTORY_SUBSCRIPTION, (batch, tx) => this.apply(batch, tx), {
      types: HANDLED,
      pollMs: 2000,
      onError: (error) => this.logger.error(`directory subscription stopped: ${error instanceof Error ? error.stack : error}`),
    });
  }

  async onModuleDestroy() {
    await this.subscription?.stop();
  }

  /**
   * Waits until every event committed so far is in the tables (at most `timeoutMs`; then serves
   * what it has). On PostgreSQL a long transaction anywhere in the cluster can hold committed
   * events back from readers (docs/event-store.md), hence a generous bound.
   */
  async caughtUp(timeoutMs = 10_000): Promise<void> {
    if (!this.subscription) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    try {
      await Promise.race([this.subscription.caughtUp().catch(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async apply(batch: StoredEvent[], tx: SqlSession): Promise<void> {
    for (const e of batch) await this.applyOne(e, tx);
  }

  private async applyOne(e: StoredEvent, tx: SqlSession): Promise<void> {
    const d = e.data as Record<string, any>;
    const id = idOf(e);
    switch (e.type) {
      case 'UnitRegistered':
        await tx.query(
          `INSERT INTO dir_units (unit_id, name, level, parent_unit_id, region, status, version, registered_at)
           VALUES ($1, $2, $3, $4, $5, 'active', $6, $7) ON CONFLICT (unit_id) DO NOTHING`,
          [d.unitId, d.name, d.level, d.parentUnitId ?? null, d.region, e.streamVersion, e.occurredAt],
        );
        return;
      case 'UnitRenamed':
        await tx.query(`UPDATE dir_units SET name = $2, version = $3 WHERE unit_id = $1`, [id, d.name, e.streamVersion]);
        return;
      case 'UnitRetired':
        await tx.query(`UPDATE dir_units SET status = 'retired', version = $2 WHERE unit_id = $1`, [id, e.streamVersion]);
        return;
      case 'EnterpriseRegistered':
        await tx.query(
          `INSERT INTO dir_enterprises (credit_code, name, region, registered_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [d.creditCode, d.name, d.region, e.occurredAt],
        );
        return;
      case 'CampaignLaunched':
        await tx.query(
          `INSERT INTO dir_campaigns (campaign_id, title, starts_on, ends_on, status, settings, version, launched_at)
           VALUES ($1, $2, $3, $4, 'active', $5, $6, $7) ON CONFLICT DO NOTHING`,
          [
            d.campaignId,
            d.title,
            d.startsOn,
            d.endsOn,
            JSON.stringify({ targets: d.targets, sla: d.sla, thresholds: d.thresholds }),
            e.streamVersion,
            e.occurredAt,
          ],
        );
        return;
      case 'CampaignClosed':
        await tx.query(`UPDATE dir_campaigns SET status = 'closed', version = $2 WHERE campaign_id = $1`, [id, e.streamVersion]);
        return;
      case 'ActivityHeld':
        await tx.query(
          `INSERT INTO dir_activities (activity_id, campaign_id, unit_id, form, held_on, enterprise_codes, summary, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [d.activityId, d.campaignId, d.unitId, d.form, d.heldOn, JSON.stringify(d.enterpriseCodes), d.summary, e.occurredAt],
        );
        return;
      case 'IssueCollected':
        await tx.query(
          `INSERT INTO dir_issues (issue_id, campaign_id, collecting_unit_id, responsible_unit_id, enterprise_code, activity_id,
                                   kind, category, title, state, version, collected_at, updated_at)
           VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $10) ON CONFLICT DO NOTHING`,
          [
            d.issueId,
            d.campaignId,
            d.unitId,
            d.enterpriseCode,
            d.activityId ?? null,
            d.kind,
            d.category,
            d.title,
            e.streamVersion,
            e.occurredAt,
          ],
        );
        return;
      case 'IssueAccepted':
        return this.issue(tx, e, `state = 'in_progress', due_on = $4`, [d.dueOn]);
      case 'IssueTransferred':
        return this.issue(tx, e, `state = 'pending', due_on = NULL, responsible_unit_id = $4`, [d.toUnitId]);
      case 'IssueDeadlineExtended':
        return this.issue(tx, e, `due_on = $4`, [d.dueOn]);
      case 'IssueResolved':
        return this.issue(tx, e, `state = 'resolved'`);
      case 'FeedbackGiven':
        return this.issue(tx, e, `last_rating = $4`, [d.rating]);
      case 'IssueReopened':
        return this.issue(tx, e, `state = 'in_progress'`);
      case 'IssueWithdrawn':
        return this.issue(tx, e, `state = 'withdrawn'`);
      case 'IssueProgressRecorded':
      case 'IssueBecameOverdue':
        return this.issue(tx, e, `state = state`);
      case 'SupervisionNoticeIssued':
        await tx.query(
          `INSERT INTO dir_supervision_notices (notice_id, campaign_id, unit_id, issue_ids, level, reason, respond_by, status, version, issued_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'issued', $8, $9) ON CONFLICT DO NOTHING`,
          [d.noticeId, d.campaignId, d.unitId, JSON.stringify(d.issueIds), d.level, d.reason, d.respondBy, e.streamVersion, e.occurredAt],
        );
        return;
      case 'SupervisionNoticeAnswered':
        await tx.query(`UPDATE dir_supervision_notices SET status = 'answered', response = $2, version = $3 WHERE notice_id = $1`, [
          id,
          d.response,
          e.streamVersion,
        ]);
        return;
      case 'SupervisionNoticeClosed':
        await tx.query(`UPDATE dir_supervision_notices SET status = 'closed', outcome = $2, version = $3 WHERE notice_id = $1`, [
          id,
          d.outcome,
          e.streamVersion,
        ]);
        return;
      default:
        return;
    }
  }

  private async issue(tx: SqlSession, e: StoredEvent, set: string, params: unknown[] = []): Promise<void> {
    await tx.query(`UPDATE dir_issues SET ${set}, version = $2, updated_at = $3 WHERE issue_id = $1`, [
      idOf(e),
      e.streamVersion,
      e.occurredAt,
      ...params,
    ]);
  }
}
