import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HttpObserver } from '../logging/http-request-log';
import type { StoreGauges } from './store-gauges';

export type CommandOutcome = 'ok' | 'rejected' | 'conflict' | 'error';

/** Runs at scrape time, before the registry is serialized (e.g. to read gauges from the database). */
export type ScrapeCollector = (metrics: MetricsService) => Promise<void> | void;

/**
 * The process's Prometheus metrics (one registry per application, so tests that start several
 * apps in one process never collide). Counters are fed where things happen — the command bus,
 * the event store, the deadline watcher, the HTTP hooks — and the projector's gauges are read
 * from the database when /metrics is scraped, so an API-only process reports the worker's lag.
 *
 * For other modules: `metrics.commandHandled(type, outcome, ms)`,
 * `metrics.eventsAppended(types)`, `metrics.concurrencyConflict(type)`,
 * `metrics.deadlineWatcherRun(outcome, ms)`, `metrics.addCollector(fn)`.
 */
@Injectable()
export class MetricsService implements HttpObserver {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  private readonly collectors: ScrapeCollector[] = [];

  private readonly commands = new Counter({
    name: 'banjie_commands_total',
    help: 'Commands handled, by command type and outcome (ok, rejected by a rule, conflict, error).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly commandSeconds = new Histogram({
    name: 'banjie_command_duration_seconds',
    help: 'Command latency from dispatch to answer (load, decide, append), by command type.',
    labelNames: ['type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly appended = new Counter({
    name: 'banjie_events_appended_total',
    help: 'Events appended to the store by this process, by event type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  private readonly conflicts = new Counter({
    name: 'banjie_concurrency_conflicts_total',
    help: 'Appends or commands refused because the stream moved (expected version mismatch), by stream kind.',
    labelNames: ['stream'] as const,
    registers: [this.registry],
  });
  private readonly watcherRuns = new Counter({
    name: 'banjie_deadline_watcher_runs_total',
    help: 'Deadline-watcher runs, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly watcherSeconds = new Histogram({
    name: 'banjie_deadline_watcher_run_duration_seconds',
    help: 'How long a deadline-watcher run took.',
    buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [this.registry],
  });
  private readonly httpSeconds = new Histogram({
    name: 'banjie_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly projectionLagEvents = new Gauge({
    name: 'banjie_projection_lag_events',
    help: 'Events committed after the projection checkpoint (its active generation).',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly projectionLagSeconds = new Gauge({
    name: 'banjie_projection_lag_seconds',
    help: 'Age of the oldest event the projection has not applied yet (0 when caught up).',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly parkedEvents = new Gauge({
    name: 'banjie_projection_parked_events',
    help: 'Events a projection could not apply and parked (live mode), in its active generation.',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly openAlerts = new Gauge({
    name: 'banjie_open_alerts',
    help: 'Alerts raised and not cleared, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly headPosition = new Gauge({
    name: 'banjie_event_store_head_position',
    help: 'The highest event position in the store.',
    registers: [this.registry],
  });
  readonly storeUp = new Gauge({
    name: 'banjie_event_store_up',
    help: '1 when the last scrape could read the database, 0 when it could not.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Present from the first scrape, so dashboards and alerts see a 0 rather than no series.
    for (const outcome of ['ok', 'error']) this.watcherRuns.inc({ outcome }, 0);
  }

  commandHandled(type: string, outcome: CommandOutcome, ms: number): void {
    this.commands.inc({ type, outcome });
    this.commandSeconds.observe({ type }, ms / 1000);
  }

  eventsAppended(types: readonly string[]): void {
    for (const type of types) this.appended.inc({ type });
  }

  /** `stream` is the stream's kind (`issue`, `unit`), never its id. */
  concurrencyConflict(stream: string): void {
    this.conflicts.inc({ stream });
  }

  deadlineWatcherRun(outcome: 'ok' | 'error', ms: number): void {
    this.watcherRuns.inc({ outcome });
    this.watcherSeconds.observe(ms / 1000);
  }

  requestFinished(method: string, route: string, status: number, seconds: number): void {
    this.httpSeconds.observe({ method, route, status_code: String(status) }, seconds);
  }

  /** Projector and alert gauges from one database read (see readStoreGauges). */
  setStoreGauges(g: StoreGauges): void {
    this.headPosition.set(g.headPosition);
    for (const gauge of [this.projectionLagEvents, this.projectionLagSeconds, this.parkedEvents]) gauge.reset();
    for (const p of g.projections) {
      this.projectionLagEvents.set({ projection: p.projection }, p.lagEvents);
      this.projectionLagSeconds.set({ projection: p.projection }, p.lagSeconds);
      this.parkedEvents.set({ projection: p.projection }, p.parked);
    }
    if (g.openAlerts) {
      this.openAlerts.reset();
      for (const a of g.openAlerts) this.openAlerts.set({ kind: a.kind }, a.count);
    }
  }

  addCollector(collector: ScrapeCollector): void {
    this.collectors.push(collector);
  }

  /** The exposition text: runs the collectors (a failing one is logged, not fatal), then serializes. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    for (const collect of this.collectors) {
      try {
        await collect(this);
      } catch (error) {
        this.logger.warn(`a metrics collector failed: ${(error as Error).message}`);
      }
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
