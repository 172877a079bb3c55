/** The alerts read model's tables (alerts.projection.ts says what they hold). */
import { Table } from '../runtime/table';

export const ALERTS = 'alerts';

export type SubjectKind = 'issue' | 'notice' | 'campaign';

export interface SubjectRow {
  subjectKind: SubjectKind;
  subjectId: string;
  /** An issue's campaign (its evaluation marks the campaign's figures as moved). */
  campaignId: string | null;
  dirty: boolean;
  /** Bumped by every mark: the evaluator clears `dirty` only if no mark came while it worked. */
  dirtySeq: number;
  /** The last event that marked it (reader order): evaluated once the read models it reads have passed it. */
  markedTx: string;
  markedPosition: number;
  /** The next business date on which time alone may change its alerts. */
  nextCheckOn: string | null;
  evaluatedAt: Date | null;
}

export interface AlertRow {
  alertId: string;
  kind: string;
  campaignId: string;
  unitId: string;
  issueId: string | null;
  noticeId: string | null;
  activityId: string | null;
  level: string;
  colour: string;
  raisedAt: string;
  clearedAt: string | null;
  details: Record<string, unknown>;
  subjectKind: string;
  subjectId: string;
}

const text = { type: 'text' } as const;
const textOrNull = { type: 'text', nullable: true } as const;

export const subjectsTable = new Table<SubjectRow>(
  'sv_subjects',
  {
    subjectKind: text,
    subjectId: text,
    campaignId: textOrNull,
    dirty: { type: 'boolean' },
    dirtySeq: { type: 'bigint' },
    markedTx: text,
    markedPosition: { type: 'bigint' },
    nextCheckOn: textOrNull,
    evaluatedAt: { type: 'timestamptz', nullable: true },
  },
  {
    primaryKey: ['subjectKind', 'subjectId'],
    volatile: ['dirtySeq', 'evaluatedAt'],
    indexes: [
      { name: 'dirty', on: 'subject_kind, subject_id', where: 'dirty' },
      { name: 'next', on: 'next_check_on' },
      { name: 'campaign', on: 'campaign_id' },
    ],
  },
);

export const alertsTable = new Table<AlertRow>(
  'sv_alerts',
  {
    alertId: text,
    kind: text,
    campaignId: text,
    unitId: text,
    issueId: textOrNull,
    noticeId: textOrNull,
    activityId: textOrNull,
    level: text,
    colour: text,
    raisedAt: text,
    clearedAt: textOrNull,
    details: { type: 'jsonb' },
    subjectKind: text,
    subjectId: text,
  },
  {
    primaryKey: ['alertId'],
    indexes: [
      { name: 'subject', on: 'subject_kind, subject_id' },
      { name: 'campaign_unit', on: 'campaign_id, unit_id, kind' },
      { name: 'open', on: 'campaign_id, kind', where: 'cleared_at IS NULL' },
    ],
  },
);
