import { Module } from '@nestjs/common';
import { CommandsModule } from '@banjie/application';
import { SupervisionWorkerModule } from '../supervision/supervision-worker.module';
import { DeadlineWatcher } from './deadline-watcher';

/** The deadline watcher: writes through the same command bus and handlers the API uses. */
@Module({
  imports: [CommandsModule, SupervisionWorkerModule],
  providers: [DeadlineWatcher],
  exports: [DeadlineWatcher],
})
export class DeadlineWatcherModule {}
