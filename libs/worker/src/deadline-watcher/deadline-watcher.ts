import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SYSTEM_ACTOR, businessDate, DomainError } from '@banjie/domain';
import { ConcurrencyError, Database } from '@banjie/event-store';
import { CLOCK, MetricsService, type Clock } from '@banjie/platform';
import { SchedulerRegistry } from '@nestjs/schedule';
import { RecordOverdueCommand } from '@banjie/application';
import { SUPERVISION_SCHEDULE, type SupervisionScheduleSettings } from '../supervision/schedule-settings';

export interface WatcherRun {
  today: string;
  candidates: number;
  recorded: string[];
  /** Candidates another writer got to first, or that changed since the scan (nothing to do). */
  skipped: number;
  failed: Array<{ issueId: string; error: string }>;
}

/** Issue-stream facts that decide "open with a due date before today and not yet recorded". */
const CANDIDATES_SQL = `
  WITH s AS (
    SELECT stream_id,
      (array_agg(type ORDER BY stream_version DESC)
         FILTER (WHERE type IN ('IssueCollected','IssueAccepted','IssueTransferred','IssueResolved','IssueReopened','IssueWithdrawn')))[1] AS last_status,
      (array_agg(CASE WHEN type = 'IssueTransferred' THEN NULL ELSE data->>'dueOn' END ORDER BY stream_version DESC)
         FILTER (WHERE type IN ('IssueAccepted','IssueDeadlineExtended','IssueTransferred')))[1] AS due_on,
      coalesce(array_agg(data->>'dueOn') FILTER (WHERE type = 'IssueBecameOverdue'), '{}') AS recorded
    FROM events
    WHERE type IN ('IssueCollected','IssueAccepted','IssueTransferred','IssueResolved','IssueReopened','IssueWithdrawn',
                   'IssueDeadlineExtended','IssueBecameOverdue')
    GROUP BY stream_id)
  SELECT substr(stream_id, 7) AS issue_id, due_on FROM s
  WHERE stream_id LIKE 'issue-%'
    AND last_status IN ('IssueCollected','IssueAccepted','IssueTransferred','IssueReopened')
    AND due_on IS NOT NULL AND due_on < $1 AND NOT (due_on = ANY(recorded))
  ORDER BY due_on, stream_id`;

/**
 * The deadline watcher (DESIGN §3): at start and every DEADLINE_WATCHER_INTERVAL_MS, finds open
 * issues whose due date is before today's business date (Asia/Shanghai, from the injected clock)
 * and records `IssueBecameOverdue {dueOn}` through the RecordOverdue command, as the system
 * (source 'watcher').
 *
 * Exactly once per issue and due date, with any number of watchers: the command appends with the
 * stream version it loaded, so of two watchers racing on one issue one append fails with a
 * ConcurrencyError; the loser reloads, and the domain's recordOverdue decides nothing for a due
 * date already recorded. The scan is only a shortlist — the domain decides.
 */
@Injectable()
export class DeadlineWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeadlineWatcher');
  private running: Promise<WatcherRun | null> = Promise.resolve(null);
  private stopped = false;

  constructor(
    @Inject(Database) private readonly db: Database,
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SUPERVISION_SCHEDULE) private readonly schedule: SupervisionScheduleSettings,
    private readonly scheduler: SchedulerRegistry,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.schedule.deadlineWatcherIntervalMs > 0) {
      const timer = setInterval(() => void this.runOnce(), this.schedule.deadlineWatcherIntervalMs);
      timer.unref();
      this.scheduler.addInterval('deadline-watcher', timer);
    }
    void this.runOnce(); // on start: catch up on what became overdue while nothing ran
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
      const { rows } = await this.db.pool.query(CANDIDATES_SQL, [today]);
      run.candidates = rows.length;
      for (const row of rows) {
        if (this.stopped) break;
        const outcome = await this.record(String(row.issue_id), String(row.due_on));
        if (outcome === 'recorded') run.recorded.push(row.issue_id);
        else if (outcome === 'skipped') run.skipped++;
        else run.failed.push({ issueId: row.issue_id, error: outcome.error });
      }
      if (run.recorded.length) this.logger.log(`recorded ${run.recorded.length} overdue issue(s) on ${today}`);
      this.metrics?.deadlineWatcherRun(run.failed.length ? 'error' : 'ok', Date.now() - started);
    } catch (error) {
      this.logger.error(`deadline watcher run failed: ${error instanceof Error ? error.message : error}`);
      run.failed.push({ issueId: '*', error: String(error) });
      this.metrics?.deadlineWatcherRun('error', Date.now() - started);
    }
    return run;
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
    const { rows } = await this.db.pool.query(
      `SELECT 1 FROM events WHERE stream_id = $1 AND type = 'IssueBecameOverdue' AND data->>'dueOn' = $2 AND metadata->>'correlationId' = $3`,
      [`issue-${issueId}`, dueOn, correlationId],
    );
    return rows.length > 0;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', 'deadline-watcher')) this.scheduler.deleteInterval('deadline-watcher');
    await this.running;
  }
}
