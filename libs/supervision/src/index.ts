/**
 * @banjie/supervision: what the supervision office watches — settings with their defaults, the
 * alert rules (pure: history, settings, calendar and today in; alerts with raised/cleared dates
 * out), campaign figures over time and unit rankings.
 */
export * from './settings';
export * from './rules/alert';
export * from './rules/issue-alerts';
export * from './rules/notice-alerts';
export * from './rules/campaign-figures';
export * from './rules/unit-alerts';
export * from './rankings';
export * from './store/supervision-sources';
export * from './store/alerts-evaluator';
export { SUPERVISION_MIGRATIONS } from './migrations';
