import {
  CALENDAR_STREAM,
  activityStream,
  campaignStream,
  enterpriseStream,
  evolveActivity,
  evolveCalendar,
  evolveCampaign,
  evolveEnterprise,
  evolveIssue,
  evolveSupervisionNotice,
  evolveUnit,
  initialActivityState,
  initialCalendarState,
  initialCampaignState,
  initialEnterpriseState,
  initialIssueState,
  initialSupervisionNoticeState,
  initialUnitState,
  issueStream,
  supervisionStream,
  unitStream,
  type ActivityEvent,
  type ActivityState,
  type CalendarEvent,
  type CalendarState,
  type CampaignEvent,
  type CampaignState,
  type DomainEvent,
  type EnterpriseEvent,
  type EnterpriseState,
  type IssueEvent,
  type IssueState,
  type SupervisionNoticeEvent,
  type SupervisionNoticeState,
  type UnitEvent,
  type UnitState,
} from '@banjie/domain';

/** How to rebuild one aggregate from its stream: which stream, the initial state, evolve. */
export interface Aggregate<S, E extends DomainEvent> {
  readonly name: string;
  stream(id: string): string;
  initial(): S;
  evolve(state: S, event: E): S;
  /** The state's "does not exist yet" test (creation commands). */
  exists(state: S): boolean;
}

const hasStatus = (s: { status: string }) => s.status !== 'none';

export const UnitAggregate: Aggregate<UnitState, UnitEvent> = {
  name: 'unit',
  stream: unitStream,
  initial: initialUnitState,
  evolve: evolveUnit,
  exists: hasStatus,
};
export const EnterpriseAggregate: Aggregate<EnterpriseState, EnterpriseEvent> = {
  name: 'enterprise',
  stream: enterpriseStream,
  initial: initialEnterpriseState,
  evolve: evolveEnterprise,
  exists: hasStatus,
};
export const CampaignAggregate: Aggregate<CampaignState, CampaignEvent> = {
  name: 'campaign',
  stream: campaignStream,
  initial: initialCampaignState,
  evolve: evolveCampaign,
  exists: hasStatus,
};
export const ActivityAggregate: Aggregate<ActivityState, ActivityEvent> = {
  name: 'activity',
  stream: activityStream,
  initial: initialActivityState,
  evolve: evolveActivity,
  exists: hasStatus,
};
export const IssueAggregate: Aggregate<IssueState, IssueEvent> = {
  name: 'issue',
  stream: issueStream,
  initial: initialIssueState,
  evolve: evolveIssue,
  exists: hasStatus,
};
export const SupervisionNoticeAggregate: Aggregate<SupervisionNoticeState, SupervisionNoticeEvent> = {
  name: 'supervision notice',
  stream: supervisionStream,
  initial: initialSupervisionNoticeState,
  evolve: evolveSupervisionNotice,
  exists: hasStatus,
};
/** One stream for the whole calendar; the id is ignored. */
export const CalendarAggregate: Aggregate<CalendarState, CalendarEvent> = {
  name: 'calendar',
  stream: () => CALENDAR_STREAM,
  initial: initialCalendarState,
  evolve: evolveCalendar,
  exists: (s) => s.adjustments.size > 0,
};
