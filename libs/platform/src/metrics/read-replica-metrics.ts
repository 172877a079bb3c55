import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { Database } from '@banjie/event-store';
import { MetricsService } from './metrics.service';

/**
 * The read replicas' gauges (READ_DATABASE_URL), read from the router at scrape time: replay lag,
 * up/usable, and the routed reads by where they ran. Nothing is registered without replicas.
 */
@Injectable()
export class ReadReplicaMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(Database) private readonly db: Database,
  ) {}

  onModuleInit() {
    const replicas = this.db.replicas;
    if (!replicas) return;
    const registers = [this.metrics.registry];
    const lag = new Gauge({
      name: 'banjie_read_replica_lag_seconds',
      help: "A read replica's replay lag (0 once it replayed what the primary had written); absent when unknown.",
      labelNames: ['replica'] as const,
      registers,
    });
    const up = new Gauge({
      name: 'banjie_read_replica_up',
      help: '1 when the last check reached the read replica, 0 when it did not.',
      labelNames: ['replica'] as const,
      registers,
    });
    const usable = new Gauge({
      name: 'banjie_read_replica_usable',
      help: '1 when reads go to the replica (up and within READ_MAX_LAG_SECONDS), 0 when they go to the primary.',
      labelNames: ['replica'] as const,
      registers,
    });
    const reads = new Counter({
      name: 'banjie_routed_reads_total',
      help: 'Reads routed by the read router (reports, rankings, lists, audit search), by where they ran.',
      labelNames: ['target'] as const,
      registers,
    });
    const fallbacks = new Counter({
      name: 'banjie_read_replica_fallbacks_total',
      help: 'Reads that failed on a replica (gone, or cancelled by replay) and ran again on the primary.',
      labelNames: ['replica'] as const,
      registers,
    });
    // The router keeps running totals; the counters advance by what was added since the last scrape.
    const seen = new Map<string, number>();
    const advance = (counter: Counter<string>, labels: Record<string, string>, total: number) => {
      const key = `${counter === reads ? 'reads' : 'fallbacks'}|${JSON.stringify(labels)}`;
      const added = total - (seen.get(key) ?? 0);
      if (added > 0) counter.inc(labels, added);
      seen.set(key, total);
    };
    this.metrics.addCollector(() => {
      const status = replicas.status();
      lag.reset();
      for (const r of status.replicas) {
        if (r.lagSeconds !== null) lag.set({ replica: r.name }, r.lagSeconds);
        up.set({ replica: r.name }, r.up ? 1 : 0);
        usable.set({ replica: r.name }, r.usable ? 1 : 0);
        advance(reads, { target: r.name }, r.reads);
        advance(fallbacks, { replica: r.name }, r.fallbacks);
      }
      advance(reads, { target: 'primary' }, status.primaryReads);
    });
  }
}
