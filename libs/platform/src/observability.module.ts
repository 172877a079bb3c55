import { Global, Module } from '@nestjs/common';
import { HealthRegistry } from './health/health-registry';
import { MetricsInstrumentation } from './metrics/metrics-instrumentation';
import { MetricsService } from './metrics/metrics.service';
import { ReadReplicaMetrics } from './metrics/read-replica-metrics';
import { LoopMetrics } from './metrics/loop-metrics';

/** Metrics and the health registry, for every module of every process (see docs/operations.md). */
@Global()
@Module({
  providers: [MetricsService, MetricsInstrumentation, ReadReplicaMetrics, LoopMetrics, HealthRegistry],
  exports: [MetricsService, HealthRegistry],
})
export class ObservabilityModule {}
