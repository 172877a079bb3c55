import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Database, EVENT_STORE, Supervisor, type EventStore } from '@banjie/event-store';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { readStoreGauges } from '../metrics/store-gauges';
import { HealthRegistry } from './health-registry';
import { DemoGate } from '../startup/demo-gate';

/** A probe that hangs (a dead network path, a long PGlite transaction) answers "down", not never. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export const PROBE_TIMEOUT_MS = 3000;

/**
 * The checks behind /health/ready, as terminus indicators: the database answers and takes writes (not a
 * hot standby; read replicas do not count — reads fall back to the primary), no migration is
 * pending, and the projector is running (every component registered in this process is up) with
 * every projection within READY_MAX_LAG events of the head.
 */
@Injectable()
export class ReadinessChecks {
  private readonly logger = new Logger('health');
  private lastReady: boolean | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: HealthRegistry,
    @Inject(Supervisor) private readonly supervisor: Supervisor,
    @Optional() private readonly demoGate?: DemoGate,
  ) {}

  /** Not ready while the first start's demo is loading: the figures would be partial. */
  demo(): HealthIndicatorResult {
    const check = this.indicators.check('demo');
    const status = this.demoGate?.status() ?? { state: 'off', loaded: 0, total: 0 };
    return status.state === 'loading'
      ? check.down({ ...status, message: `the demo campaign is loading (${status.loaded}/${status.total} steps)` })
      : check.up({ ...status });
  }

  async database(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    try {
      const { rows } = await within(PROBE_TIMEOUT_MS, 'the database', this.db.pool.query('SELECT pg_is_in_recovery() AS standby'));
      // A primary demoted under a direct connection (no HAProxy in front): reads work, commands cannot.
      if (rows[0].standby)
        return check.down({ store: this.db.kind, message: 'the database is a read-only hot standby: commands cannot be written' });
      return check.up({ store: this.db.kind });
    } catch (error) {
      return check.down({ store: this.db.kind, message: (error as Error).message });
    }
  }

  async migrations(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('migrations');
    try {
      const schema = await within(PROBE_TIMEOUT_MS, 'the migrations table', this.db.schemaVersion());
      return schema.pending === 0
        ? check.up({ schemaVersion: schema.version })
        : check.down({
            schemaVersion: schema.version,
            pending: schema.pending,
            message: 'migrations are pending (npm run cli -- migrate)',
          });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async projector(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('projector');
    const maxLag = this.config.readyMaxLag;
    try {
      const components: Record<string, unknown> = {};
      const stopped: string[] = [];
      for (const [name, probe] of this.registry.entries()) {
        const status = await within(PROBE_TIMEOUT_MS, name, Promise.resolve(probe()));
        components[name] = { up: status.up, ...status.detail };
        if (!status.up) stopped.push(name);
      }
      const gauges = await within(PROBE_TIMEOUT_MS, 'the projection checkpoints', readStoreGauges(this.db.pool, this.store));
      const behind = gauges.projections
        .filter((p) => p.lagEvents > maxLag)
        .map((p) => ({ projection: p.projection, lagEvents: p.lagEvents }));
      const detail = {
        maxLag,
        headPosition: gauges.headPosition,
        projections: Object.fromEntries(gauges.projections.map((p) => [p.projection, p.lagEvents])),
        ...(Object.keys(components).length ? { components } : {}),
      };
      if (stopped.length) return check.down({ ...detail, message: `not running: ${stopped.join(', ')}` });
      if (behind.length)
        return check.down({
          ...detail,
          message: `behind by more than ${maxLag} events: ${behind.map((b) => `${b.projection} (${b.lagEvents})`).join(', ')}`,
        });
      return check.up(detail);
    } catch (error) {
      return check.down({ maxLag, message: (error as Error).message });
    }
  }

  /**
   * Every subscription this process runs is live (or stands by for another process's): not
   * stopped, not retrying after a failure, not still starting — each one that is not is named with
   * its state and its last error. A process that runs none (BANJIE_ROLE=api) passes this check.
   */
  subscriptions(): HealthIndicatorResult {
    const check = this.indicators.check('subscriptions');
    const loops = this.supervisor.list('subscription');
    const failing = loops.filter((l) => l.state !== 'live' && l.state !== 'standby');
    const detail = Object.fromEntries(loops.map((l) => [l.name, l.state]));
    if (failing.length === 0) return check.up(detail);
    return check.down({
      ...detail,
      message: failing
        .map(
          (l) =>
            `${l.name} ${l.state}${l.lastError && l.state !== 'rebuilding' ? ` (${l.lastError}${l.nextAttemptAt ? `; next attempt ${l.nextAttemptAt}` : ''})` : ''}`,
        )
        .join('; '),
    });
  }

  /** Logs when readiness changes, not on every probe. */
  noteOutcome(ready: boolean, reasons: string) {
    if (this.lastReady === ready) return;
    this.lastReady = ready;
    if (ready) this.logger.log('ready');
    else this.logger.warn(`not ready: ${reasons}`);
  }
}
