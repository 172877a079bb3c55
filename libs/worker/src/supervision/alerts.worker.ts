import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { businessDate } from '@banjie/domain';
import { Database, EVENT_STORE, type EventStore, type Subscription } from '@banjie/event-store';
import { CLOCK, type Clock } from '@banjie/platform';
import { AlertsEvaluator, SUPERVISION_EVENT_TYPES, SupervisionSources, type RunReport } from '@banjie/supervision';
import { SUPERVISION_SCHEDULE, type SupervisionScheduleSettings } from './schedule-settings';

export const ALERTS_SUBSCRIPTION = 'supervision-alerts';

/**
 * Maintains the alerts read model: a subscription marks the subjects its events touch (in the
 * subscription's transaction), and evaluation runs shortly after each batch, at start, and every
 * ALERTS_EVALUATE_INTERVAL_MS for alerts that time alone raises or clears (the clock is injected).
 */
@Injectable()
export class AlertsWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  readonly sources: SupervisionSources;
  readonly evaluator: AlertsEvaluator;
  private subscription: Subscription | null = null;
  private running: Promise<RunReport | null> = Promise.resolve(null);
  private debounce: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SUPERVISION_SCHEDULE) private readonly schedule: SupervisionScheduleSettings,
    private readonly scheduler: SchedulerRegistry,
  ) {
    this.sources = new SupervisionSources(db.pool, store, (year) => this.logger.warn(`the official calendar does not cover ${year}`));
    this.evaluator = new AlertsEvaluator(db.pool, this.sources);
  }

  onApplicationBootstrap(): void {
    this.subscription = this.store.subscribe(
      ALERTS_SUBSCRIPTION,
      async (batch, tx) => {
        await this.evaluator.markDirty(tx, batch);
        this.kick();
      },
      { types: SUPERVISION_EVENT_TYPES, onError: (error) => this.logger.error(`alerts subscription stopped: ${error}`) },
    );
    if (this.schedule.alertsEvaluateIntervalMs > 0) {
      const timer = setInterval(() => void this.evaluate(), this.schedule.alertsEvaluateIntervalMs);
      timer.unref();
      this.scheduler.addInterval('alerts-evaluate', timer);
    }
    this.kick();
  }

  /** Evaluate soon (debounced: a burst of batches costs one run). */
  private kick(): void {
    if (this.stopped || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.evaluate();
    }, this.schedule.alertsDebounceMs);
    this.debounce.unref();
  }

  /** One evaluation pass for today's business date; passes never overlap within a process. */
  evaluate(): Promise<RunReport | null> {
    this.running = this.running.then(async () => {
      if (this.stopped) return null;
      try {
        const report = await this.evaluator.runOnce(businessDate(this.clock.now()));
        for (const f of report.failed) this.logger.error(`could not evaluate ${f.subject}: ${f.error}`);
        return report;
      } catch (error) {
        this.logger.error(`alert evaluation failed: ${error instanceof Error ? error.message : error}`);
        return null;
      }
    });
    return this.running;
  }

  /**
   * For tests and the CLI: every event committed so far marked, then one evaluation pass.
   * `caughtUp()` alone is not enough on a busy PostgreSQL: readers only see transactions older
   * than the cluster's oldest running one, so wait until nothing of ours lies past the checkpoint.
   */
  async settle(timeoutMs = 30_000): Promise<RunReport | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.subscription?.caughtUp();
      const at = await this.store.checkpoint(ALERTS_SUBSCRIPTION);
      const { rows } = await this.db.pool.query(
        `SELECT 1 FROM events WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND type = ANY($3::text[]) LIMIT 1`,
        [at.transactionId, at.position, SUPERVISION_EVENT_TYPES],
      );
      if (rows.length === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.running;
    return this.evaluate();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.scheduler.doesExist('interval', 'alerts-evaluate')) this.scheduler.deleteInterval('alerts-evaluate');
    await this.subscription?.stop();
    await this.running; // (open-alert gauges are read from the alerts table at scrape time)
  }
}
