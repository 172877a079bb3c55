/**
 * @banjie/domain: aggregates, events, commands and rules of banjie, in plain TypeScript
 * (no framework, no I/O, no clock). Handlers load state and refs, call a decide function,
 * and append what it returns.
 */
export * from './shared/actor';
export * from './shared/domain-error';
export * from './shared/event';
export * from './shared/dates';
export * from './shared/text';
export * from './shared/guards';
export * from './shared/attachments';
export * from './events';

export * from './unit/unit.events';
export * from './unit/unit.state';
export * from './unit/unit.rules';
export * from './unit/register-unit';
export * from './unit/rename-unit';
export * from './unit/retire-unit';

export * from './enterprise/enterprise.events';
export * from './enterprise/enterprise.state';
export * from './enterprise/enterprise.rules';
export * from './enterprise/credit-code';
export * from './enterprise/register-enterprise';

export * from './campaign/campaign.events';
export * from './campaign/campaign.state';
export * from './campaign/campaign.defaults';
export * from './campaign/campaign.rules';
export * from './campaign/campaign.metrics';
export * from './campaign/launch-campaign';
export * from './campaign/close-campaign';
export * from './campaign/campaign.categories';
export * from './campaign/change-campaign-categories';

export * from './activity/activity.events';
export * from './activity/activity.state';
export * from './activity/hold-activity';

export * from './issue/issue.events';
export * from './issue/issue.state';
export * from './issue/issue.rules';
export * from './issue/issue.commands';
export * from './issue/collect-issue';
export * from './issue/accept-issue';
export * from './issue/transfer-issue';
export * from './issue/record-progress';
export * from './issue/extend-deadline';
export * from './issue/resolve-issue';
export * from './issue/give-feedback';
export * from './issue/reopen-issue';
export * from './issue/withdraw-issue';
export * from './issue/request-extension';
export * from './issue/decide-extension';
export * from './issue/decide-withdrawal';
export * from './issue/review-resolution';
export * from './issue/record-overdue';
export * from './issue/overdue-standing';

export * from './supervision-notice/supervision-notice.events';
export * from './supervision-notice/supervision-notice.state';
export * from './supervision-notice/supervision-notice.rules';
export * from './supervision-notice/issue-notice';
export * from './supervision-notice/answer-notice';
export * from './supervision-notice/close-notice';

export * from './calendar/calendar.events';
export * from './calendar/calendar.state';
export * from './calendar/adjust-calendar-day';
export * from './calendar/working-calendar';
