import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditCheckpointModule } from './audit-checkpoint/audit-checkpoint.module';
import { DeadlineWatcherModule } from './deadline-watcher/deadline-watcher.module';
import { ProjectorModule } from './projector/projector.module';
import { SupervisionWorkerModule } from './supervision/supervision-worker.module';

/** The projector (async projections with checkpoints), the deadline watcher and the audit checkpoints. */
@Module({ imports: [ScheduleModule.forRoot(), ProjectorModule, SupervisionWorkerModule, DeadlineWatcherModule, AuditCheckpointModule] })
export class WorkerModule {}
