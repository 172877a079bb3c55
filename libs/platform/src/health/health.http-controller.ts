import { Controller, Get, Inject, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { Database, EVENT_STORE, Supervisor, type EventStore } from '@banjie/event-store';
import { readStoreGauges } from '../metrics/store-gauges';
import { DemoGate, type DemoLoadStatus } from '../startup/demo-gate';
import { ReadinessChecks } from './readiness.service';

interface StatusReply {
  status(code: number): unknown;
}

/**
 * Operations' view of the process. `/health/live`: the process is up and its event loop answers
 * (restart it if not). `/health/ready`: it can do its job — database reachable, migrations current,
 * projector running and caught up, no first-start demo load under way (take it out of the load
 * balancer if not). `/health`: a summary for people (store kind, schema version, head position,
 * each projection's lag, the demo load's progress).
 * See docs/operations.md for the semantics.
 */
@ApiTags('operations')
@Controller('health')
export class HealthHttpController {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessChecks,
    @Inject(Supervisor) private readonly supervisor: Supervisor,
    @Optional() private readonly demo?: DemoGate,
  ) {}

  /** Which store this process runs on, its schema version and how far each projection lags. */
  @Get()
  @ApiOkResponse({
    description:
      'store kind, schema version, pending migrations, head position, projector lag, read replicas, demo load { state, loaded, total }',
  })
  @ApiServiceUnavailableResponse({ description: 'the database does not answer' })
  async summary(@Res({ passthrough: true }) reply: StatusReply) {
    const runtime = this.runtime();
    try {
      const schema = await this.db.schemaVersion();
      const gauges = await readStoreGauges(this.db.pool, this.store);
      return {
        status: 'ok',
        store: this.db.kind,
        schemaVersion: schema.version,
        pendingMigrations: schema.pending,
        headPosition: gauges.headPosition,
        projectorLag: Math.max(0, ...gauges.projections.map((p) => p.lagEvents)),
        projections: gauges.projections.map((p) => ({
          name: p.projection,
          status: p.status,
          lagEvents: p.lagEvents,
          lagSeconds: Math.round(p.lagSeconds * 1000) / 1000,
          parked: p.parked,
        })),
        subscriptions: gauges.subscriptions,
        runtime,
        ...this.readReplicas(),
        // The first start's demo load: state off | loading | loaded | failed, steps loaded of total.
        demo: this.demo?.status() ?? { state: 'off', loaded: 0, total: 0 },
      };
    } catch (error) {
      reply.status(503);
      return { status: 'error', store: this.db.kind, message: (error as Error).message, runtime, ...this.readReplicas() };
    }
  }

  /**
   * What this process runs in the background, from its supervisor (no database needed, so it is
   * there during an outage too): each subscription and each job with its state (live, retrying with
   * the last error and the next attempt, rebuilding, standby, stopped), last success and retries.
   */
  private runtime() {
    const loops = this.supervisor.list();
    return {
      pid: process.pid,
      subscriptions: loops.filter((l) => l.kind === 'subscription'),
      jobs: loops.filter((l) => l.kind !== 'subscription'),
    };
  }

  /**
   * The first start's demo load alone, without touching the database: what the dashboard polls
   * while it shows its progress line (the summary's gauges queue behind the load on PGlite).
   */
  @Get('demo')
  @ApiOkResponse({ description: "the first start's demo load: { state: off | loading | loaded | failed, loaded, total }" })
  demoLoad(): DemoLoadStatus {
    return this.demo?.status() ?? { state: 'off', loaded: 0, total: 0 };
  }

  /** READ_DATABASE_URL's standbys: up, replay lag, whether reads go there (docs/deploy.md). */
  private readReplicas() {
    return this.db.replicas ? { readReplicas: this.db.replicas.status() } : {};
  }

  @Get('live')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: 'the process is up' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.indicators.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: 'database reachable, migrations current, projector running and within READY_MAX_LAG' })
  @ApiServiceUnavailableResponse({ description: 'not ready; `error` names the failing checks' })
  async ready(@Res({ passthrough: true }) reply: StatusReply): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([
        () => this.readiness.database(),
        () => this.readiness.migrations(),
        () => this.readiness.subscriptions(),
        () => this.readiness.projector(),
        () => this.readiness.demo(),
      ]);
      this.readiness.noteOutcome(true, '');
      return result;
    } catch (error) {
      // terminus throws 503 with the full result as its body; answer that body, not a problem+json.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const body = error.getResponse() as HealthCheckResult;
      this.readiness.noteOutcome(
        false,
        Object.entries(body.error ?? {})
          .map(([k, v]) => `${k}: ${(v as { message?: string }).message ?? 'down'}`)
          .join('; '),
      );
      reply.status(503);
      return body;
    }
  }
}
