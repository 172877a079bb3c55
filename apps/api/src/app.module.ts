import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type CoreOptions } from '@banjie/core';
import { WorkerModule } from '@banjie/worker';
import { ApiModule } from './api.module';

/** The default process: API and worker together (BANJIE_ROLE=all), or the API alone. */
@Module({})
export class AppModule {
  static forRoot(options: CoreOptions & { worker?: boolean } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(options), ApiModule, ...(options.worker === false ? [] : [WorkerModule])],
    };
  }
}
