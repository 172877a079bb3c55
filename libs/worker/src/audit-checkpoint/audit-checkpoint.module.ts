import { Module } from '@nestjs/common';
import { AuditCheckpointer } from './audit-checkpointer';

/** Signed checkpoints of the stream heads, recorded by the worker (docs/event-store.md). */
@Module({ providers: [AuditCheckpointer], exports: [AuditCheckpointer] })
export class AuditCheckpointModule {}
