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
  isIssueEvent,
  issueStream,
  supervisionStream,
  unitStream,
  type ActivityEvent,
  type BanjieEvent,
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
  /** Whether a stored event (typed by asBanjieEvent) is one of this aggregate's: the fold's type guard. */
  owns(event: BanjieEvent): event is BanjieEvent & E;
  /** The state's "does not exist yet" test (creation commands). */
  exists(state: S): boolean;
}

const hasStatus = (s: { status: string }) => s.status !== 'none';

/** The guard of an aggregate whose types are listed once (a missing or extra type fails to compile). */
function ownsTypes<E extends BanjieEvent>(types: { readonly [T in E['type']]: true }): (event: BanjieEvent) => event is E {
  return (event): event is E => Object.prototype.hasOwnProperty.call(types, event.type);
}

export const UnitAggregate: Aggregate<UnitState, UnitEvent> = {
  name: 'unit',
  stream: unitStream,
  initial: initialUnitState,
  evolve: evolveUnit,
  owns: ownsTypes<UnitEvent>({ UnitRegistered: true, UnitRenamed: true, UnitRetired: true }),
  exists: hasStatus,
};
export const EnterpriseAggregate: Aggregate<EnterpriseState, EnterpriseEvent> = {
  name: 'enterprise',
  stream: enterpriseStream,
  initial: initialEnterpriseState,
  evolve: evolveEnterprise,
  owns: ownsTypes<EnterpriseEvent>({ EnterpriseRegistered: true }),
  exists: hasStatus,
};
export const CampaignAggregate: Aggregate<CampaignState, CampaignEvent> = {
  name: 'campaign',
  stream: campaignStream,
  initial: initialCampaignState,
  evolve: evolveCampaign,
  owns: ownsTypes<CampaignEvent>({ CampaignLaunched: true, CampaignClosed: true }),
  exists: hasStatus,
};
export const ActivityAggregate: Aggregate<ActivityState, ActivityEvent> = {
  name: 'activity',
  stream: activityStream,
  initial: initialActivityState,
  evolve: evolveActivity,
  owns: ownsTypes<ActivityEvent>({ ActivityHeld: true }),
  exists: hasStatus,
};
export const IssueAggregate: Aggregate<IssueState, IssueEvent> = {
  name: 'issue',
  stream: issueStream,
  initial: initialIssueState,
  evolve: evolveIssue,
  owns: (event): event is IssueEvent => isIssueEvent(event),
  exists: hasStatus,
};
export const SupervisionNoticeAggregate: Aggregate<SupervisionNoticeState, SupervisionNoticeEvent> = {
  name: 'supervision notice',
  stream: supervisionStream,
  initial: initialSupervisionNoticeState,
  evolve: evolveSupervisionNotice,
  owns: ownsTypes<SupervisionNoticeEvent>({
    SupervisionNoticeIssued: true,
    SupervisionNoticeAnswered: true,
    SupervisionNoticeClosed: true,
  }),
  exists: hasStatus,
};
/** One stream for the whole calendar; the id is ignored. */
export const CalendarAggregate: Aggregate<CalendarState, CalendarEvent> = {
  name: 'calendar',
  stream: () => CALENDAR_STREAM,
  initial: initialCalendarState,
  evolve: evolveCalendar,
  owns: ownsTypes<CalendarEvent>({ CalendarAdjusted: true }),
  exists: (s) => s.adjustments.size > 0,
};
