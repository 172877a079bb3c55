import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthHttpController } from './health.http-controller';
import { MetricsHttpController } from './metrics.http-controller';
import { ReadinessChecks } from './readiness.service';

/** /health, /health/live, /health/ready and /metrics — served by the API and by the worker. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthHttpController, MetricsHttpController],
  providers: [ReadinessChecks],
})
export class OperationsModule {}
