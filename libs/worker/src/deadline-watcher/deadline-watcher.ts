import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SYSTEM_ACTOR, businessDate, DomainError, issueStream } from '@banjie/domain';
import {
  ConcurrencyError,
  Database,
  EVENT_STORE,
  OWNERSHIP,
  Supervisor,
  type EventStore,
  type Ownership,
  type SupervisedLoop,
} from '@banjie/event-store';
import { ISSUES, IssuesReader, Projector } from '@banjie/projections';
import { CLOCK, DemoGate, MetricsService, type Clock } from '@banjie/platform';
import { SchedulerRegistry } from '@nestjs/schedule';
import { RecordOverdueCommand } from '@banjie/application';
import { SUPERVISION_SCHEDULE, type SupervisionScheduleSettings } from '../supervision/schedule-settings';

/** The advisory lock whose owner runs the scheduled passes (docs/operations.md, faults). */
export const DEADLINE_WATCHER_LOCK = 'deadline-watcher';
const STANDBY_RETRY_MS = 5000;

export interface WatcherRun {
  today: string;
  candidates: number;
  recorded: string[];
  /** Candidates another writer got to first, or that changed since the scan (nothing to do). */
  skipped: number;
  failed: Array<{ issueId: string; error: string }>;
}

/**
 * The deadline watcher (DESIGN §3): at start and every DEADLINE_WATCHER_INTERVAL_MS, finds open
 * issues whose due date is before today's business date (Asia/Shanghai, from the injected clock)
 * and records `IssueBecameOverdue {dueOn}` through the RecordOverdue command, as the system
 * (source 'watcher').
 *
 * Exactly once per issue and due date, with any number of watchers: the command appends with the
 * stream version it loaded, so of two watchers racing on one issue one append fails with a
 * ConcurrencyError; the loser reloads, and the domain's recordOverdue decides nothing for a due
 * date already recorded. The shortlist comes from the issues read model (open, due date before
 * today, no IssueBecameOverdue for it), not from a scan of the events — the domain decides.
 */
@Injectable()
export class DeadlineWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeadlineWatcher');
  private running: Promise<WatcherRun | null> = Promise.resolve(null);
  private stopped = false;
  private readonly issues: IssuesReader;
  private readonly loop: SupervisedLoop;
  private retry: NodeJS.Timeout | null = null;
  private standbyCheck: NodeJS.Timeout | null = null;

  constructor(
    @Inject(Database) db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SUPERVISION_SCHEDULE) private readonly schedule: SupervisionScheduleSettings,
    private readonly scheduler: SchedulerRegistry,
    @Inject(Supervisor) supervisor: Supervisor,
    @Inject(OWNERSHIP) private readonly ownership: Ownership,
    @Optional() private readonly metrics?: MetricsService,
    @Optional() private readonly projector?: Projector,
    @Optional() private readonly demo?: DemoGate,
  ) {
    this.issues = new IssuesReader(db.pool);
    this.loop = supervisor.register('deadline-watcher', 'job');
  }

  onApplicationBootstrap(): void {
    // Not while the first start's demo is still being written: its streams are the loader's until
    // it has finished (docs/demo.md), and "overdue today" of half a campaign means nothing.
    void (this.demo?.whenOpen() ?? Promise.resolve()).then(() => this.start());
  }

  private start(): void {
    if (this.stopped) return;
    if (this.schedule.deadlineWatcherIntervalMs > 0) {
      const timer = setInterval(() => void this.runIfOwner(), this.schedule.deadlineWatcherIntervalMs);
      timer.unref();
      this.scheduler.addInterval('deadline-watcher', timer);
    }
    void this.runIfOwner(); // on start: catch up on what became overdue while nothing ran
  }

  /**
   * The scheduled passes run in one process among the workers: the owner of the watcher's advisory
   * lock (OWNERSHIP); the others stand by and ask again at their next tick (or sooner, every few
   * seconds, while the owner is unknown). Exactly-once does not rest on this (see above): it saves
   * the others' work and their rolled-back appends.
   */
  private async runIfOwner(): Promise<void> {
    if (this.stopped) return;
    let owner: boolean;
    try {
      owner = await this.ownership.tryAcquire(DEADLINE_WATCHER_LOCK);
    } catch (error) {
      this.retryAfter(error, () => this.runIfOwner());
      return;
    }
    if (!owner) {
      this.loop.set('standby');
      this.standbyCheck ??= setTimeout(() => {
        this.standbyCheck = null;
        void this.runIfOwner();
      }, STANDBY_RETRY_MS);
      this.standbyCheck.unref();
      return;
    }
    await this.runOnce();
  }

  /** One pass; passes never overlap within a process (other processes are safe by version). */
  runOnce(): Promise<WatcherRun | null> {
    this.running = this.running.then(() => (this.stopped ? null : this.pass()));
    return this.running;
  }

  private async pass(): Promise<WatcherRun> {
    const started = Date.now();
    const today = businessDate(this.clock.now());
    const run: WatcherRun = { today, candidates: 0, recorded: [], skipped: 0, failed: [] };
    try {
      // In a process that runs the read models, the shortlist is as fresh as the events.
      if (this.projector?.runs(ISSUES)) await this.projector.caughtUp(ISSUES);
      const candidates = await this.issues.overdueCandidates(today);
      run.candidates = candidates.length;
      for (const c of candidates) {
        if (this.stopped) break;
        const outcome = await this.record(c.issueId, c.dueOn);
        if (outcome === 'recorded') run.recorded.push(c.issueId);
        else if (outcome === 'skipped') run.skipped++;
        else run.failed.push({ issueId: c.issueId, error: outcome.error });
      }
      if (run.recorded.length) this.logger.log(`recorded ${run.recorded.length} overdue issue(s) on ${today}`);
      this.metrics?.deadlineWatcherRun(run.failed.length ? 'error' : 'ok', Date.now() - started);
      if (run.failed.length) this.retryAfter(new Error(`${run.failed.length} issue(s) failed; first: ${run.failed[0].error}`));
      else this.loop.succeeded();
    } catch (error) {
      run.failed.push({ issueId: '*', error: String(error) });
      this.metrics?.deadlineWatcherRun('error', Date.now() - started);
      this.retryAfter(error); // the supervisor logs it once
    }
    return run;
  }

  /** A failed pass is tried again after a back-off, not only at the next tick. */
  private retryAfter(error: unknown, again: () => Promise<unknown> = () => this.runOnce()): void {
    const delay = this.loop.failed(error);
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void again();
    }, delay);
    this.retry.unref();
  }

  private async record(issueId: string, dueOn: string): Promise<'recorded' | 'skipped' | { error: string }> {
    const correlationId = randomUUID();
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const command = new RecordOverdueCommand(
          { issueId },
          { actor: SYSTEM_ACTOR, source: 'watcher', correlationId, idempotencyKey: `overdue:${issueId}:${dueOn}` },
        );
        await this.commandBus.execute(command);
        return (await this.writtenBy(correlationId, issueId, dueOn)) ? 'recorded' : 'skipped';
      } catch (error) {
        if (error instanceof ConcurrencyError) continue; // another writer moved the stream: reload and decide again
        if (error instanceof DomainError) return 'skipped'; // no longer open / no longer overdue
        return { error: error instanceof Error ? error.message : String(error) };
      }
    }
    return 'skipped';
  }

  /** Whether this pass's command wrote the event (rather than found it written by another watcher). */
  private async writtenBy(correlationId: string, issueId: string, dueOn: string): Promise<boolean> {
    const events = await this.store.readStream(issueStream(issueId));
    return events.some((e) => e.type === 'IssueBecameOverdue' && e.data.dueOn === dueOn && e.metadata.correlationId === correlationId);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', 'deadline-watcher')) this.scheduler.deleteInterval('deadline-watcher');
    if (this.retry) clearTimeout(this.retry);
    if (this.standbyCheck) clearTimeout(this.standbyCheck);
    await this.ownership.release(DEADLINE_WATCHER_LOCK).catch(() => undefined);
    this.loop.set('stopped');
    this.loop.remove();
    await this.running;
  }
}
