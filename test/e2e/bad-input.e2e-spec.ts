import { randomUUID } from 'node:crypto';
import { signFeedbackLink } from '@banjie/access';
import { describeEachBackend } from '../support/databases';
import { startWorkflowApp, type WorkflowApp } from '../support/workflow-app';
import { ADMIN, CODE, OFFICER_A, OFFICER_B, SUPERVISOR, collect, http, seedWorkflow } from '../support/workflow-fixtures';

type Case = {
  name: string;
  url: string;
  body?: unknown;
  /** Sent as is (malformed JSON etc.). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  /** A second acceptable status (access control may hide what the domain would refuse). */
  alsoStatus?: number;
  code?: string;
};

const issue = {
  campaignId: 'c1',
  unitId: 'u-a',
  enterpriseCode: CODE,
  kind: 'problem',
  category: '行政审批',
  title: '标题',
  description: '描述',
};
const unit = { name: '单位', level: 'prefecture', region: '湖北' };
const activity = { campaignId: 'c1', unitId: 'u-a', form: 'symposium', heldOn: '2023-06-20', enterpriseCodes: [CODE], summary: '座谈会' };
const big = 'x'.repeat(4001);
const deep = (levels: number) => '{"title":' + '['.repeat(levels) + '1' + ']'.repeat(levels) + '}';
const long = 'a'.repeat(600);

/**
 * `P` = a pending issue of u-a, `R` = resolved, `W` = withdrawn (filled in before the cases run);
 * `TOKEN` = R's feedback link, `ABSURD` = a link signed with the app's own key whose expiry is absurd.
 */
const cases: Case[] = [
  // malformed bodies and media types
  { name: 'malformed JSON', url: '/issues', raw: '{"campaignId": ', status: 400, code: 'REQUEST.MALFORMED_JSON' },
  { name: 'JSON with a trailing comma', url: '/units', raw: '{"name":"a",}', status: 400, code: 'REQUEST.MALFORMED_JSON' },
  { name: 'empty JSON body', url: '/issues/P/resolve', raw: '', status: 400 },
  {
    name: 'text/plain body',
    url: '/issues/P/resolve',
    raw: 'resolution=done',
    contentType: 'text/plain',
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  },
  { name: 'form-encoded body', url: '/units', raw: 'name=a', contentType: 'application/x-www-form-urlencoded', status: 415 },
  { name: 'xml body', url: '/units', raw: '<unit/>', contentType: 'application/xml', status: 415 },
  { name: 'JSON array instead of object', url: '/units', body: [unit], status: 400 },
  { name: 'JSON string instead of object', url: '/issues/P/resolve', raw: '"done"', status: 400 },
  { name: 'JSON null body', url: '/issues/P/resolve', raw: 'null', status: 400 },
  // accept's fields are all optional: a null or array body must still be refused, not accepted
  { name: 'JSON null body on accept', url: '/issues/P/accept', raw: 'null', status: 400, code: 'REQUEST.BODY_NOT_OBJECT' },
  { name: 'JSON array body on accept', url: '/issues/P/accept', raw: '[]', status: 400, code: 'REQUEST.BODY_NOT_OBJECT' },
  {
    name: '__proto__ pollution attempt',
    url: '/units',
    raw: '{"name":"a","level":"county","region":"r","__proto__":{"admin":true}}',
    status: 400,
  },
  // missing fields, wrong types, unknown fields
  { name: 'missing every field', url: '/issues', body: {}, status: 400, code: 'REQUEST.INVALID' },
  { name: 'missing description', url: '/issues', body: { ...issue, description: undefined }, status: 400, code: 'REQUEST.INVALID' },
  { name: 'number for title', url: '/issues', body: { ...issue, title: 42 }, status: 400, code: 'REQUEST.INVALID' },
  { name: 'array for category', url: '/issues', body: { ...issue, category: ['a'] }, status: 400 },
  { name: 'unknown kind', url: '/issues', body: { ...issue, kind: 'complaint' }, status: 400 },
  { name: 'unknown field', url: '/issues', body: { ...issue, priority: 'high' }, status: 400, code: 'REQUEST.INVALID' },
  { name: 'unknown field on a transition', url: '/issues/P/resolve', body: { resolution: 'ok', state: 'resolved' }, status: 400 },
  { name: 'blank resolution', url: '/issues/P/resolve', body: { resolution: '   ' }, status: 400 },
  { name: 'boolean as reason', url: '/issues/P/withdraw', body: { reason: true }, status: 400 },
  { name: 'unknown unit level', url: '/units', body: { ...unit, level: 'province' }, status: 400 },
  { name: 'id with spaces', url: '/units', body: { ...unit, id: 'a b' }, status: 400 },
  { name: 'id too long', url: '/units', body: { ...unit, id: 'a'.repeat(101) }, status: 400 },
  {
    name: 'string for isWorkday',
    url: '/calendar/adjustments',
    body: { date: '2027-01-01', isWorkday: 'no', name: 'n', sourceNotice: 's' },
    headers: ADMIN,
    status: 400,
  },
  {
    name: 'rate above 1',
    url: '/campaigns',
    body: { title: 't', startsOn: '2023-05-01', endsOn: '2023-06-30', targets: { completionRate: 90 } },
    headers: ADMIN,
    status: 400,
  },
  {
    name: 'sla as a string',
    url: '/campaigns',
    body: { title: 't', startsOn: '2023-05-01', endsOn: '2023-06-30', sla: 'fast' },
    headers: ADMIN,
    status: 400,
  },
  {
    name: 'unknown nested setting',
    url: '/campaigns',
    body: { title: 't', startsOn: '2023-05-01', endsOn: '2023-06-30', sla: { hurry: 1 } },
    headers: ADMIN,
    status: 400,
  },
  // dates and times
  {
    name: 'impossible date',
    url: '/campaigns',
    body: { title: 't', startsOn: '2023-02-30', endsOn: '2023-06-30' },
    headers: ADMIN,
    status: 400,
  },
  {
    name: 'campaign ends before it starts',
    url: '/campaigns',
    body: { title: 't', startsOn: '2023-06-30', endsOn: '2023-05-01' },
    headers: ADMIN,
    status: 422,
    code: 'CAMPAIGN.PERIOD_INVALID',
  },
  { name: 'occurredAt without offset', url: '/issues/P/resolve', body: { resolution: 'ok', occurredAt: '2023-06-20 10:00' }, status: 400 },
  {
    name: 'occurredAt in the future',
    url: '/issues/P/resolve',
    body: { resolution: 'ok', occurredAt: '2030-01-01T00:00:00Z' },
    headers: OFFICER_A,
    status: 422,
    code: 'COMMON.OCCURRED_IN_FUTURE',
  },
  {
    name: 'activity held in the future',
    url: '/activities',
    body: { ...activity, heldOn: '2023-06-28' },
    headers: OFFICER_A,
    status: 422,
    code: 'ACTIVITY.HELD_IN_FUTURE',
  },
  {
    name: 'due date before acceptance',
    url: '/issues/P/accept',
    body: { dueOn: '2023-06-01' },
    headers: OFFICER_A,
    status: 422,
    code: 'ISSUE.DUE_DATE_INVALID',
  },
  // credit codes
  {
    name: 'credit code with a wrong check character',
    url: '/enterprises',
    body: { creditCode: '91350100M000100Y4Z', name: 'n', region: 'r' },
    status: 400,
  },
  {
    name: 'credit code with a forbidden letter',
    url: '/enterprises',
    body: { creditCode: '91350100M000100I43', name: 'n', region: 'r' },
    status: 400,
  },
  { name: 'credit code too short', url: '/enterprises', body: { creditCode: '9135010', name: 'n', region: 'r' }, status: 400 },
  { name: 'credit code as a number', url: '/enterprises', body: { creditCode: 913501001, name: 'n', region: 'r' }, status: 400 },
  {
    name: 'activity with an invalid code',
    url: '/activities',
    body: { ...activity, enterpriseCodes: ['91350100M000100Y4Z'] },
    headers: OFFICER_A,
    status: 400,
  },
  {
    name: 'activity with an unregistered enterprise',
    url: '/activities',
    body: { ...activity, enterpriseCodes: ['91110000600037341L'] },
    headers: OFFICER_A,
    status: 404,
    code: 'ENTERPRISE.NOT_FOUND',
  },
  { name: 'activity with no enterprises', url: '/activities', body: { ...activity, enterpriseCodes: [] }, headers: OFFICER_A, status: 400 },
  // unknown ids
  { name: 'unknown issue', url: '/issues/no-such-issue/resolve', body: { resolution: 'ok' }, status: 404, code: 'ISSUE.NOT_FOUND' },
  {
    name: 'unknown campaign',
    url: '/issues',
    body: { ...issue, campaignId: 'no-campaign' },
    headers: OFFICER_A,
    status: 404,
    code: 'CAMPAIGN.NOT_FOUND',
  },
  { name: 'unknown unit', url: '/issues', body: { ...issue, unitId: 'no-unit' }, status: 404, code: 'UNIT.NOT_FOUND' },
  {
    name: 'unregistered enterprise',
    url: '/issues',
    body: { ...issue, enterpriseCode: '91110000600037341L' },
    headers: OFFICER_A,
    status: 404,
    code: 'ENTERPRISE.NOT_FOUND',
  },
  {
    name: 'transfer to an unknown unit',
    url: '/issues/P/transfer',
    body: { toUnitId: 'nowhere', reason: 'r' },
    headers: OFFICER_A,
    status: 404,
    code: 'UNIT.NOT_FOUND',
  },
  {
    name: 'unknown parent unit',
    url: '/units',
    body: { ...unit, level: 'county', parentUnitId: 'nowhere' },
    headers: ADMIN,
    status: 404,
    code: 'UNIT.NOT_FOUND',
  },
  { name: 'unknown notice', url: '/supervision-notices/none/close', body: { outcome: 'o' }, headers: SUPERVISOR, status: 404 },
  {
    name: 'path id with a quote',
    url: `/issues/${encodeURIComponent("x'--")}/resolve`,
    body: { resolution: 'ok' },
    status: 400,
    code: 'REQUEST.ID_INVALID',
  },
  { name: 'unknown route', url: '/issues/P/approve', body: {}, status: 404 },
  // illegal transitions and rules
  {
    name: 'feedback on a pending issue',
    url: '/issues/P/feedback',
    body: { rating: 'satisfied', channel: 'callback' },
    headers: OFFICER_A,
    status: 422,
    code: 'ISSUE.NOT_RESOLVED',
  },
  {
    name: 'progress on a pending issue',
    url: '/issues/P/progress',
    body: { note: 'n' },
    headers: OFFICER_A,
    status: 422,
    code: 'ISSUE.NOT_IN_PROGRESS',
  },
  {
    name: 'resolve a resolved issue',
    url: '/issues/R/resolve',
    body: { resolution: 'again' },
    headers: OFFICER_A,
    status: 422,
    code: 'ISSUE.NOT_OPEN',
  },
  { name: 'accept a withdrawn issue', url: '/issues/W/accept', body: {}, headers: OFFICER_A, status: 422, code: 'ISSUE.WITHDRAWN' },
  {
    name: 'reopen a pending issue',
    url: '/issues/P/reopen',
    body: { reason: 'r' },
    headers: SUPERVISOR,
    status: 422,
    code: 'ISSUE.NOT_RESOLVED',
  },
  {
    name: 'transfer to the same unit',
    url: '/issues/P/transfer',
    body: { toUnitId: 'u-a', reason: 'r' },
    headers: OFFICER_A,
    status: 422,
    code: 'ISSUE.SAME_UNIT',
  },
  // 403 from the domain, or 404 when access control hides another unit's issue
  { name: 'another unit resolves', url: '/issues/P/resolve', body: { resolution: 'ok' }, headers: OFFICER_B, status: 403, alsoStatus: 404 },
  {
    name: 'an officer extends a deadline',
    url: '/issues/P/extend-deadline',
    body: { dueOn: '2023-08-01', reason: 'r' },
    headers: OFFICER_A,
    status: 403,
  },
  {
    name: 'an officer launches a campaign',
    url: '/campaigns',
    body: { title: 't', startsOn: '2023-05-01', endsOn: '2023-06-30' },
    headers: OFFICER_A,
    status: 403,
  },
  {
    name: 'register an existing enterprise with another name',
    url: '/enterprises',
    body: { creditCode: CODE, name: '别名', region: 'r' },
    status: 422,
    code: 'ENTERPRISE.ALREADY_EXISTS',
  },
  // oversize text
  { name: 'oversize description', url: '/issues', body: { ...issue, description: big }, status: 400 },
  { name: 'oversize title', url: '/issues', body: { ...issue, title: 'x'.repeat(201) }, status: 400 },
  { name: 'oversize unit name', url: '/units', body: { ...unit, name: 'x'.repeat(101) }, status: 400 },
  { name: 'body over 1 MB', url: '/issues/P/resolve', raw: JSON.stringify({ resolution: 'x'.repeat(1_100_000) }), status: 413 },
  // headers
  {
    name: 'If-Match not a version',
    url: '/issues/P/resolve',
    body: { resolution: 'ok' },
    headers: { 'if-match': 'abc' },
    status: 400,
    code: 'REQUEST.IF_MATCH_INVALID',
  },
  {
    name: 'If-Match negative',
    url: '/issues/P/resolve',
    body: { resolution: 'ok' },
    headers: { 'if-match': '"-1"' },
    status: 400,
    code: 'REQUEST.IF_MATCH_INVALID',
  },
  {
    name: 'stale If-Match',
    url: '/issues/P/resolve',
    body: { resolution: 'ok' },
    headers: { ...OFFICER_A, 'if-match': '"7"' },
    status: 412,
    code: 'STREAM.PRECONDITION_FAILED',
  },
  { name: 'unknown role', url: '/issues/P/resolve', body: { resolution: 'ok' }, headers: { 'x-role': 'emperor' }, status: 400 },
  { name: 'actor with spaces', url: '/issues/P/resolve', body: { resolution: 'ok' }, headers: { 'x-actor': 'a b' }, status: 400 },
  {
    name: 'idempotency key too long',
    url: '/issues/P/resolve',
    body: { resolution: 'ok' },
    headers: { 'idempotency-key': 'k'.repeat(201) },
    status: 400,
    code: 'IDEMPOTENCY.KEY_INVALID',
  },
  {
    name: 'idempotency key with spaces',
    url: '/issues/P/resolve',
    body: { resolution: 'ok' },
    headers: { 'idempotency-key': 'a b' },
    status: 400,
    code: 'IDEMPOTENCY.KEY_INVALID',
  },
  // queries
  { name: 'GET list with an unknown filter', url: 'GET /issues?color=red', status: 400 },
  { name: 'GET list with a bad page', url: 'GET /issues?page=-1', status: 400 },
  { name: 'GET list with a bad overdue', url: 'GET /issues?overdue=maybe', status: 400 },
  { name: 'GET unknown enterprise', url: 'GET /enterprises/91350100M000100Y44', status: 404 },
  { name: 'GET a malformed credit code', url: 'GET /enterprises/hello', status: 400 },
  // the edge's input rule (issue #17): NUL, unpaired surrogates, caps, nesting — before anything reads the store
  { name: 'NUL as a path id', url: 'GET /issues/%00', status: 400, code: 'REQUEST.NUL_CHARACTER' },
  { name: 'NUL as the id of a history', url: 'GET /issues/%00/history', headers: SUPERVISOR, status: 400, code: 'REQUEST.NUL_CHARACTER' },
  { name: 'NUL as a campaign of a report', url: 'GET /campaigns/%00/report', status: 400, code: 'REQUEST.NUL_CHARACTER' },
  { name: 'NUL as a campaign of rankings', url: 'GET /campaigns/%00/rankings', status: 400, code: 'REQUEST.NUL_CHARACTER' },
  { name: 'NUL in a search', url: 'GET /enterprises?q=%00', status: 400, code: 'REQUEST.NUL_CHARACTER' },
  { name: 'NUL in a unit filter', url: 'GET /issues?unitId=%00', status: 400, code: 'REQUEST.NUL_CHARACTER' },
  { name: 'NUL in an alert filter', url: 'GET /alerts?unitId=%00', status: 400, code: 'REQUEST.NUL_CHARACTER' },
  { name: 'NUL in an audit actor', url: 'GET /audit?actor=%00', headers: SUPERVISOR, status: 400, code: 'REQUEST.NUL_CHARACTER' },
  {
    name: 'NUL in a command path id',
    url: `/issues/a%00b/resolve`,
    body: { resolution: 'ok' },
    status: 400,
    code: 'REQUEST.NUL_CHARACTER',
  },
  { name: 'NUL in a feedback token', url: 'GET /feedback/fb1.%00', status: 400, code: 'REQUEST.NUL_CHARACTER' },
  { name: 'NUL in a text field', url: '/issues', body: { ...issue, title: 'a\u0000b' }, status: 400, code: 'REQUEST.NUL_CHARACTER' },
  {
    name: 'NUL in a JSON key',
    url: '/issues/P/resolve',
    raw: '{"resolution":"ok","a\\u0000":1}',
    status: 400,
    code: 'REQUEST.NUL_CHARACTER',
  },
  {
    name: 'NUL in a nested value',
    url: '/campaigns',
    body: { title: 't', startsOn: '2023-05-01', endsOn: '2023-06-30', sla: { x: '\u0000' } },
    headers: ADMIN,
    status: 400,
    code: 'REQUEST.NUL_CHARACTER',
  },
  {
    name: 'lone high surrogate in a text field',
    url: '/issues',
    body: { ...issue, description: 'x\ud800' },
    status: 400,
    code: 'REQUEST.UNPAIRED_SURROGATE',
  },
  {
    name: 'lone low surrogate in a text field',
    url: '/issues/P/resolve',
    raw: '{"resolution":"\\udc00ok"}',
    status: 400,
    code: 'REQUEST.UNPAIRED_SURROGATE',
  },
  {
    name: 'lone surrogate in a feedback comment',
    url: '/feedback/TOKEN',
    body: { rating: 'satisfied', comment: '\ud83d' },
    status: 400,
    code: 'REQUEST.UNPAIRED_SURROGATE',
  },
  { name: 'JSON nested 5,000 levels', url: '/issues', raw: deep(5000), status: 400, code: 'REQUEST.TOO_DEEP' },
  { name: 'JSON nested 33 levels', url: '/issues/P/resolve', raw: deep(33), status: 400, code: 'REQUEST.TOO_DEEP' },
  {
    name: 'JSON with 20,000 values',
    url: '/issues/P/resolve',
    raw: JSON.stringify({ resolution: 'ok', n: new Array(20_000).fill(0) }),
    status: 400,
    code: 'REQUEST.TOO_MANY_VALUES',
  },
  {
    name: 'a body string over 10,000 characters',
    url: '/units',
    body: { ...unit, name: 'x'.repeat(10_001) },
    headers: ADMIN,
    status: 400,
    code: 'REQUEST.TOO_LONG',
  },
  { name: 'a query value over 1,000 characters', url: `GET /enterprises?q=${'x'.repeat(1001)}`, status: 400, code: 'REQUEST.TOO_LONG' },
  { name: 'a header over 8 KB', url: 'GET /units', headers: { 'x-note': 'x'.repeat(8193) }, status: 400, code: 'REQUEST.TOO_LONG' },
  { name: 'a path parameter over 512 characters (GET)', url: `GET /issues/${long}`, status: 414, code: 'REQUEST.PATH_PARAMETER_TOO_LONG' },
  {
    name: 'a path parameter over 512 characters (POST)',
    url: `/issues/${long}/resolve`,
    body: { resolution: 'ok' },
    status: 414,
    code: 'REQUEST.PATH_PARAMETER_TOO_LONG',
  },
  { name: 'a malformed asset path', url: 'GET /assets/%E0%A4%A', status: 400, code: 'REQUEST.BAD_URL' },
  { name: 'a malformed percent escape', url: 'GET /issues/%zz', status: 400, code: 'REQUEST.BAD_URL' },
  // numeric bounds
  {
    name: 'audit cursor beyond bigint',
    url: 'GET /audit?before=99999999999999999999',
    headers: SUPERVISOR,
    status: 400,
    code: 'REQUEST.INVALID',
  },
  { name: 'audit page beyond bounds', url: 'GET /audit?page=1e309', headers: SUPERVISOR, status: 400, code: 'REQUEST.INVALID' },
  { name: 'alert limit beyond bounds', url: 'GET /alerts?limit=99999999999999999999', status: 400, code: 'REQUEST.INVALID' },
  {
    name: 'a huge number in a body',
    url: '/campaigns',
    raw: '{"title":"t","startsOn":"2023-05-01","endsOn":"2023-06-30","targets":{"completionRate":1e400}}',
    headers: ADMIN,
    status: 400,
    code: 'REQUEST.INVALID',
  },
  { name: 'page beyond bounds', url: 'GET /units?page=99999999999999999999', status: 400, code: 'REQUEST.INVALID' },
  // strict calendar dates and instants
  { name: 'rankings as of month 13', url: 'GET /campaigns/c1/rankings?asOf=2023-13-01', status: 400, code: 'REQUEST.INVALID' },
  { name: 'rankings as of February 30', url: 'GET /campaigns/c1/rankings?asOf=2023-02-30', status: 400, code: 'REQUEST.INVALID' },
  { name: 'report as of February 30', url: 'GET /campaigns/c1/report?asOf=2023-02-30', status: 400, code: 'REQUEST.INVALID' },
  {
    name: 'report known at February 30',
    url: 'GET /campaigns/c1/report?knownAt=2023-02-30T10:00:00Z',
    status: 400,
    code: 'REQUEST.INVALID',
  },
  { name: 'report known at hour 25', url: 'GET /campaigns/c1/report?knownAt=2023-06-01T25:00:00Z', status: 400, code: 'REQUEST.INVALID' },
  { name: 'audit from February 30', url: 'GET /audit?from=2023-02-30', headers: SUPERVISOR, status: 400, code: 'REQUEST.INVALID' },
  {
    name: 'audit to an instant without offset',
    url: 'GET /audit?to=2023-06-01T10:00',
    headers: SUPERVISOR,
    status: 400,
    code: 'REQUEST.INVALID',
  },
  { name: 'working days from February 29 of a common year', url: 'GET /calendar?from=2023-02-29', status: 400, code: 'REQUEST.INVALID' },
  {
    name: 'occurredAt on February 30',
    url: '/issues/P/resolve',
    body: { resolution: 'ok', occurredAt: '2023-02-30T10:00:00+08:00' },
    status: 400,
    code: 'REQUEST.INVALID',
  },
  {
    name: 'occurredAt with a minute 60',
    url: '/issues/P/resolve',
    body: { resolution: 'ok', occurredAt: '2023-06-20T10:60:00+08:00' },
    status: 400,
    code: 'REQUEST.INVALID',
  },
  {
    name: 'token expiring on February 30',
    url: `/users/${randomUUID()}/tokens`,
    body: { expiresAt: '2027-02-30T00:00:00Z' },
    headers: ADMIN,
    status: 400,
    code: 'REQUEST.INVALID',
  },
  {
    name: 'token expiring without an offset',
    url: `/users/${randomUUID()}/tokens`,
    body: { expiresAt: '2027-01-01T00:00:00' },
    headers: ADMIN,
    status: 400,
    code: 'REQUEST.INVALID',
  },
  // JSON only, the public feedback route and user administration included
  {
    name: 'a form posted to a feedback link',
    url: '/feedback/TOKEN',
    raw: 'rating=dissatisfied',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a multipart form posted to a feedback link',
    url: '/feedback/TOKEN',
    raw: '--x\r\nContent-Disposition: form-data; name="rating"\r\n\r\nsatisfied\r\n--x--',
    contentType: 'multipart/form-data; boundary=x',
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'text posted to a feedback link',
    url: '/feedback/TOKEN',
    raw: '{"rating":"satisfied"}',
    contentType: 'text/plain',
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a form posted to create a user',
    url: '/users',
    raw: 'name=x&role=admin',
    contentType: 'application/x-www-form-urlencoded',
    headers: ADMIN,
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a JSON array posted to create a user',
    url: '/users',
    body: [{ name: 'x', role: 'admin' }],
    headers: ADMIN,
    status: 400,
    code: 'REQUEST.BODY_NOT_OBJECT',
  },
  { name: 'null posted to a feedback link', url: '/feedback/TOKEN', raw: 'null', status: 400, code: 'REQUEST.BODY_NOT_OBJECT' },
  // a validly signed feedback link whose claims are absurd
  { name: 'a signed feedback link with an absurd expiry (GET)', url: 'GET /feedback/ABSURD', status: 400, code: 'FEEDBACK_LINK.INVALID' },
  {
    name: 'a signed feedback link with an absurd expiry (POST)',
    url: '/feedback/ABSURD',
    body: { rating: 'satisfied' },
    status: 400,
    code: 'FEEDBACK_LINK.INVALID',
  },
];

describeEachBackend('bad input never writes and always answers problem+json', (backend) => {
  let w: WorkflowApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    w = await startWorkflowApp(backend);
    await seedWorkflow(w);
    const api = http(w);
    ids.P = await collect(w);
    ids.R = await collect(w);
    await api.post(`/issues/${ids.R}/resolve`, { resolution: '已解决' }, OFFICER_A);
    ids.W = await collect(w);
    await api.post(`/issues/${ids.W}/withdraw`, { reason: '重复' }, OFFICER_A);
    await api.post(`/issues/${ids.W}/decide-withdrawal`, { approve: true }, SUPERVISOR);
    ids.TOKEN = (await api.get(`/issues/${ids.R}/feedback-link`, OFFICER_A)).body.token;
    const { rows } = await w.db.pool.query(`SELECT value FROM access_settings WHERE key = 'feedback_link_secret'`);
    ids.ABSURD = signFeedbackLink({ issueId: ids.R, cycle: 1, exp: 1e20 }, Buffer.from(rows[0].value, 'utf8'));
  });
  afterAll(() => w?.close());

  it(`has at least 40 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)('$name → $status', async (c) => {
    const before = await w.eventCount();
    const [method, path] = c.url.startsWith('GET ') ? ['GET', c.url.slice(4)] : ['POST', c.url];
    const url = path
      .replace(/\/issues\/([PRW])\//, (_, k: string) => `/issues/${ids[k]}/`)
      .replace(/\/feedback\/(TOKEN|ABSURD)$/, (_, k: string) => `/feedback/${ids[k]}`);
    const server = http(w).raw();
    let req = method === 'GET' ? server.get(url) : server.post(url);
    req = req.set(c.headers ?? {});
    if (c.raw !== undefined) req = req.set('content-type', c.contentType ?? 'application/json').send(c.raw);
    else if (c.body !== undefined) req = req.send(c.body as object);
    const res = await req;
    const status = c.alsoStatus === res.status ? c.alsoStatus : c.status;
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code: c.code ?? expect.any(String) });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
    expect(await w.eventCount()).toBe(before);
  });
});
