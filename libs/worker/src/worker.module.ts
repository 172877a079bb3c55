import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { DeadlineWatcherModule } from './deadline-watcher/deadline-watcher.module';
import { ProjectorModule } from './projector/projector.module';
import { SupervisionWorkerModule } from './supervision/supervision-worker.module';

/** The projector (async projections with checkpoints) and the deadline watcher. */
@Module({ imports: [ScheduleModule.forRoot(), ProjectorModule, SupervisionWorkerModule, DeadlineWatcherModule] })
export class WorkerModule {}
