import { randomUUID } from 'node:crypto';
import { FeedbackLinkService, ROUTE_POLICY, ruleFor } from '@banjie/access';
import { creditCodeCheckChar } from '@banjie/domain';
import { LaunchCampaignCommand, RegisterUnitCommand } from '@banjie/application';
import { describeEachBackend } from '../support/databases';
import { startAccessApp, type AccessApp } from '../support/access-app';
import {
  CAMPAIGN,
  CODE,
  UNITS,
  activityOf,
  issueAt,
  noticeTo,
  seedAccessWorld,
  type AccessWorld,
  type Caller,
  type IssueStage,
  type Relation,
} from '../support/access-fixtures';
import { listRoutes } from '../support/access-routes';
import { recordSecret } from '../support/secrets';

/**
 * THE PERMISSION MATRIX (docs/access.md): every route × caller (officer of unit P, supervisor,
 * admin, no token, revoked token) × the unit the target belongs to, seen from the officer
 * (own = P, child = C1 below P, other = Q), over HTTP against the real app — compared with the
 * table below, written by hand from DESIGN §1/§3 and issue 6, not derived from ROUTE_POLICY.
 *
 * 'ok' = access control let the request through AND it succeeded (2xx/3xx): every request is
 * built valid on a fresh fixture, so a domain rule cannot hide behind a 422. A route the router
 * serves but this table does not list fails the suite, so a new endpoint cannot slip through.
 */
type Outcome = 'ok' | 401 | 403 | 404;
type Built = { method: 'GET' | 'POST'; path: string; body?: object; multipart?: true };

interface Case {
  /** Role outcomes; for scoped cases the officer's is [own, child, other]. */
  officer: Outcome | [Outcome, Outcome, Outcome];
  supervisor: Outcome;
  admin: Outcome;
  /** Public: no token and a revoked token are fine too. */
  public?: true;
  /** Run once per unit relation (own, child, other); the builder gets the unit id. */
  scoped?: true;
  /** Problem codes that mean "access passed, the handler could not answer yet" (never a denial). */
  passedCodes?: string[];
  build(unitId: string, caller: Caller): Promise<Built>;
}

const MATRIX_PASSWORD = 'Matrix-pass-2023';
const OWN_CHILD_OTHER_READ: [Outcome, Outcome, Outcome] = ['ok', 'ok', 404];
const OWN_ONLY_WRITE: [Outcome, Outcome, Outcome] = ['ok', 403, 404];
const LIST_READ: [Outcome, Outcome, Outcome] = ['ok', 'ok', 403];
const OWN_BODY_WRITE: [Outcome, Outcome, Outcome] = ['ok', 403, 403];

describeEachBackend('access: permission matrix', (backend) => {
  let a: AccessApp;
  let w: AccessWorld;
  let seq = 0;
  beforeAll(async () => {
    // The matrix sends hundreds of revoked-token requests from one address on purpose; the
    // failed-sign-in budget (edge-rate-limits.e2e-spec.ts) would turn them into 429s.
    a = await startAccessApp(backend, { env: { RATE_LIMIT_AUTH_FAILURES: 'off' } });
    w = await seedAccessWorld(a);
  });
  afterAll(() => a?.close());

  const get = (path: string): Built => ({ method: 'GET', path });
  const post = (path: string, body: object = {}): Built => ({ method: 'POST', path, body });
  const issue = async (unitId: string, stage: IssueStage) => issueAt(a, unitId, stage);
  const freshUnit = async () => {
    const unitId = `u-${++seq}-${randomUUID().slice(0, 8)}`;
    await a.commandBus.execute(new RegisterUnitCommand({ unitId, name: `单位${seq}`, level: 'prefecture', region: '武汉市' }) as never);
    return unitId;
  };
  const freshCode = () => {
    const first17 = `91420100${String(100_000_000 + ++seq * 7919).slice(-9)}`;
    return first17 + creditCodeCheckChar(first17);
  };
  const freshLink = async (unitId: string) => {
    const issueId = await issue(unitId, 'resolved');
    const { token } = await a.app.get(FeedbackLinkService).linkFor(issueId);
    recordSecret(token, 'feedback link (matrix)');
    return token;
  };
  const other = (unitId: string) => (unitId === UNITS.other ? UNITS.own : UNITS.other);
  const freshAccount = () =>
    a.store.createUser({
      name: `account ${++seq}`,
      role: 'supervisor',
      account: `matrix${seq}`,
      password: MATRIX_PASSWORD,
      mustChangePassword: false,
    });

  const CASES: Record<string, Case> = {
    // public
    'GET /health': { public: true, officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/health') },
    'GET /health/live': { public: true, officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/health/live') },
    'GET /health/demo': { public: true, officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/health/demo') },
    'GET /health/ready': { public: true, officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/health/ready') },
    'GET /metrics': { public: true, officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/metrics') },
    'GET /': { public: true, officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/') },
    'GET /assets/*': { public: true, officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/assets/styles.css') },
    'GET /feedback/:token': {
      public: true,
      officer: 'ok',
      supervisor: 'ok',
      admin: 'ok',
      build: async () => get(`/feedback/${await freshLink(UNITS.own)}`),
    },
    'POST /feedback/:token': {
      public: true,
      officer: 'ok',
      supervisor: 'ok',
      admin: 'ok',
      build: async () => post(`/feedback/${await freshLink(UNITS.own)}`, { rating: 'satisfied' }),
    },

    // who am I; users and tokens
    'GET /me': { officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/me') },
    'GET /users': { officer: 403, supervisor: 403, admin: 'ok', build: async () => get('/users') },
    'POST /users': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => post('/users', { name: `officer ${++seq}`, role: 'officer', unitId: UNITS.own }),
    },
    'POST /users/:id/tokens': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () =>
        post(`/users/${(await a.store.createUser({ name: `u${++seq}`, role: 'supervisor' })).userId}/tokens`, { label: 'matrix' }),
    },
    'POST /users/:id/password': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => post(`/users/${(await freshAccount()).userId}/password`, { password: 'Reset-matrix-2023' }),
    },
    'POST /users/:id/assign': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => post(`/users/${(await freshAccount()).userId}/assign`, { role: 'supervisor' }),
    },
    'POST /users/:id/disable': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => post(`/users/${(await freshAccount()).userId}/disable`),
    },
    'POST /users/:id/enable': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => post(`/users/${(await freshAccount()).userId}/enable`),
    },
    'GET /access-log': { officer: 403, supervisor: 403, admin: 'ok', build: async () => get('/access-log') },
    // signing in: public; signing out ends a session (an API token answers 400 after access passed)
    'POST /auth/login': {
      public: true,
      officer: 'ok',
      supervisor: 'ok',
      admin: 'ok',
      build: async () => post('/auth/login', { account: (await freshAccount()).account!, password: MATRIX_PASSWORD }),
    },
    'POST /auth/logout': {
      officer: 'ok',
      supervisor: 'ok',
      admin: 'ok',
      passedCodes: ['AUTH.NOT_A_SESSION'],
      build: async () => post('/auth/logout'),
    },
    'POST /auth/password': {
      officer: 'ok',
      supervisor: 'ok',
      admin: 'ok',
      passedCodes: ['AUTH.NO_PASSWORD'],
      build: async () => post('/auth/password', { currentPassword: 'x', newPassword: 'y' }),
    },
    // field evidence: an officer uploads; a file is read through its record (404: this issue names no such file, after access passed)
    'POST /attachments': {
      officer: 'ok',
      supervisor: 403,
      admin: 403,
      passedCodes: ['ATTACHMENT.TYPE_NOT_ACCEPTED'],
      build: async () => ({ method: 'POST', path: '/attachments', multipart: true }),
    },
    'GET /issues/:id/attachments/:sha256': {
      scoped: true,
      officer: OWN_CHILD_OTHER_READ,
      supervisor: 'ok',
      admin: 403,
      passedCodes: ['ATTACHMENT.NOT_FOUND'],
      build: async (unitId) => get(`/issues/${await issue(unitId, 'pending')}/attachments/${'a'.repeat(64)}`),
    },
    'GET /activities/:id/attachments/:sha256': {
      scoped: true,
      officer: OWN_CHILD_OTHER_READ,
      supervisor: 'ok',
      admin: 403,
      passedCodes: ['ATTACHMENT.NOT_FOUND'],
      build: async (unitId) => get(`/activities/${await activityOf(a, unitId)}/attachments/${'a'.repeat(64)}`),
    },
    'GET /supervision-notices/:id/attachments/:sha256': {
      scoped: true,
      officer: OWN_CHILD_OTHER_READ,
      supervisor: 'ok',
      admin: 403,
      passedCodes: ['ATTACHMENT.NOT_FOUND'],
      build: async (unitId) => get(`/supervision-notices/${await noticeTo(a, unitId)}/attachments/${'a'.repeat(64)}`),
    },
    'GET /admin': { public: true, officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/admin') },
    'POST /tokens/:id/revoke': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => {
        const { token, info } = await a.store.createToken(w.userIds.admin, { label: 'to revoke' });
        recordSecret(token, 'token to revoke (matrix)');
        return post(`/tokens/${info.tokenId}/revoke`);
      },
    },

    // reference data
    'GET /units': { officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/units') },
    'GET /units/:id': { officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get(`/units/${UNITS.other}`) },
    'POST /units': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => post('/units', { name: `新单位${++seq}`, level: 'county', parentUnitId: UNITS.own, region: '天门市' }),
    },
    'POST /units/:id/rename': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => post(`/units/${await freshUnit()}/rename`, { name: `改名${++seq}` }),
    },
    'POST /units/:id/retire': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => post(`/units/${await freshUnit()}/retire`, { reason: '机构改革' }),
    },
    'GET /enterprises': { officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/enterprises?q=湖北') },
    'GET /enterprises/:creditCode': { officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get(`/enterprises/${CODE}`) },
    'POST /enterprises': {
      officer: 'ok',
      supervisor: 'ok',
      admin: 'ok',
      build: async () => post('/enterprises', { creditCode: freshCode(), name: `企业${seq}`, region: '天门市' }),
    },
    'GET /campaigns': { officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/campaigns') },
    'GET /campaigns/:id': { officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get(`/campaigns/${CAMPAIGN}`) },
    'POST /campaigns': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => post('/campaigns', { title: `活动${++seq}`, startsOn: '2023-05-01', endsOn: '2023-06-30' }),
    },
    'POST /campaigns/:id/close': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () => {
        const campaignId = `c-${++seq}-${randomUUID().slice(0, 8)}`;
        await a.commandBus.execute(
          new LaunchCampaignCommand({ campaignId, title: '临时活动', startsOn: '2023-05-01', endsOn: '2023-06-30' }) as never,
        );
        return post(`/campaigns/${campaignId}/close`, { reason: '结束' });
      },
    },
    'GET /campaigns/:id/categories': {
      officer: 'ok',
      supervisor: 'ok',
      admin: 'ok',
      build: async () => get(`/campaigns/${CAMPAIGN}/categories`),
    },
    'POST /campaigns/:id/categories': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      // a new list each time: the same list again would be no change (still 200)
      build: async () => post(`/campaigns/${CAMPAIGN}/categories`, { categories: ['行政审批', '工程款结算', `类别${++seq}`, '其他'] }),
    },
    'POST /calendar/adjustments': {
      officer: 403,
      supervisor: 403,
      admin: 'ok',
      build: async () =>
        post('/calendar/adjustments', {
          date: `2027-0${1 + (++seq % 9)}-${String(1 + (seq % 28)).padStart(2, '0')}`,
          isWorkday: false,
          name: '地方调休',
          sourceNotice: '鄂政办〔2026〕1号',
        }),
    },

    'GET /calendar': { officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/calendar?from=2023-06-20&workingDays=15') },

    // field work
    'POST /activities': {
      scoped: true,
      officer: OWN_BODY_WRITE,
      supervisor: 403,
      admin: 403,
      build: async (unitId) =>
        post('/activities', {
          campaignId: CAMPAIGN,
          unitId,
          form: 'door_to_door',
          heldOn: '2023-06-20',
          enterpriseCodes: [CODE],
          summary: '上门走访',
        }),
    },
    'GET /activities': {
      scoped: true,
      officer: LIST_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/activities?unitId=${unitId}`),
    },
    'GET /activities/:id': {
      scoped: true,
      officer: OWN_CHILD_OTHER_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/activities/${await activityOf(a, unitId)}`),
    },

    // issues
    'POST /issues': {
      scoped: true,
      officer: OWN_BODY_WRITE,
      supervisor: 403,
      admin: 403,
      build: async (unitId) =>
        post('/issues', {
          campaignId: CAMPAIGN,
          unitId,
          enterpriseCode: CODE,
          kind: 'problem',
          category: '行政审批',
          title: '施工许可办理慢',
          description: '材料多次退回',
        }),
    },
    'GET /issues': {
      scoped: true,
      officer: LIST_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/issues?unitId=${unitId}`),
    },
    'GET /issues/:id': {
      scoped: true,
      officer: OWN_CHILD_OTHER_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/issues/${await issue(unitId, 'pending')}`),
    },
    'GET /issues/:id/history': {
      scoped: true,
      officer: OWN_CHILD_OTHER_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/issues/${await issue(unitId, 'pending')}/history`),
    },
    'POST /issues/:id/accept': {
      scoped: true,
      officer: OWN_ONLY_WRITE,
      supervisor: 403,
      admin: 403,
      build: async (unitId) => post(`/issues/${await issue(unitId, 'pending')}/accept`, {}),
    },
    'POST /issues/:id/transfer': {
      scoped: true,
      officer: OWN_ONLY_WRITE,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) =>
        post(`/issues/${await issue(unitId, 'pending')}/transfer`, { toUnitId: other(unitId), reason: '属对方职责' }),
    },
    'POST /issues/:id/progress': {
      scoped: true,
      officer: OWN_ONLY_WRITE,
      supervisor: 403,
      admin: 403,
      build: async (unitId) => post(`/issues/${await issue(unitId, 'in_progress')}/progress`, { note: '已约谈建设单位' }),
    },
    'POST /issues/:id/extend-deadline': {
      scoped: true,
      officer: 403,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) =>
        post(`/issues/${await issue(unitId, 'in_progress')}/extend-deadline`, { dueOn: '2023-07-14', reason: '需协调多部门' }),
    },
    'POST /issues/:id/resolve': {
      scoped: true,
      officer: OWN_ONLY_WRITE,
      supervisor: 403,
      admin: 403,
      build: async (unitId) => post(`/issues/${await issue(unitId, 'in_progress')}/resolve`, { resolution: '已办结' }),
    },
    'POST /issues/:id/feedback': {
      scoped: true,
      officer: OWN_ONLY_WRITE,
      supervisor: 403,
      admin: 403,
      build: async (unitId) => post(`/issues/${await issue(unitId, 'resolved')}/feedback`, { rating: 'satisfied', channel: 'callback' }),
    },
    'POST /issues/:id/reopen': {
      scoped: true,
      officer: OWN_ONLY_WRITE,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => post(`/issues/${await issue(unitId, 'rated_dissatisfied')}/reopen`, { reason: '企业不满意' }),
    },
    'POST /issues/:id/withdraw': {
      scoped: true,
      officer: OWN_ONLY_WRITE,
      supervisor: 403,
      admin: 403,
      build: async (unitId) => post(`/issues/${await issue(unitId, 'pending')}/withdraw`, { reason: '重复反映' }),
    },
    // requests to the supervision office and its decisions (issue #18)
    'POST /issues/:id/request-extension': {
      scoped: true,
      officer: OWN_ONLY_WRITE,
      supervisor: 403,
      admin: 403,
      build: async (unitId) =>
        post(`/issues/${await issue(unitId, 'in_progress')}/request-extension`, { dueOn: '2023-07-14', reason: '需协调多部门' }),
    },
    'POST /issues/:id/decide-extension': {
      scoped: true,
      officer: 403,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => post(`/issues/${await issue(unitId, 'extension_requested')}/decide-extension`, { approve: true }),
    },
    'POST /issues/:id/decide-withdrawal': {
      scoped: true,
      officer: 403,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) =>
        post(`/issues/${await issue(unitId, 'withdrawal_requested')}/decide-withdrawal`, { approve: false, reason: '属于受理范围' }),
    },
    'POST /issues/:id/review-resolution': {
      scoped: true,
      officer: 403,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => post(`/issues/${await issue(unitId, 'resolution_submitted')}/review-resolution`, { accept: true }),
    },
    'GET /inbox': {
      scoped: true,
      officer: LIST_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/inbox?unitId=${unitId}`),
    },
    'GET /enterprises/:creditCode/issues': {
      scoped: true,
      officer: LIST_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/enterprises/${CODE}/issues?unitId=${unitId}`),
    },
    'GET /issues/:id/feedback-link': {
      scoped: true,
      officer: OWN_ONLY_WRITE,
      supervisor: 403,
      admin: 403,
      build: async (unitId) => get(`/issues/${await issue(unitId, 'resolved')}/feedback-link`),
    },

    // supervision notices and the audit trail
    'POST /supervision-notices': {
      scoped: true,
      officer: 403,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) =>
        post('/supervision-notices', { campaignId: CAMPAIGN, unitId, issueIds: [], reason: '办结率偏低', level: 'yellow' }),
    },
    'GET /supervision-notices': {
      scoped: true,
      officer: LIST_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/supervision-notices?unitId=${unitId}`),
    },
    'GET /supervision-notices/:id': {
      scoped: true,
      officer: OWN_CHILD_OTHER_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/supervision-notices/${await noticeTo(a, unitId)}`),
    },
    'POST /supervision-notices/:id/answer': {
      scoped: true,
      officer: OWN_ONLY_WRITE,
      supervisor: 403,
      admin: 403,
      build: async (unitId) => post(`/supervision-notices/${await noticeTo(a, unitId)}/answer`, { response: '已整改' }),
    },
    'POST /supervision-notices/:id/close': {
      scoped: true,
      officer: 403,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => post(`/supervision-notices/${await noticeTo(a, unitId)}/close`, { outcome: '已整改到位' }),
    },
    'GET /audit': { officer: 403, supervisor: 'ok', admin: 403, build: async () => get('/audit') },

    // alerts and rankings: the supervision office sees all, an officer their unit and below
    'GET /alerts': {
      scoped: true,
      officer: LIST_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/alerts?campaignId=${CAMPAIGN}&unitId=${unitId}`),
    },
    'GET /campaigns/:id/rankings': {
      scoped: true,
      officer: LIST_READ,
      supervisor: 'ok',
      admin: 403,
      build: async (unitId) => get(`/campaigns/${CAMPAIGN}/rankings?unitId=${unitId}`),
    },

    // pages, reports, projections' status
    'GET /workbench': { public: true, officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/workbench') },
    'GET /desk': { public: true, officer: 'ok', supervisor: 'ok', admin: 'ok', build: async () => get('/desk') },
    // without the worker the statistics projection is not built: 503 PROJECTION.NOT_READY after access passed
    'GET /campaigns/:id/report': {
      scoped: true,
      officer: LIST_READ,
      supervisor: 'ok',
      admin: 403,
      passedCodes: ['PROJECTION.NOT_READY'],
      build: async (unitId) => get(`/campaigns/${CAMPAIGN}/report?asOf=2023-06-21&unitId=${unitId}`),
    },
    'GET /projections': { officer: 403, supervisor: 'ok', admin: 'ok', build: async () => get('/projections') },
  };
  /** Rows written ahead of their routes (DESIGN §7): absent from the router is fine for these only. */
  const PLANNED: string[] = [];

  it('lists every route the router serves, in both ROUTE_POLICY and this table', () => {
    const routes = listRoutes(a.app);
    expect(routes.length).toBeGreaterThan(40);
    const unlisted = routes.filter((r) => !ruleFor(r.split(' ')[0], r.split(' ')[1]));
    const untested = routes.filter((r) => !CASES[r]);
    expect({ unlistedInPolicy: unlisted, missingFromMatrix: untested }).toEqual({ unlistedInPolicy: [], missingFromMatrix: [] });
    // and nothing in the table that the router does not serve (a renamed route)
    expect(Object.keys(CASES).filter((k) => !routes.includes(k) && !PLANNED.includes(k))).toEqual([]);
  });

  // One test per route: each gets the whole test timeout on a busy machine, and a failure names its route.
  it.each(Object.keys(CASES))('0 unexpected allows, 0 unexpected denials: %s', async (route) => {
    const c = CASES[route];
    const mismatches: string[] = [];
    let checked = 0;
    const relations: (Relation | '-')[] = c.scoped ? ['own', 'child', 'other'] : ['-'];
    for (const caller of w.callers) {
      for (const relation of relations) {
        if ((caller.name === 'none' || caller.name === 'revoked') && relation !== 'own' && relation !== '-') continue;
        const expected = expectedOf(c, caller, relation);
        const built = await c.build(relation === '-' ? UNITS.own : UNITS[relation], caller);
        const t =
          built.method === 'GET'
            ? a.get(built.path, caller.token)
            : built.multipart
              ? a.post(built.path, undefined, caller.token).attach('file', Buffer.from('not a photo'), 'x.txt')
              : a.post(built.path, built.body, caller.token);
        const r = await t;
        const got = c.passedCodes?.includes(r.body?.code) ? 'ok' : outcomeOf(r.status);
        checked++;
        if (got !== expected) {
          const kind = expected === 'ok' ? 'UNEXPECTED DENIAL' : got === 'ok' ? 'UNEXPECTED ALLOW' : 'WRONG DENIAL';
          mismatches.push(
            `${kind}: ${route} as ${caller.name}${relation === '-' ? '' : ` on ${relation} unit`} → ${r.status} ${r.body?.code ?? ''} (expected ${expected}) ${built.method} ${built.path}`,
          );
        }
        if (r.status >= 400) expect(r.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(checked).toBeGreaterThanOrEqual(w.callers.length);
    expect(mismatches).toEqual([]);
  });
});

describeEachBackend('access: lists show only what the caller may see', (backend) => {
  let a: AccessApp;
  let w: AccessWorld;
  beforeAll(async () => {
    a = await startAccessApp(backend);
    w = await seedAccessWorld(a);
    for (const unitId of Object.values(UNITS)) {
      await issueAt(a, unitId, 'pending');
      await activityOf(a, unitId);
      await noticeTo(a, unitId);
    }
  });
  afterAll(() => a?.close());

  const unitsIn = (body: { items?: { responsibleUnitId?: string; unitId?: string }[] }) =>
    [...new Set((body.items ?? []).map((i) => i.responsibleUnitId ?? i.unitId))].sort();

  it.each([
    ['/issues', 'issues'],
    ['/activities', 'activities'],
    ['/supervision-notices', 'notices'],
  ])('%s: an officer gets their own unit unasked, a unit below on asking; the office gets all', async (path) => {
    const own = await a.get(path, w.tokens.officer);
    expect(own.status).toBe(200);
    expect(unitsIn(own.body)).toEqual([UNITS.own]);
    const child = await a.get(`${path}?unitId=${UNITS.child}`, w.tokens.officer);
    expect(unitsIn(child.body)).toEqual([UNITS.child]);
    expect((await a.get(`${path}?unitId=${UNITS.other}`, w.tokens.officer)).status).toBe(403);
    // a county officer never sees its parent's rows
    expect(unitsIn((await a.get(path, w.tokens.childOfficer)).body)).toEqual([UNITS.child]);
    expect((await a.get(`${path}?unitId=${UNITS.own}`, w.tokens.childOfficer)).status).toBe(403);
    const all = await a.get(path, w.tokens.supervisor);
    expect(unitsIn(all.body)).toEqual(expect.arrayContaining(Object.values(UNITS).sort()));
  });
});

function expectedOf(c: Case, caller: Caller, relation: Relation | '-'): Outcome | string {
  if (c.public) return 'ok';
  if (caller.name === 'none' || caller.name === 'revoked') return 401;
  const o = c[caller.name];
  if (!Array.isArray(o)) return o;
  return o[relation === 'child' ? 1 : relation === 'other' ? 2 : 0];
}

function outcomeOf(status: number): Outcome | string {
  if (status === 401 || status === 403 || status === 404) return status;
  if (status >= 200 && status < 400) return 'ok';
  return `status ${status}`;
}

// The table covers every route ROUTE_POLICY knows that the router serves; routes listed in the policy
// for endpoints still to come (reports, alerts, projections, workbench) join the table when they exist.
void ROUTE_POLICY;
