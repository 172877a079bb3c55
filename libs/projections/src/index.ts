/**
 * @banjie/projections: the one runtime every read model runs through (checkpointed subscriptions,
 * parking, blue/green rebuilds), the read models — the directory, the issues (one fold of the issue
 * life cycle), the alerts (the supervision rules over those) — the counting rules and the campaign
 * report. Framework-free: apps wire
 * it into Nest.
 */
import { alertsProjection } from './alerts/alerts.projection';
import { directoryProjection } from './directory/directory.projection';
import { issuesProjection } from './issues/issues.projection';
import type { ProjectionDefinition } from './runtime/projection';

export * from './shared';
export * from './runtime/table';
export * from './runtime/projection';
export * from './runtime/keyed-projection';
export * from './runtime/projector';
export * from './runtime/status';
export * from './runtime/freshness';
export * from './issues/issue.fold';
export * from './issues/issues.projection';
export * from './issues/issues.reader';
export * from './directory/directory.projection';
export * from './directory/directory.reader';
export * from './reports/counts';
export * from './reports/report.types';
export * from './reports/report.queries';
export * from './reports/report.service';
export * from './reports/report.table';
export * from './reports/report.categories';
export * from './alerts/alert-inputs';
export * from './alerts/alerts.tables';
export * from './alerts/alerts.projection';
export * from './alerts/alerts.evaluator';
export * from './alerts/alerts.reader';
export * from './alerts/working-calendar.source';
export { PROJECTIONS_MIGRATIONS } from './migrations';

/** Every read model, registered in one place: the projector runs them, `cli projections rebuild --all` rebuilds them. */
export const PROJECTIONS: readonly ProjectionDefinition[] = [directoryProjection, issuesProjection, alertsProjection];
