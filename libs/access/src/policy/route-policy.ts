import type { UserRole } from './principal';

/**
 * Where the unit that decides an officer's access comes from:
 * - `param`: a resource named in the path (its unit is looked up: an issue's responsible and
 *   collecting unit, an activity's or a notice's unit);
 * - `query` / `body`: a unit id the caller names (`?unitId=`, `{ unitId }`).
 */
export type TargetSpec =
  { from: 'param'; kind: 'issue' | 'activity' | 'notice'; param: string } | { from: 'query' | 'body'; kind: 'unit'; field: string };

export interface RouteRule {
  /** No authentication at all (health, feedback link, dashboard files). */
  public?: true;
  /** The roles that pass the gate. The domain's `system` actor (trust-headers mode only) passes every gate. */
  roles?: readonly UserRole[];
  /** An officer's scope on the target: `read` = own unit and the units below it, `write` = own unit only. */
  officer?: 'read' | 'write';
  target?: TargetSpec;
  /**
   * A list or report an officer may only see part of:
   * - `unit-filter`: the endpoint filters by `?unitId=`; an officer who names no unit gets their
   *   own unit's rows (the guard sets the filter), a unit below theirs on asking;
   * - `handler`: the handler narrows its rows itself with AccessScope (reports, rankings).
   */
  scopedList?: 'unit-filter' | 'handler';
}

const ALL: readonly UserRole[] = ['officer', 'supervisor', 'admin'];
const OFFICER: readonly UserRole[] = ['officer'];
const SUPERVISOR: readonly UserRole[] = ['supervisor'];
const ADMIN: readonly UserRole[] = ['admin'];
const OFFICER_SUPERVISOR: readonly UserRole[] = ['officer', 'supervisor'];

const PUBLIC: RouteRule = { public: true };
const issue = (officer: 'read' | 'write', roles: readonly UserRole[]): RouteRule => ({
  roles,
  officer,
  target: { from: 'param', kind: 'issue', param: 'id' },
});
const unitQuery: TargetSpec = { from: 'query', kind: 'unit', field: 'unitId' };
const unitBody: TargetSpec = { from: 'body', kind: 'unit', field: 'unitId' };

/**
 * WHO MAY DO WHAT, route by route (DESIGN §7 and docs/access.md). The guard looks every request's
 * route up here; a route missing from this table is refused (fail closed) and the permission
 * matrix test fails, so a new endpoint cannot slip through unlisted. A route may instead carry
 * @Public() or @Roles() on its handler, which take precedence.
 *
 * Keys are `METHOD /path/:param` as the router registers them; a key ending in `/*` matches
 * every path below it.
 */
export const ROUTE_POLICY: Readonly<Record<string, RouteRule>> = {
  // operations and public pages
  'GET /health': PUBLIC,
  'GET /health/*': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /': PUBLIC,
  'GET /workbench': PUBLIC,
  'GET /desk': PUBLIC,
  'GET /assets/*': PUBLIC,
  'GET /feedback/:token': PUBLIC,
  'POST /feedback/:token': PUBLIC,

  // signing in with a password (public; failures count against the address and the account)
  'POST /auth/login': PUBLIC,
  'POST /auth/logout': { roles: ALL },
  'POST /auth/password': { roles: ALL },
  'GET /admin': PUBLIC,

  // who am I; users, tokens and the access log (admin)
  'GET /me': { roles: ALL },
  'GET /users': { roles: ADMIN },
  'POST /users': { roles: ADMIN },
  'POST /users/:id/password': { roles: ADMIN },
  'POST /users/:id/assign': { roles: ADMIN },
  'POST /users/:id/disable': { roles: ADMIN },
  'POST /users/:id/enable': { roles: ADMIN },
  'POST /users/:id/tokens': { roles: ADMIN },
  'POST /tokens/:id/revoke': { roles: ADMIN },
  'GET /access-log': { roles: ADMIN },

  // reference data: every signed-in role reads it; admin writes it (any role registers an enterprise it meets)
  'GET /units': { roles: ALL },
  'GET /units/:id': { roles: ALL },
  'POST /units': { roles: ADMIN },
  'POST /units/:id/rename': { roles: ADMIN },
  'POST /units/:id/retire': { roles: ADMIN },
  'GET /enterprises': { roles: ALL },
  'GET /enterprises/:creditCode': { roles: ALL },
  'POST /enterprises': { roles: ALL },
  'GET /campaigns': { roles: ALL },
  'GET /campaigns/:id': { roles: ALL },
  'POST /campaigns': { roles: ADMIN },
  'POST /campaigns/:id/close': { roles: ADMIN },
  'GET /campaigns/:id/categories': { roles: ALL },
  'POST /campaigns/:id/categories': { roles: ADMIN },
  'GET /calendar': { roles: ALL },
  'POST /calendar': { roles: ADMIN },
  'POST /calendar/adjustments': { roles: ADMIN },

  // field work: an officer records for their own unit, reads their unit and the units below
  'POST /activities': { roles: OFFICER, officer: 'write', target: unitBody },
  'GET /activities': { roles: OFFICER_SUPERVISOR, officer: 'read', target: unitQuery, scopedList: 'unit-filter' },
  'GET /activities/:id': { roles: OFFICER_SUPERVISOR, officer: 'read', target: { from: 'param', kind: 'activity', param: 'id' } },

  // issues
  'POST /issues': { roles: OFFICER, officer: 'write', target: unitBody },
  'GET /issues': { roles: OFFICER_SUPERVISOR, officer: 'read', target: unitQuery, scopedList: 'unit-filter' },
  'GET /issues/:id': issue('read', OFFICER_SUPERVISOR),
  'GET /issues/:id/history': issue('read', OFFICER_SUPERVISOR),
  'POST /issues/:id/accept': issue('write', OFFICER),
  'POST /issues/:id/transfer': issue('write', OFFICER_SUPERVISOR),
  'POST /issues/:id/progress': issue('write', OFFICER),
  'POST /issues/:id/extend-deadline': { roles: SUPERVISOR },
  'POST /issues/:id/resolve': issue('write', OFFICER),
  'POST /issues/:id/feedback': issue('write', OFFICER),
  'POST /issues/:id/reopen': issue('write', OFFICER_SUPERVISOR),
  'POST /issues/:id/withdraw': issue('write', OFFICER),
  // requests to the supervision office and its decisions (issue #18)
  'POST /issues/:id/request-extension': issue('write', OFFICER),
  'POST /issues/:id/decide-extension': { roles: SUPERVISOR },
  'POST /issues/:id/decide-withdrawal': { roles: SUPERVISOR },
  'POST /issues/:id/review-resolution': { roles: SUPERVISOR },
  'GET /inbox': { roles: OFFICER_SUPERVISOR, officer: 'read', target: unitQuery, scopedList: 'unit-filter' },
  'GET /enterprises/:creditCode/issues': { roles: OFFICER_SUPERVISOR, officer: 'read', target: unitQuery, scopedList: 'unit-filter' },
  'GET /issues/:id/feedback-link': issue('write', OFFICER),

  // field evidence: an officer uploads, then names the file in a command; a file is read through its record
  'POST /attachments': { roles: OFFICER },
  'GET /issues/:id/attachments/:sha256': issue('read', OFFICER_SUPERVISOR),
  'GET /activities/:id/attachments/:sha256': {
    roles: OFFICER_SUPERVISOR,
    officer: 'read',
    target: { from: 'param', kind: 'activity', param: 'id' },
  },
  'GET /supervision-notices/:id/attachments/:sha256': {
    roles: OFFICER_SUPERVISOR,
    officer: 'read',
    target: { from: 'param', kind: 'notice', param: 'id' },
  },

  // reports, rankings, alerts: the supervision office sees all; an officer their unit and below
  'GET /campaigns/:id/report': { roles: OFFICER_SUPERVISOR, officer: 'read', target: unitQuery, scopedList: 'handler' },
  'GET /campaigns/:id/rankings': { roles: OFFICER_SUPERVISOR, officer: 'read', target: unitQuery, scopedList: 'handler' },
  'GET /alerts': { roles: OFFICER_SUPERVISOR, officer: 'read', target: unitQuery, scopedList: 'handler' },

  // supervision notices: issued and closed by the office, answered by the unit they name
  'POST /supervision-notices': { roles: SUPERVISOR },
  'GET /supervision-notices': { roles: OFFICER_SUPERVISOR, officer: 'read', target: unitQuery, scopedList: 'unit-filter' },
  'GET /supervision-notices/:id': {
    roles: OFFICER_SUPERVISOR,
    officer: 'read',
    target: { from: 'param', kind: 'notice', param: 'id' },
  },
  'POST /supervision-notices/:id/answer': { roles: OFFICER, officer: 'write', target: { from: 'param', kind: 'notice', param: 'id' } },
  'POST /supervision-notices/:id/close': { roles: SUPERVISOR },

  // the audit trail and the projections' status
  'GET /audit': { roles: SUPERVISOR },
  'GET /projections': { roles: ['supervisor', 'admin'] },
};

/** The rule for a request's route pattern, or undefined when the route is not listed. */
export function ruleFor(
  method: string,
  routePattern: string,
  table: Readonly<Record<string, RouteRule>> = ROUTE_POLICY,
): RouteRule | undefined {
  const path = routePattern.length > 1 ? routePattern.replace(/\/+$/, '') : routePattern;
  const key = `${method.toUpperCase()} ${path}`;
  if (table[key]) return table[key];
  for (const [pattern, rule] of Object.entries(table)) {
    if (!pattern.endsWith('/*')) continue;
    const prefix = pattern.slice(0, -1); // keeps the slash: 'GET /health/'
    if (key.startsWith(prefix)) return rule;
  }
  return undefined;
}
