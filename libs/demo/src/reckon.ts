/**
 * The circular's table reckoned straight from demo steps, as of a business date: an independent
 * check of the generator (and, in the integration test, of the projections) that shares no
 * counting code with either (only the report's row type and its rate rule). Definitions (DESIGN §2, §4; decisions in docs/demo.md):
 *
 * - a step counts when its business date (Beijing) is on or before `asOf`;
 * - enterprises visited: distinct enterprises across a unit's activities; groups and the total
 *   SUM the units' counts (an enterprise two units visited counts for each of them);
 * - issues are counted for the unit that collected them (a transfer moves the work, not the
 *   statistic); withdrawn issues leave every count and denominator;
 * - completion = resolved ÷ collected; satisfaction = (满意 + 基本满意) ÷ rated, over resolved
 *   issues with a rating, taking each one's latest rating — of its current resolution: a reopen
 *   clears the rating and the next resolution waits for its own;
 * - on time: resolved on or before the current due date ÷ resolved with a due date;
 * - open overdue: pending or in progress with a due date before `asOf`;
 * - groups: 厅本级 = department units, 市州 = prefecture and county units; sum counts, then divide.
 */
import { ACTIVITY_FORMS, businessDate, ChineseWorkingCalendar, type ActivityForm, type Rating, type UnitLevel } from '@banjie/domain';
import { rate, type ReportRow } from '@banjie/projections';
import type { DemoStep } from './demo-step';

/** The report's row, plus the on-time denominator and the withdrawn issues the report leaves out. */
export interface ReckonRow extends Omit<ReportRow, 'level'> {
  level: UnitLevel | 'total';
  resolvedWithDueDate: number;
  issuesWithdrawn: number;
}

export interface Reckoning {
  asOf: string;
  campaignId: string | null;
  rows: ReckonRow[];
  /** department = 厅本级, prefecture = 市州 (with county units). */
  groups: { department: ReckonRow; prefecture: ReckonRow };
  total: ReckonRow;
  /** Distinct enterprises province-wide (not a circular figure: the circular sums the units'). */
  distinctEnterprises: number;
}

interface IssueTally {
  unitId: string;
  status: 'pending' | 'in_progress' | 'resolved' | 'withdrawn';
  dueOn: string | null;
  resolvedOn: string | null;
  lastRating: Rating | null;
}

function emptyRow(unitId: string | null, unitName: string, level: ReckonRow['level'], parentUnitId: string | null): ReckonRow {
  return {
    unitId,
    unitName,
    level,
    parentUnitId,
    enterprisesVisited: 0,
    activities: 0,
    activitiesByForm: Object.fromEntries(ACTIVITY_FORMS.map((f) => [f, 0])) as Record<ActivityForm, number>,
    issuesCollected: 0,
    issuesResolved: 0,
    completionRate: null,
    rated: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    dissatisfied: 0,
    satisfactionRate: null,
    onTimeResolved: 0,
    resolvedWithDueDate: 0,
    onTimeRate: null,
    openOverdue: 0,
    issuesWithdrawn: 0,
  };
}

function withRates(row: ReckonRow): ReckonRow {
  row.completionRate = rate(row.issuesResolved, row.issuesCollected);
  row.satisfactionRate = rate(row.satisfied + row.basicallySatisfied, row.rated);
  row.onTimeRate = rate(row.onTimeResolved, row.resolvedWithDueDate);
  return row;
}

const COUNTS = [
  'enterprisesVisited',
  'activities',
  'issuesCollected',
  'issuesResolved',
  'rated',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'onTimeResolved',
  'resolvedWithDueDate',
  'openOverdue',
  'issuesWithdrawn',
] as const;

function sumRows(rows: readonly ReckonRow[], name: string, level: ReckonRow['level']): ReckonRow {
  const out = emptyRow(null, name, level, null);
  for (const row of rows) {
    for (const k of COUNTS) out[k] += row[k];
    for (const f of ACTIVITY_FORMS) out.activitiesByForm[f] += row.activitiesByForm[f];
  }
  return withRates(out);
}

/** The figures as of `asOf` (YYYY-MM-DD, inclusive) for `campaignId` (default: the first launched). */
export function reckon(steps: readonly DemoStep[], asOf: string, campaignId?: string): Reckoning {
  const calendar = new ChineseWorkingCalendar();
  const units = new Map<string, { name: string; level: UnitLevel; parentUnitId: string | null }>();
  let campaign: { id: string; resolveWithin: number; withdrawalNeedsApproval: boolean } | null = null;
  const visited = new Map<string, Set<string>>();
  const activities = new Map<string, { count: number; byForm: Record<ActivityForm, number> }>();
  const issues = new Map<string, IssueTally>();
  const allEnterprises = new Set<string>();

  for (const step of steps) {
    const on = businessDate(new Date(step.occurredAt));
    if (on > asOf) continue;
    switch (step.command) {
      case 'RegisterUnit':
        units.set(step.data.unitId, { name: step.data.name, level: step.data.level, parentUnitId: step.data.parentUnitId ?? null });
        break;
      case 'RegisterEnterprise':
        break;
      case 'LaunchCampaign':
        if (!campaign && (!campaignId || campaignId === step.data.campaignId)) {
          campaign = {
            id: step.data.campaignId,
            resolveWithin: step.data.sla?.resolveWithinWorkingDays ?? 15,
            withdrawalNeedsApproval: step.data.workflow?.withdrawalNeedsApproval ?? true,
          };
        }
        break;
      case 'HoldActivity': {
        if (step.data.campaignId !== campaign?.id) break;
        const u = step.data.unitId;
        if (!visited.has(u)) visited.set(u, new Set());
        for (const code of step.data.enterpriseCodes) {
          visited.get(u)!.add(code);
          allEnterprises.add(code);
        }
        const a = activities.get(u) ?? { count: 0, byForm: emptyRow(null, '', 'total', null).activitiesByForm };
        a.count++;
        a.byForm[step.data.form]++;
        activities.set(u, a);
        break;
      }
      case 'CollectIssue':
        if (step.data.campaignId !== campaign?.id) break;
        issues.set(step.data.issueId, { unitId: step.data.unitId, status: 'pending', dueOn: null, resolvedOn: null, lastRating: null });
        break;
      default: {
        const issue = issues.get(step.data.issueId);
        if (!issue) break;
        switch (step.command) {
          case 'AcceptIssue':
            issue.status = 'in_progress';
            issue.dueOn = step.data.dueOn ?? calendar.addWorkingDays(on, campaign!.resolveWithin);
            break;
          case 'TransferIssue':
            issue.status = 'pending';
            issue.dueOn = null;
            break;
          case 'ResolveIssue':
            issue.status = 'resolved';
            issue.resolvedOn = on;
            break;
          case 'GiveFeedback':
            issue.lastRating = step.data.rating;
            break;
          case 'ReopenIssue':
            // the next resolution waits for its own rating
            issue.status = 'in_progress';
            issue.resolvedOn = null;
            issue.lastRating = null;
            break;
          case 'WithdrawIssue':
            // a request while the campaign wants the office's approval: still open until approved
            if (!campaign!.withdrawalNeedsApproval) issue.status = 'withdrawn';
            break;
          case 'DecideWithdrawal':
            if (step.data.approve) issue.status = 'withdrawn';
            break;
          case 'RecordProgress':
            break;
        }
      }
    }
  }

  const rows = new Map<string, ReckonRow>();
  for (const [unitId, u] of units) {
    const row = emptyRow(unitId, u.name, u.level, u.parentUnitId);
    row.enterprisesVisited = visited.get(unitId)?.size ?? 0;
    const a = activities.get(unitId);
    if (a) {
      row.activities = a.count;
      row.activitiesByForm = { ...a.byForm };
    }
    rows.set(unitId, row);
  }
  for (const issue of issues.values()) {
    const row = rows.get(issue.unitId);
    if (!row) continue;
    if (issue.status === 'withdrawn') {
      row.issuesWithdrawn++;
      continue;
    }
    row.issuesCollected++;
    if (issue.status === 'resolved') {
      row.issuesResolved++;
      if (issue.lastRating) {
        row.rated++;
        if (issue.lastRating === 'satisfied') row.satisfied++;
        else if (issue.lastRating === 'basically_satisfied') row.basicallySatisfied++;
        else row.dissatisfied++;
      }
      if (issue.dueOn) {
        row.resolvedWithDueDate++;
        if (issue.resolvedOn! <= issue.dueOn) row.onTimeResolved++;
      }
    } else if (issue.dueOn && issue.dueOn < asOf) {
      row.openOverdue++;
    }
  }
  const all = [...rows.values()].map(withRates);
  const department = all.filter((r) => r.level === 'department');
  const prefecture = all.filter((r) => r.level === 'prefecture' || r.level === 'county');
  return {
    asOf,
    campaignId: campaign?.id ?? null,
    rows: all,
    groups: { department: sumRows(department, '厅本级', 'department'), prefecture: sumRows(prefecture, '市州', 'prefecture') },
    total: sumRows(all, '合计', 'total'),
    distinctEnterprises: allEnterprises.size,
  };
}

/** The row of the unit named `name`. */
export function rowNamed(reckoning: Reckoning, name: string): ReckonRow {
  const row = reckoning.rows.find((r) => r.unitName === name);
  if (!row) throw new Error(`no unit named ${name}`);
  return row;
}
