/**
 * TypeORM entities of the projector's bookkeeping and of the read models' template tables
 * (schema only: rows live in the generation copies `<table>_g<N>`, written in bulk SQL by the
 * projections and read by name through the active generation). The migration is the source of
 * the schema; these describe it for TypeORM and for readers.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('projections')
export class ProjectionEntity {
  @PrimaryColumn('text') name: string;
  @Column('integer') version: number;
  @Column('integer') generation: number;
  @Column('text') status: string;
  @Column('integer', { name: 'building_generation', nullable: true }) buildingGeneration: number | null;
  @Column('integer', { name: 'building_version', nullable: true }) buildingVersion: number | null;
  @Column('timestamptz', { name: 'rebuild_started_at', nullable: true }) rebuildStartedAt: Date | null;
  @Column('timestamptz', { name: 'rebuild_heartbeat_at', nullable: true }) rebuildHeartbeatAt: Date | null;
  @Column('bigint', { name: 'rebuild_total', nullable: true }) rebuildTotal: string | null;
  @Column('bigint', { name: 'rebuild_done', nullable: true }) rebuildDone: string | null;
  @Column('integer', { name: 'parked_count' }) parkedCount: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('timestamptz', { name: 'last_error_at', nullable: true }) lastErrorAt: Date | null;
  @Column('bigint', { name: 'last_error_position', nullable: true }) lastErrorPosition: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity('projection_parked_events')
export class ParkedEventEntity {
  @PrimaryColumn('text') projection: string;
  @PrimaryColumn('integer') generation: number;
  @PrimaryColumn('bigint') position: string;
  @Column('uuid', { name: 'event_id' }) eventId: string;
  @Column('text', { name: 'stream_id' }) streamId: string;
  @Column('text') type: string;
  @Column('text') error: string;
  @Column('timestamptz', { name: 'parked_at' }) parkedAt: Date;
}

@Entity('us_units')
export class UnitDirectoryEntity {
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @Column('text') name: string;
  @Column('text') level: string;
  @Column('text', { name: 'parent_unit_id', nullable: true }) parentUnitId: string | null;
  @Column('text', { nullable: true }) region: string | null;
  @Column('boolean') retired: boolean;
}

@Entity('us_campaigns')
export class CampaignDirectoryEntity {
  @PrimaryColumn('text', { name: 'campaign_id' }) campaignId: string;
  @Column('text') title: string;
  @Column('text', { name: 'starts_on' }) startsOn: string;
  @Column('text', { name: 'ends_on' }) endsOn: string;
  @Column('boolean') closed: boolean;
}

@Entity('us_unit_stats')
export class UnitStatisticsEntity {
  @PrimaryColumn('text', { name: 'campaign_id' }) campaignId: string;
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @Column('integer', { name: 'enterprises_visited' }) enterprisesVisited: number;
  @Column('integer') activities: number;
  @Column('integer', { name: 'activities_door_to_door' }) activitiesDoorToDoor: number;
  @Column('integer', { name: 'activities_symposium' }) activitiesSymposium: number;
  @Column('integer', { name: 'activities_online' }) activitiesOnline: number;
  @Column('integer', { name: 'activities_phone' }) activitiesPhone: number;
  @Column('integer', { name: 'issues_collected' }) issuesCollected: number;
  @Column('integer', { name: 'issues_resolved' }) issuesResolved: number;
  @Column('integer') rated: number;
  @Column('integer') satisfied: number;
  @Column('integer', { name: 'basically_satisfied' }) basicallySatisfied: number;
  @Column('integer') dissatisfied: number;
  @Column('integer', { name: 'on_time_resolved' }) onTimeResolved: number;
  @Column('integer', { name: 'resolved_with_due' }) resolvedWithDue: number;
}

@Entity('us_visits')
export class UnitVisitEntity {
  @PrimaryColumn('text', { name: 'campaign_id' }) campaignId: string;
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @PrimaryColumn('text', { name: 'enterprise_code' }) enterpriseCode: string;
  @Column('timestamptz', { name: 'first_occurred_at' }) firstOccurredAt: Date;
}

abstract class IssueSnapshotColumns {
  @Column('boolean') counted: boolean;
  @Column('boolean', { name: 'is_resolved' }) isResolved: boolean;
  @Column('text', { nullable: true }) rating: string | null;
  @Column('boolean', { name: 'due_known' }) dueKnown: boolean;
  @Column('boolean', { name: 'on_time' }) onTime: boolean;
  @Column('boolean', { name: 'is_open' }) isOpen: boolean;
  @Column('text', { name: 'open_due_on', nullable: true }) openDueOn: string | null;
}

@Entity('us_issues')
export class IssueFactEntity extends IssueSnapshotColumns {
  @PrimaryColumn('text', { name: 'issue_id' }) issueId: string;
  @Column('text', { name: 'campaign_id' }) campaignId: string;
  @Column('text', { name: 'unit_id' }) unitId: string;
  @Column('text') status: string;
  @Column('text', { name: 'due_on', nullable: true }) dueOn: string | null;
  @Column('text', { name: 'resolved_on', nullable: true }) resolvedOn: string | null;
  @Column('text', { name: 'resolved_due_on', nullable: true }) resolvedDueOn: string | null;
  @Column('integer') seq: number;
  @Column('timestamptz', { name: 'since_occurred_at' }) sinceOccurredAt: Date;
  @Column('timestamptz', { name: 'since_recorded_at' }) sinceRecordedAt: Date;
  @Column('timestamptz', { name: 'last_occurred_at' }) lastOccurredAt: Date;
  @Column('timestamptz', { name: 'last_recorded_at' }) lastRecordedAt: Date;
}

@Entity('us_issue_versions')
export class IssueVersionEntity extends IssueSnapshotColumns {
  @PrimaryColumn('text', { name: 'issue_id' }) issueId: string;
  @PrimaryColumn('integer') seq: number;
  @Column('text', { name: 'campaign_id' }) campaignId: string;
  @Column('text', { name: 'unit_id' }) unitId: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
  @Column('timestamptz', { name: 'next_occurred_at' }) nextOccurredAt: Date;
  @Column('timestamptz', { name: 'next_recorded_at' }) nextRecordedAt: Date;
}

@Entity('us_activities')
export class ActivityFactEntity {
  @PrimaryColumn('text', { name: 'activity_id' }) activityId: string;
  @Column('text', { name: 'campaign_id' }) campaignId: string;
  @Column('text', { name: 'unit_id' }) unitId: string;
  @Column('text') form: string;
  @Column('integer') enterprises: number;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('us_activity_visits')
export class ActivityVisitEntity {
  @PrimaryColumn('text', { name: 'activity_id' }) activityId: string;
  @PrimaryColumn('text', { name: 'enterprise_code' }) enterpriseCode: string;
  @Column('text', { name: 'campaign_id' }) campaignId: string;
  @Column('text', { name: 'unit_id' }) unitId: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('iq_issues')
export class IssueQueueEntity {
  @PrimaryColumn('text', { name: 'issue_id' }) issueId: string;
  @Column('text', { name: 'campaign_id' }) campaignId: string;
  @Column('text') state: string;
  @Column('text', { name: 'responsible_unit_id' }) responsibleUnitId: string;
  @Column('text', { name: 'collecting_unit_id' }) collectingUnitId: string;
  @Column('text', { name: 'enterprise_code' }) enterpriseCode: string;
  @Column('text') kind: string;
  @Column('text') category: string;
  @Column('text') title: string;
  @Column('text', { name: 'due_on', nullable: true }) dueOn: string | null;
  @Column('boolean') overdue: boolean;
  @Column('timestamptz', { name: 'overdue_since', nullable: true }) overdueSince: Date | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
  @Column('text', { nullable: true }) rating: string | null;
  @Column('text', { name: 'last_event_type' }) lastEventType: string;
  @Column('timestamptz', { name: 'last_event_at' }) lastEventAt: Date;
  @Column('timestamptz', { name: 'last_recorded_at' }) lastRecordedAt: Date;
  @Column('integer') version: number;
}

export const PROJECTIONS_ENTITIES = [
  ProjectionEntity,
  ParkedEventEntity,
  UnitDirectoryEntity,
  CampaignDirectoryEntity,
  UnitStatisticsEntity,
  UnitVisitEntity,
  IssueFactEntity,
  IssueVersionEntity,
  ActivityFactEntity,
  ActivityVisitEntity,
  IssueQueueEntity,
];
