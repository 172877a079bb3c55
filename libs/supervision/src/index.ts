/**
 * @banjie/supervision: what the supervision office watches — settings with their defaults, the
 * alert rules (pure: an issue's timeline, a campaign's figures over time or a notice, with the
 * settings, the calendar and today in; alerts with raised/cleared dates out) and unit rankings.
 * Their inputs come from the read side's one issue fold (libs/projections: alerts/).
 */
export * from './settings';
export * from './rules/alert';
export * from './rules/issue-alerts';
export * from './rules/notice-alerts';
export * from './rules/campaign-figures';
export * from './rules/unit-alerts';
export * from './rankings';
export { SUPERVISION_MIGRATIONS } from './migrations';
