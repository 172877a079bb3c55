/**
 * The counting rules of the circular's table (DESIGN §2, §7), written once: each count is a rule
 * over one issue's snapshot (or one activity) from which both the SQL aggregate the report runs
 * (`count(*) FILTER (WHERE …)`) and the TypeScript test the alerts' figures use are generated —
 * so a figure shown in two places cannot be counted two ways. The rates are the domain's
 * (`completionRate`, `satisfactionRate`, `onTimeRate`).
 *
 * - an issue counts for the unit that collected it, whoever is responsible now;
 * - withdrawn issues leave every count and denominator;
 * - rated / satisfied / …: the rating of the current resolution (a reopen clears it);
 * - on time: resolved on or before the due date in force at the resolution (business dates);
 *   resolved with no due date (on the spot, or after a transfer cleared it) is outside the
 *   denominator;
 * - open overdue on day D: pending or in progress with a due date before D;
 * - enterprises visited: distinct enterprises across the unit's activities (groups sum units).
 */
import { ACTIVITY_FORMS, type ActivityForm } from '@banjie/domain';
import type { IssueSnapshot } from '../issues/issue.fold';
import { snakeCase } from '../runtime/table';

/** What the issue rules read of a snapshot. */
export type CountedIssue = Pick<IssueSnapshot, 'state' | 'rating' | 'dueOn' | 'resolvedOn'>;

export interface IssueCounts {
  issuesCollected: number;
  issuesResolved: number;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  onTimeResolved: number;
  /** The on-time denominator: resolved issues that had a due date. */
  resolvedWithDue: number;
  openOverdue: number;
}

export interface ActivityCounts {
  enterprisesVisited: number;
  activities: number;
  activitiesByForm: Record<ActivityForm, number>;
}

/** One unit's counts (or a group's, or the total's: sums of units' counts). */
export type UnitCounts = IssueCounts & ActivityCounts;

/** A rule over a row: its SQL condition (`day` is the SQL of the day parameter) and the same test in TypeScript. */
interface Rule<R> {
  sql(day: string): string;
  test(row: R, day: string): boolean;
}

type Value = string | null;
/** SQL column names, computed once each (read back for every counted row of a report or an evaluation). */
const columns = new Map<string, string>();
const column = (field: string) => {
  let name = columns.get(field);
  if (name === undefined) columns.set(field, (name = snakeCase(field)));
  return name;
};
const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;

function is<R, K extends keyof R & string>(field: K, value: R[K] & string): Rule<R> {
  return { sql: () => `${column(field)} = ${literal(value)}`, test: (r) => r[field] === value };
}
function oneOf<R, K extends keyof R & string>(field: K, values: readonly (R[K] & string)[]): Rule<R> {
  return { sql: () => `${column(field)} IN (${values.map(literal).join(', ')})`, test: (r) => values.includes(r[field] as R[K] & string) };
}
function present<R, K extends keyof R & string>(field: K): Rule<R> {
  return { sql: () => `${column(field)} IS NOT NULL`, test: (r) => r[field] !== null && r[field] !== undefined };
}
/** a ≤ b, both present (SQL's NULL comparison is not true either). */
function notAfter<R, A extends keyof R & string, B extends keyof R & string>(a: A, b: B): Rule<R> {
  return {
    sql: () => `${column(a)} <= ${column(b)}`,
    test: (r) => r[a] !== null && r[b] !== null && (r[a] as Value)! <= (r[b] as Value)!,
  };
}
/** field < the day asked, field present. */
function beforeDay<R, K extends keyof R & string>(field: K): Rule<R> {
  return { sql: (day) => `${column(field)} < ${day}`, test: (r, day) => r[field] !== null && (r[field] as Value)! < day };
}
function all<R>(...rules: Rule<R>[]): Rule<R> {
  return { sql: (day) => rules.map((x) => `(${x.sql(day)})`).join(' AND '), test: (r, day) => rules.every((x) => x.test(r, day)) };
}
function always<R>(): Rule<R> {
  return { sql: () => 'true', test: () => true };
}

const resolved = is<CountedIssue, 'state'>('state', 'resolved');

/** The issue counts: one rule each. */
export const ISSUE_RULES: { readonly [K in keyof IssueCounts]: Rule<CountedIssue> } = {
  issuesCollected: oneOf('state', ['pending', 'in_progress', 'resolved']),
  issuesResolved: resolved,
  rated: all(resolved, present('rating')),
  satisfied: all(resolved, is('rating', 'satisfied')),
  basicallySatisfied: all(resolved, is('rating', 'basically_satisfied')),
  dissatisfied: all(resolved, is('rating', 'dissatisfied')),
  onTimeResolved: all(resolved, present('dueOn'), notAfter('resolvedOn', 'dueOn')),
  resolvedWithDue: all(resolved, present('dueOn')),
  openOverdue: all(oneOf('state', ['pending', 'in_progress']), beforeDay('dueOn')),
};

export const ISSUE_COUNT_KEYS = Object.keys(ISSUE_RULES) as (keyof IssueCounts)[];

/** What the activity rules read of an activity. */
export interface CountedActivity {
  form: ActivityForm;
}

/** The activity counts (per form), one rule each; enterprises visited are distinct visits (below). */
export const ACTIVITY_RULES: { readonly activities: Rule<CountedActivity> } & { readonly [F in ActivityForm]: Rule<CountedActivity> } = {
  activities: always(),
  door_to_door: is('form', 'door_to_door'),
  symposium: is('form', 'symposium'),
  online: is('form', 'online'),
  phone: is('form', 'phone'),
};

// --- generated: SQL --------------------------------------------------------------------------

/** The select list of the issue counts over snapshot rows (`day`: the SQL of the day parameter). */
export function issueCountsSql(day: string): string {
  return ISSUE_COUNT_KEYS.map((k) => `count(*) FILTER (WHERE ${ISSUE_RULES[k].sql(day)})::int AS ${column(k)}`).join(',\n       ');
}

/** The SQL names of the issue counts' columns (those `issueCountsSql` selects). */
export function issueCountColumns(): string[] {
  return ISSUE_COUNT_KEYS.map(column);
}

/** The select list of the activity counts over activity rows. */
export function activityCountsSql(): string {
  return [
    `count(*) FILTER (WHERE ${ACTIVITY_RULES.activities.sql('')})::int AS activities`,
    ...ACTIVITY_FORMS.map((f) => `count(*) FILTER (WHERE ${ACTIVITY_RULES[f].sql('')})::int AS form_${f}`),
  ].join(',\n       ');
}

/** The select list of enterprises visited over visit rows. */
export function visitCountsSql(): string {
  return `count(DISTINCT enterprise_code)::int AS enterprises_visited`;
}

/** Reads a row of `issueCountsSql` back. */
export function issueCountsFromSql(r: Record<string, unknown>): IssueCounts {
  const out = {} as IssueCounts;
  for (const k of ISSUE_COUNT_KEYS) out[k] = Number(r[column(k)] ?? 0);
  return out;
}

/** Reads a row of `activityCountsSql` (and `visitCountsSql`, when joined) back. */
export function activityCountsFromSql(r: Record<string, unknown>): Omit<ActivityCounts, 'enterprisesVisited'> {
  return {
    activities: Number(r.activities ?? 0),
    activitiesByForm: Object.fromEntries(ACTIVITY_FORMS.map((f) => [f, Number(r[`form_${f}`] ?? 0)])) as Record<ActivityForm, number>,
  };
}

// --- generated: TypeScript -------------------------------------------------------------------

/** What one issue snapshot counts for on `day` (each count 0 or 1). */
export function countIssue(row: CountedIssue, day: string): IssueCounts {
  const out = {} as IssueCounts;
  for (const k of ISSUE_COUNT_KEYS) out[k] = ISSUE_RULES[k].test(row, day) ? 1 : 0;
  return out;
}

/** What one activity counts for (enterprises visited aside). */
export function countActivity(row: CountedActivity): Omit<ActivityCounts, 'enterprisesVisited'> {
  return {
    activities: ACTIVITY_RULES.activities.test(row, '') ? 1 : 0,
    activitiesByForm: Object.fromEntries(ACTIVITY_FORMS.map((f) => [f, ACTIVITY_RULES[f].test(row, '') ? 1 : 0])) as Record<
      ActivityForm,
      number
    >,
  };
}

// --- sums ----------------------------------------------------------------------------------------

export function zeroCounts(): UnitCounts {
  return {
    enterprisesVisited: 0,
    activities: 0,
    activitiesByForm: Object.fromEntries(ACTIVITY_FORMS.map((f) => [f, 0])) as Record<ActivityForm, number>,
    issuesCollected: 0,
    issuesResolved: 0,
    rated: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    dissatisfied: 0,
    onTimeResolved: 0,
    resolvedWithDue: 0,
    openOverdue: 0,
  };
}

/** `into` += `add` × sign (each count, forms too). */
export function addCounts(into: UnitCounts, add: Partial<IssueCounts> & Partial<ActivityCounts>, sign = 1): UnitCounts {
  for (const k of ISSUE_COUNT_KEYS) into[k] += sign * (add[k] ?? 0);
  into.activities += sign * (add.activities ?? 0);
  into.enterprisesVisited += sign * (add.enterprisesVisited ?? 0);
  if (add.activitiesByForm) for (const f of ACTIVITY_FORMS) into.activitiesByForm[f] += sign * add.activitiesByForm[f];
  return into;
}

/** Sum the counts (then divide: never average rates). */
export function sumCounts(list: readonly UnitCounts[]): UnitCounts {
  const s = zeroCounts();
  for (const c of list) addCounts(s, c);
  return s;
}
