/**
 * The `directory` read model: one row per unit, enterprise, campaign, activity and supervision
 * notice, each `evolve(row | null, event) → row`, plus the enterprises each activity reached (the
 * report counts distinct enterprises as of any date from these). GET /units, /enterprises,
 * /campaigns, /activities and /supervision-notices list them (directory.reader.ts); the report and
 * the alerts read units, campaigns and activities from here.
 */
import {
  businessDate,
  catalogueOf,
  type ActivityForm,
  type CampaignSla,
  type CampaignTargets,
  type CampaignThresholds,
  type NoticeLevel,
  type UnitLevel,
} from '@banjie/domain';
import { keyedProjection, model, ProjectionError, type Stored } from '../runtime/keyed-projection';
import { Table } from '../runtime/table';
import { streamEntityId } from '../shared';

export const DIRECTORY = 'directory';

export interface UnitRow {
  unitId: string;
  name: string;
  level: UnitLevel;
  parentUnitId: string | null;
  region: string;
  status: 'active' | 'retired';
  version: number;
  registeredAt: Date;
}

export interface EnterpriseRow {
  creditCode: string;
  name: string;
  region: string;
  registeredAt: Date;
}

export interface CampaignSettingsJson {
  targets: Partial<CampaignTargets> | null;
  sla: Partial<CampaignSla> | null;
  thresholds: (Partial<CampaignThresholds> & Record<string, unknown>) | null;
  /** The category catalogue in force. A row written before catalogues lacks it: read it through `catalogueOf`. */
  categories?: string[];
}

export interface CampaignRow {
  campaignId: string;
  title: string;
  startsOn: string;
  endsOn: string;
  status: 'active' | 'closed';
  settings: CampaignSettingsJson;
  version: number;
  launchedAt: Date;
  /** Business date of its CampaignClosed. */
  closedOn: string | null;
}

export interface ActivityRow {
  activityId: string;
  campaignId: string;
  unitId: string;
  form: ActivityForm;
  heldOn: string;
  enterpriseCodes: string[];
  summary: string;
  occurredAt: Date;
  recordedAt: Date;
}

/** One enterprise an activity reached (distinct enterprises as of D: count(DISTINCT) over these). */
export interface ActivityVisitRow {
  activityId: string;
  enterpriseCode: string;
  campaignId: string;
  unitId: string;
  occurredAt: Date;
  recordedAt: Date;
}

export interface NoticeRow {
  noticeId: string;
  campaignId: string;
  unitId: string;
  issueIds: string[];
  level: NoticeLevel;
  reason: string;
  respondBy: string;
  status: 'issued' | 'answered' | 'closed';
  response: string | null;
  outcome: string | null;
  version: number;
  issuedAt: Date;
  /** Business dates of the first answer and of the close. */
  answeredOn: string | null;
  closedOn: string | null;
}

const text = { type: 'text' } as const;
const textOrNull = { type: 'text', nullable: true } as const;
const time = { type: 'timestamptz' } as const;
const int = { type: 'integer' } as const;

export const unitsTable = new Table<UnitRow>(
  'dir_units',
  { unitId: text, name: text, level: text, parentUnitId: textOrNull, region: text, status: text, version: int, registeredAt: time },
  { primaryKey: ['unitId'], indexes: [{ name: 'list', on: 'level, name, unit_id' }] },
);

export const enterprisesTable = new Table<EnterpriseRow>(
  'dir_enterprises',
  { creditCode: text, name: text, region: text, registeredAt: time },
  { primaryKey: ['creditCode'], indexes: [{ name: 'list', on: 'name, credit_code' }] },
);

export const campaignsTable = new Table<CampaignRow>(
  'dir_campaigns',
  {
    campaignId: text,
    title: text,
    startsOn: text,
    endsOn: text,
    status: text,
    settings: { type: 'jsonb' },
    version: int,
    launchedAt: time,
    closedOn: textOrNull,
  },
  { primaryKey: ['campaignId'] },
);

export const activitiesTable = new Table<ActivityRow>(
  'dir_activities',
  {
    activityId: text,
    campaignId: text,
    unitId: text,
    form: text,
    heldOn: text,
    enterpriseCodes: { type: 'jsonb' },
    summary: text,
    occurredAt: time,
    recordedAt: time,
  },
  {
    primaryKey: ['activityId'],
    indexes: [
      { name: 'campaign', on: 'campaign_id, occurred_at' },
      { name: 'list', on: 'campaign_id, unit_id, held_on' },
    ],
  },
);

export const activityVisitsTable = new Table<ActivityVisitRow>(
  'dir_activity_visits',
  { activityId: text, enterpriseCode: text, campaignId: text, unitId: text, occurredAt: time, recordedAt: time },
  { primaryKey: ['activityId', 'enterpriseCode'], appendOnly: true, indexes: [{ name: 'campaign', on: 'campaign_id, occurred_at' }] },
);

export const noticesTable = new Table<NoticeRow>(
  'dir_notices',
  {
    noticeId: text,
    campaignId: text,
    unitId: text,
    issueIds: { type: 'jsonb' },
    level: text,
    reason: text,
    respondBy: text,
    status: text,
    response: textOrNull,
    outcome: textOrNull,
    version: int,
    issuedAt: time,
    answeredOn: textOrNull,
    closedOn: textOrNull,
  },
  { primaryKey: ['noticeId'], indexes: [{ name: 'list', on: 'unit_id, status, issued_at' }] },
);

function existing<R>(row: R | null, what: string, event: Stored): R {
  if (!row) throw new ProjectionError(`${event.type} for ${what} ${streamEntityId(event.streamId)} that does not exist`);
  return row;
}

function created<R>(row: R | null, what: string, event: Stored): void {
  if (row) throw new ProjectionError(`${event.type}: ${what} ${streamEntityId(event.streamId)} exists already`);
}

export function evolveUnit(row: UnitRow | null, e: Stored<'UnitRegistered' | 'UnitRenamed' | 'UnitRetired'>): UnitRow {
  switch (e.type) {
    case 'UnitRegistered': {
      created(row, 'unit', e);
      const d = e.data;
      const base = { unitId: d.unitId, name: d.name, level: d.level, parentUnitId: d.parentUnitId ?? null, region: d.region };
      return { ...base, status: 'active', version: e.streamVersion, registeredAt: e.occurredAt };
    }
    case 'UnitRenamed':
      return { ...existing(row, 'unit', e), name: e.data.name, version: e.streamVersion };
    case 'UnitRetired':
      return { ...existing(row, 'unit', e), status: 'retired', version: e.streamVersion };
  }
}

export function evolveEnterprise(row: EnterpriseRow | null, e: Stored<'EnterpriseRegistered'>): EnterpriseRow {
  created(row, 'enterprise', e);
  return { creditCode: e.data.creditCode, name: e.data.name, region: e.data.region, registeredAt: e.occurredAt };
}

export function evolveCampaign(
  row: CampaignRow | null,
  e: Stored<'CampaignLaunched' | 'CampaignClosed' | 'CampaignCategoriesChanged'>,
): CampaignRow {
  switch (e.type) {
    case 'CampaignLaunched': {
      created(row, 'campaign', e);
      const d = e.data;
      return {
        campaignId: d.campaignId,
        title: d.title,
        startsOn: d.startsOn,
        endsOn: d.endsOn,
        status: 'active',
        settings: {
          targets: d.targets ?? null,
          sla: d.sla ?? null,
          thresholds: d.thresholds ? { ...d.thresholds } : null,
          categories: catalogueOf(d.categories),
        },
        version: e.streamVersion,
        launchedAt: e.occurredAt,
        closedOn: null,
      };
    }
    case 'CampaignClosed':
      return { ...existing(row, 'campaign', e), status: 'closed', version: e.streamVersion, closedOn: businessDate(e.occurredAt) };
    case 'CampaignCategoriesChanged': {
      const c = existing(row, 'campaign', e);
      return { ...c, settings: { ...c.settings, categories: catalogueOf(e.data.categories) }, version: e.streamVersion };
    }
  }
}

export function evolveActivity(row: ActivityRow | null, e: Stored<'ActivityHeld'>): ActivityRow {
  created(row, 'activity', e);
  const d = e.data;
  return {
    activityId: d.activityId,
    campaignId: d.campaignId,
    unitId: d.unitId,
    form: d.form,
    heldOn: d.heldOn,
    enterpriseCodes: [...new Set(d.enterpriseCodes)],
    summary: d.summary ?? '',
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
  };
}

export function activityVisits(_before: ActivityRow | null, a: ActivityRow): ActivityVisitRow[] {
  return a.enterpriseCodes.map((enterpriseCode) => ({
    activityId: a.activityId,
    enterpriseCode,
    campaignId: a.campaignId,
    unitId: a.unitId,
    occurredAt: a.occurredAt,
    recordedAt: a.recordedAt,
  }));
}

export function evolveNotice(
  row: NoticeRow | null,
  e: Stored<'SupervisionNoticeIssued' | 'SupervisionNoticeAnswered' | 'SupervisionNoticeClosed'>,
): NoticeRow {
  switch (e.type) {
    case 'SupervisionNoticeIssued': {
      created(row, 'notice', e);
      const d = e.data;
      return {
        noticeId: d.noticeId,
        campaignId: d.campaignId,
        unitId: d.unitId,
        issueIds: d.issueIds,
        level: d.level,
        reason: d.reason ?? '',
        respondBy: d.respondBy,
        status: 'issued',
        response: null,
        outcome: null,
        version: e.streamVersion,
        issuedAt: e.occurredAt,
        answeredOn: null,
        closedOn: null,
      };
    }
    case 'SupervisionNoticeAnswered': {
      const n = existing(row, 'notice', e);
      return {
        ...n,
        status: 'answered',
        response: e.data.response,
        version: e.streamVersion,
        answeredOn: n.answeredOn ?? businessDate(e.occurredAt),
      };
    }
    case 'SupervisionNoticeClosed': {
      const n = existing(row, 'notice', e);
      return { ...n, status: 'closed', outcome: e.data.outcome, version: e.streamVersion, closedOn: businessDate(e.occurredAt) };
    }
  }
}

const idOf = (e: Stored) => streamEntityId(e.streamId);

export const directoryProjection = keyedProjection({
  name: DIRECTORY,
  // 2: campaigns carry their category catalogue (settings.categories, CampaignCategoriesChanged)
  version: 2,
  models: [
    model({ table: unitsTable, handles: ['UnitRegistered', 'UnitRenamed', 'UnitRetired'], key: idOf, evolve: evolveUnit }),
    model({ table: enterprisesTable, handles: ['EnterpriseRegistered'], key: (e) => e.data.creditCode, evolve: evolveEnterprise }),
    model({
      table: campaignsTable,
      handles: ['CampaignLaunched', 'CampaignClosed', 'CampaignCategoriesChanged'],
      key: idOf,
      evolve: evolveCampaign,
    }),
    model({
      table: activitiesTable,
      handles: ['ActivityHeld'],
      key: (e) => e.data.activityId,
      evolve: evolveActivity,
      history: { table: activityVisitsTable, rows: activityVisits },
    }),
    model({
      table: noticesTable,
      handles: ['SupervisionNoticeIssued', 'SupervisionNoticeAnswered', 'SupervisionNoticeClosed'],
      key: idOf,
      evolve: evolveNotice,
    }),
  ],
});
