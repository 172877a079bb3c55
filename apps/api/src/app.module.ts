import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type CoreOptions } from '@banjie/core';
import { ProjectorModule, WorkerModule } from '@banjie/worker';
import { ApiModule } from './api.module';

/**
 * The default process: API and worker together (BANJIE_ROLE=all), or the API alone. `readModels`
 * (default on) runs the projector here — every read model — as the all-in-one process does;
 * `worker` (default on) adds the time-driven jobs (deadline watcher, alert evaluation). An API-only
 * process (BANJIE_ROLE=api) runs neither: its lists wait for the worker's checkpoints.
 */
@Module({})
export class AppModule {
  static forRoot(options: CoreOptions & { worker?: boolean; readModels?: boolean } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        ApiModule,
        ...(options.readModels === false ? [] : [ProjectorModule]),
        ...(options.worker === false ? [] : [WorkerModule]),
      ],
    };
  }
}
