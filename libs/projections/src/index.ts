/**
 * @banjie/projections: the projector runtime (checkpointed subscriptions, parking, blue/green
 * rebuilds), the read models (unit statistics with as-of intervals, issue queue) and the
 * campaign report. Framework-free: apps wire it into Nest (apps/worker, apps/api, apps/cli).
 */
import { issueQueueProjection } from './issue-queue/issue-queue.projection';
import type { ProjectionDefinition } from './runtime/projection';
import { unitStatisticsProjection } from './unit-statistics/unit-statistics.projection';

export * from './shared';
export * from './runtime/projection';
export * from './runtime/projector';
export * from './runtime/status';
export * from './runtime/sql';
export * from './unit-statistics/issue-fact';
export * from './unit-statistics/unit-statistics.evolve';
export * from './unit-statistics/unit-statistics.projection';
export * from './issue-queue/issue-queue.evolve';
export * from './issue-queue/issue-queue.projection';
export * from './issue-queue/issue-queue.reader';
export * from './reports/report.types';
export * from './reports/report.queries';
export * from './reports/report.service';
export * from './reports/report.table';
export { PROJECTIONS_MIGRATIONS } from './migrations';
export { PROJECTIONS_ENTITIES } from './entities/read-models.entity';

/** Every projection the projector runs, in start order. */
export const PROJECTIONS: readonly ProjectionDefinition[] = [unitStatisticsProjection, issueQueueProjection];
