/**
 * The background processes as Nest modules: the projector runner, the supervision alerts schedule,
 * the deadline watcher and the audit checkpoints. apps/worker runs them alone (BANJIE_ROLE=worker); apps/api runs them
 * in its own process by default (BANJIE_ROLE=all).
 */
export * from './worker.module';
export * from './projector/projector.module';
export * from './supervision/supervision-worker.module';
export * from './supervision/alerts.worker';
export * from './supervision/schedule-settings';
export * from './deadline-watcher/deadline-watcher.module';
export * from './deadline-watcher/deadline-watcher';
export * from './audit-checkpoint/audit-checkpoint.module';
export * from './audit-checkpoint/audit-checkpointer';
