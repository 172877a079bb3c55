/**
 * The `issues` read model: one row per issue (the one fold, issue.fold.ts) and its ended
 * snapshots. The issue queue (GET /issues, the deadline watcher's shortlist), the campaign report,
 * the rankings and the alerts read these two tables (issues.reader.ts, reports/, alerts/).
 */
import { ISSUE_EVENT_TYPES } from '@banjie/domain';
import { keyedProjection, model } from '../runtime/keyed-projection';
import { Table } from '../runtime/table';
import { caseCountersTable, caseNumberOf, caseNumbersTable, evolveCaseCounter } from './case-numbers';
import { endedVersion, evolveIssueRow, issueIdOf, type IssueRow, type IssueVersion } from './issue.fold';

export const ISSUES = 'issues';

const text = { type: 'text' } as const;
const textOrNull = { type: 'text', nullable: true } as const;
const time = { type: 'timestamptz' } as const;
const timeOrNull = { type: 'timestamptz', nullable: true } as const;
const jsonOrNull = { type: 'jsonb', nullable: true } as const;

/** Columns every row and version has: what the counting rules and the as-of lists read. */
const identityAndSnapshot = {
  issueId: text,
  campaignId: text,
  collectingUnitId: text,
  activityId: textOrNull,
  state: text,
  responsibleUnitId: text,
  dueOn: textOrNull,
  resolvedOn: textOrNull,
  rating: textOrNull,
  lastRating: textOrNull,
  dueSince: textOrNull,
  progressSince: textOrNull,
} as const;

export const issuesTable = new Table<IssueRow>(
  'iq_issues',
  {
    ...identityAndSnapshot,
    enterpriseCode: text,
    kind: text,
    category: text,
    title: text,
    collectedAt: time,
    cycle: { type: 'integer' },
    ratedThisCycle: { type: 'boolean' },
    overdueRecordedFor: { type: 'jsonb' },
    lastActedAt: timeOrNull,
    openedAt: timeOrNull,
    acceptedOn: textOrNull,
    extensionRequest: jsonOrNull,
    withdrawalRequest: jsonOrNull,
    submittedResolution: jsonOrNull,
    lastDecision: jsonOrNull,
    resolvedAt: timeOrNull,
    overdue: { type: 'boolean' },
    overdueSince: timeOrNull,
    version: { type: 'integer' },
    lastEventType: text,
    lastEventAt: time,
    lastRecordedAt: time,
    lastDecidedAt: time,
    businessAt: time,
    seq: { type: 'integer' },
    sinceOccurredAt: time,
    sinceRecordedAt: time,
  },
  {
    primaryKey: ['issueId'],
    indexes: [
      { name: 'work_list', on: 'responsible_unit_id, state, due_on' },
      { name: 'campaign', on: 'campaign_id, collected_at, issue_id' },
      { name: 'collected', on: 'collected_at, issue_id' },
      { name: 'enterprise', on: 'enterprise_code' },
      { name: 'open_due', on: 'due_on', where: `state IN ('pending', 'in_progress')` },
    ],
  },
);

export const issueVersionsTable = new Table<IssueVersion>(
  'iq_issue_versions',
  {
    ...identityAndSnapshot,
    seq: { type: 'integer' },
    occurredAt: time,
    recordedAt: time,
    nextOccurredAt: time,
    nextRecordedAt: time,
    endedBy: text,
    endedRecordedOn: text,
    overdueRecorded: { type: 'boolean' },
  },
  {
    primaryKey: ['issueId', 'seq'],
    appendOnly: true,
    indexes: [
      { name: 'campaign', on: 'campaign_id, occurred_at' },
      { name: 'campaign_next', on: 'campaign_id, next_occurred_at' },
    ],
  },
);

export const issuesProjection = keyedProjection({
  name: ISSUES,
  // 2: the requests to the supervision office and its last answer, case numbers (issue #18)
  version: 2,
  models: [
    model({
      table: issuesTable,
      handles: ISSUE_EVENT_TYPES,
      key: issueIdOf,
      evolve: evolveIssueRow,
      history: { table: issueVersionsTable, rows: endedVersion },
    }),
    // in the same projection, so an issue's row and its case number commit together
    model({
      table: caseCountersTable,
      handles: ['IssueCollected'],
      key: (event) => event.data.campaignId,
      evolve: evolveCaseCounter,
      history: { table: caseNumbersTable, rows: caseNumberOf },
    }),
  ],
});
