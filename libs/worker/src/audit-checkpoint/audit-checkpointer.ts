import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  AnchorsAheadError,
  EVENT_STORE,
  Supervisor,
  type CheckpointResult,
  type EventStore,
  type SupervisedLoop,
} from '@banjie/event-store';
import { APP_CONFIG, type AppConfig } from '@banjie/platform';

/**
 * The deletion-evident audit's clock (docs/event-store.md): every AUDIT_CHECKPOINT_INTERVAL_MS
 * (default one minute; 0 = never), a signed checkpoint of the head of every stream that changed
 * since the last one. Deleting an event or a stream the last checkpoint covers is then detected by
 * `cli verify` and the issue history; what was recorded after it is the window the docs state.
 * Each checkpoint's hash is logged — a log shipped elsewhere is an off-site copy of the anchors.
 * A failed run is logged and tried again at the next tick.
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditCheckpoint');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly loop: SupervisedLoop;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Supervisor) supervisor: Supervisor,
  ) {
    this.loop = supervisor.register('audit-checkpoint', 'job');
  }

  onApplicationBootstrap() {
    const every = this.config.auditCheckpointIntervalMs;
    if (every > 0) this.timer = setInterval(() => void this.tick(), every);
  }

  async onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.loop.remove();
    await this.running;
  }

  /** One checkpoint now (also what the interval runs); never two at once in this process. */
  tick(): Promise<CheckpointResult | null> {
    const run = this.running.then(() => this.store.recordCheckpoint());
    this.running = run.then(
      (result) => {
        this.loop.succeeded();
        if (result)
          this.logger.log(
            `audit checkpoint #${result.sequences[result.sequences.length - 1]}: ${result.streams} stream head(s) anchored, hash ${result.hash}`,
          );
      },
      (error) => {
        if (error instanceof AnchorsAheadError) this.logger.error(error.message);
        else this.loop.failed(error); // logged once by the supervisor; the next tick is the retry
      },
    );
    return run;
  }
}
