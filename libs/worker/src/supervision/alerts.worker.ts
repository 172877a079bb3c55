import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { businessDate } from '@banjie/domain';
import { Database, EVENT_STORE, isTransientDatabaseError, Supervisor, type EventStore, type SupervisedLoop } from '@banjie/event-store';
import { CLOCK, DemoGate, type Clock } from '@banjie/platform';
import { ALERTS, AlertsEvaluator, DIRECTORY, ISSUES, Projector, type RunReport } from '@banjie/projections';
import { SUPERVISION_SCHEDULE, type SupervisionScheduleSettings } from './schedule-settings';

/**
 * The time-driven half of the alerts read model (its subscription, which marks subjects, runs in
 * the projector like every read model): evaluation shortly after the alerts, issues or directory
 * read models applied a batch, at start, and every ALERTS_EVALUATE_INTERVAL_MS for alerts that
 * time alone raises or clears (the clock is injected). Writes into the active generation.
 */
@Injectable()
export class AlertsWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  readonly evaluator: AlertsEvaluator;
  private running: Promise<RunReport | null> = Promise.resolve(null);
  private debounce: NodeJS.Timeout | null = null;
  private stopped = false;
  private unfollow: () => void = () => undefined;
  private retry: NodeJS.Timeout | null = null;
  private readonly loop: SupervisedLoop;

  constructor(
    @Inject(Database) db: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SUPERVISION_SCHEDULE) private readonly schedule: SupervisionScheduleSettings,
    private readonly scheduler: SchedulerRegistry,
    @Inject(Supervisor) supervisor: Supervisor,
    @Optional() private readonly projector?: Projector,
    @Optional() private readonly demo?: DemoGate,
  ) {
    this.loop = supervisor.register('alerts-evaluation', 'job');
    this.evaluator = new AlertsEvaluator(db.pool, store, (year) => this.logger.warn(`the official calendar does not cover ${year}`));
  }

  onApplicationBootstrap(): void {
    const inputs = new Set([ALERTS, ISSUES, DIRECTORY]);
    if (this.projector) this.unfollow = this.projector.onApplied((name) => inputs.has(name) && this.kick());
    // The alerts read model marks what the first start's demo load touches; evaluation waits until
    // the load is over (docs/demo.md), then looks at everything marked at once.
    void (this.demo?.whenOpen() ?? Promise.resolve()).then(() => {
      if (this.stopped) return;
      if (this.schedule.alertsEvaluateIntervalMs > 0) {
        const timer = setInterval(() => void this.evaluate(), this.schedule.alertsEvaluateIntervalMs);
        timer.unref();
        this.scheduler.addInterval('alerts-evaluate', timer);
      }
      this.kick();
    });
  }

  /** Evaluate soon (debounced: a burst of batches costs one run). */
  private kick(delayMs = this.schedule.alertsDebounceMs): void {
    if (this.stopped || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.evaluate();
    }, delayMs);
    this.debounce.unref();
  }

  /** One evaluation pass for today's business date; passes never overlap within a process. */
  evaluate(): Promise<RunReport | null> {
    this.running = this.running.then(async () => {
      if (this.stopped || (this.demo && !this.demo.isOpen)) return null;
      // With several workers, the process that runs the alerts read model evaluates it (its
      // batches are what kick the evaluation); the others stand by.
      if (this.projector && !this.projector.runs(ALERTS)) {
        this.loop.set('standby');
        return null;
      }
      try {
        const report = await this.evaluator.runOnce(businessDate(this.clock.now()), { shouldStop: () => this.stopped });
        const transient = report.failed.find((f) => isTransientDatabaseError(f.cause));
        for (const f of report.failed) if (f !== transient) this.logger.error(`could not evaluate ${f.subject}: ${f.error}`);
        // Subjects a lost connection or a deadlock kept from being saved stay marked: a retry soon takes them.
        if (transient) this.retryAfter(transient.cause);
        else this.loop.succeeded();
        // Subjects whose marks the issues or directory read model has not applied yet (another
        // process may run them): looked at again shortly, not only at the next interval.
        if (report.waiting > 0) this.kick(Math.max(1000, this.schedule.alertsDebounceMs));
        return report;
      } catch (error) {
        this.retryAfter(error); // the supervisor logs it once
        return null;
      }
    });
    return this.running;
  }

  /** A failed pass is tried again after a back-off, not only at the next tick or batch. */
  private retryAfter(error: unknown): void {
    const delay = this.loop.failed(error);
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.evaluate();
    }, delay);
    this.retry.unref();
  }

  /**
   * For tests and the CLI: the read models of this process have applied every event committed so
   * far (the alerts marks included), then one evaluation pass.
   */
  async settle(): Promise<RunReport | null> {
    await this.projector?.caughtUp(ALERTS, ISSUES, DIRECTORY);
    await this.running;
    return this.evaluate();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unfollow();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.retry) clearTimeout(this.retry);
    this.loop.set('stopped');
    this.loop.remove();
    if (this.scheduler.doesExist('interval', 'alerts-evaluate')) this.scheduler.deleteInterval('alerts-evaluate');
    await this.running; // (open-alert gauges are read from the alerts read model at scrape time)
  }
}
