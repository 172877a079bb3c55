import fc from 'fast-check';
import { describeEachBackend } from '../support/databases';
import { startWorkflowApp, type WorkflowApp } from '../support/workflow-app';
import { OFFICER_A, collect, http, seedWorkflow } from '../support/workflow-fixtures';

/**
 * A property: whatever a hostile or careless client posts to the command endpoints — random JSON,
 * wrong types, unknown fields, broken JSON, wrong media types, odd headers — the answer is a 4xx
 * application/problem+json with a code, never a 5xx, and nothing is written.
 *
 * Every generated request is invalid by construction (an unknown or wrongly typed field, a body
 * that is not a JSON object, a wrong media type), or aimed at a withdrawn issue, where even a
 * well-formed command must be refused.
 */
const KNOWN_FIELDS = [
  'id',
  'name',
  'level',
  'parentUnitId',
  'region',
  'creditCode',
  'title',
  'startsOn',
  'endsOn',
  'targets',
  'sla',
  'thresholds',
  'campaignId',
  'unitId',
  'form',
  'heldOn',
  'enterpriseCodes',
  'summary',
  'enterpriseCode',
  'activityId',
  'kind',
  'category',
  'description',
  'dueOn',
  'handler',
  'toUnitId',
  'reason',
  'note',
  'resolution',
  'rating',
  'comment',
  'channel',
  'issueIds',
  'response',
  'outcome',
  'date',
  'isWorkday',
  'sourceNotice',
  'occurredAt',
];
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '$where',
  'state',
  'version',
  'streamVersion',
  'actor',
  "'; DROP TABLE events; --",
  '\u0000',
  '𝓍',
];

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '😀'.repeat(3),
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '../../etc/passwd',
    'NaN',
    '1e309',
    'x'.repeat(5000),
  ),
);
/** Values of the wrong type for every field (fields are strings, dates, enums, booleans, arrays of strings, objects of numbers). */
const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 2 }),
);
const anyValue = fc.oneof(hostileString, wrongValue, fc.jsonValue({ maxDepth: 2 }));

/** An object that fails validation: known fields with anything, plus a poison (wrong type or unknown key). */
const poisonedObject = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...KNOWN_FIELDS), anyValue, { maxKeys: 6 }),
    fc.oneof(
      fc.tuple(fc.constantFrom(...HOSTILE_KEYS, 'extra', 'isAdmin'), anyValue).map(([k, v]) => ({ key: k, value: v, unknown: true })),
      fc
        .tuple(fc.constantFrom('name', 'title', 'reason', 'resolution', 'note', 'description', 'campaignId', 'unitId'), wrongValue)
        .map(([k, v]) => ({ key: k, value: v, unknown: false })),
    ),
  )
  .map(([fields, poison]) => {
    const o: Record<string, unknown> = { ...fields };
    Object.defineProperty(o, poison.key, { value: poison.value, enumerable: true, configurable: true, writable: true });
    return o;
  });

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string };
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 5, arbitrary: poisonedObject.map((value) => ({ kind: 'json' as const, value })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.array(anyValue, { maxLength: 3 }), hostileString, fc.integer(), fc.constant(null))
      .map((value) => ({ kind: 'json' as const, value })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 80 }), fc.constantFrom('application/json', 'application/json; charset=utf-8'))
      .map(([text, contentType]) => ({ kind: 'raw' as const, text: `{${text}`, contentType })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 80 }),
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          'text/html',
        ),
      )
      .map(([text, contentType]) => ({ kind: 'raw' as const, text: text || 'x', contentType })),
  },
);

const headers = fc.record(
  {
    'if-match': fc.oneof(printable, fc.constantFrom('"1"', '"999"', 'W/"2"', '*', '-1', '"abc"')),
    'idempotency-key': fc.oneof(printable, fc.uuid()),
    'x-actor': printable,
    'x-unit': fc.oneof(printable, fc.constantFrom('u-a', 'u-b')),
    'x-role': fc.oneof(printable, fc.constantFrom('officer', 'supervisor', 'admin', 'system', 'enterprise', 'root')),
    'x-correlation-id': printable,
  },
  { requiredKeys: [] },
);

describeEachBackend('hostile input (property)', (backend) => {
  let w: WorkflowApp;
  let base: string;
  let withdrawn: string;
  let pending: string;
  beforeAll(async () => {
    w = await startWorkflowApp(backend);
    await seedWorkflow(w);
    pending = await collect(w);
    withdrawn = await collect(w);
    await http(w).post(`/issues/${withdrawn}/withdraw`, { reason: '重复' }, OFFICER_A);
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    base = await w.app.getUrl();
  });
  afterAll(() => w?.close());

  it('1,100 generated requests: 0 × 5xx, every answer problem+json with a code, no event written', async () => {
    const before = await w.eventCount();
    const seen = new Map<number, number>();
    const action = fc.constantFrom('accept', 'transfer', 'progress', 'extend-deadline', 'resolve', 'feedback', 'reopen', 'withdraw');
    const target = fc.oneof(
      fc
        .constantFrom(
          '/units',
          '/enterprises',
          '/campaigns',
          '/activities',
          '/issues',
          '/supervision-notices',
          '/calendar/adjustments',
          '/units/u-a/rename',
          '/units/u-a/retire',
          '/campaigns/c1/close',
          '/supervision-notices/n-x/answer',
          '/supervision-notices/n-x/close',
        )
        .map((url) => ({ url, body: null as Body | null })),
      action.map((a) => ({ url: `/issues/${pending}/${a}`, body: null as Body | null })),
      // a withdrawn issue refuses every transition, so here even a well-formed body is fine to send
      fc
        .tuple(
          action,
          fc.constantFrom<Body>(
            { kind: 'json', value: { reason: '合法的理由' } },
            { kind: 'json', value: { resolution: '合法' } },
            { kind: 'json', value: { note: '进展' } },
          ),
        )
        .map(([a, wellFormed]) => ({ url: `/issues/${withdrawn}/${a}`, body: wellFormed as Body | null })),
    );
    await fc.assert(
      fc.asyncProperty(target, body, headers, async (t, generated, h) => {
        const b = t.body ?? generated;
        const init: RequestInit = { method: 'POST', headers: { ...h } as Record<string, string> };
        if (b.kind === 'json') {
          (init.headers as Record<string, string>)['content-type'] = 'application/json';
          init.body = JSON.stringify(b.value) ?? 'null';
        } else {
          (init.headers as Record<string, string>)['content-type'] = b.contentType;
          init.body = b.text;
        }
        const res = await fetch(base + t.url, init);
        const text = await res.text();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        if (res.status < 400 || res.status >= 500) throw new Error(`${res.status} for ${t.url}: ${text.slice(0, 300)}`);
        if (!res.headers.get('content-type')?.startsWith('application/problem+json'))
          throw new Error(`not problem+json: ${res.headers.get('content-type')}`);
        const problem = JSON.parse(text);
        if (typeof problem.code !== 'string' || problem.status !== res.status) throw new Error(`bad problem: ${text.slice(0, 300)}`);
      }),
      { numRuns: 1100, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), verbose: 1 },
    );
    expect(await w.eventCount()).toBe(before);
    // the generator reached the different refusals, not only one of them
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([400, 415]));
  }, 120_000);
});
