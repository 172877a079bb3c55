import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { LOOP_STATES, Supervisor } from '@banjie/event-store';
import { MetricsService } from './metrics.service';

/**
 * The supervised background loops of this process (the event store's supervisor.ts): one gauge
 * series per loop and state (1 for the state it is in, 0 for the others), and the retries scheduled
 * since the process started. An alert on `banjie_loop_state{state="retrying"} == 1` for a few
 * minutes, or on the retries' rate, catches a read side that keeps failing.
 */
@Injectable()
export class LoopMetrics implements OnModuleInit, OnModuleDestroy {
  private unfollow: () => void = () => undefined;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(Supervisor) private readonly supervisor: Supervisor,
  ) {}

  onModuleInit() {
    const registers = [this.metrics.registry];
    const state = new Gauge({
      name: 'banjie_loop_state',
      help: 'Each background loop (subscriptions, LISTEN, jobs) of this process: 1 for the state it is in (live, retrying, rebuilding, standby, stopped, starting).',
      labelNames: ['loop', 'kind', 'state'] as const,
      registers,
    });
    const retries = new Counter({
      name: 'banjie_loop_retries_total',
      help: 'Retries scheduled by the supervisor after a failure of a background loop, by loop.',
      labelNames: ['loop'] as const,
      registers,
    });
    this.unfollow = this.supervisor.onRetry((loop) => retries.inc({ loop: loop.name }));
    this.metrics.addCollector(() => {
      state.reset();
      for (const l of this.supervisor.list())
        for (const s of LOOP_STATES) state.set({ loop: l.name, kind: l.kind, state: s }, l.state === s ? 1 : 0);
    });
  }

  onModuleDestroy() {
    this.unfollow();
  }
}
