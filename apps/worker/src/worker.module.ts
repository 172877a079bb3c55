import { Module } from '@nestjs/common';

/** The projector (async projections with checkpoints) and the deadline watcher. */
@Module({})
export class WorkerModule {}
