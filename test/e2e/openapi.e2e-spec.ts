import request from 'supertest';
import { backends } from '../support/databases';
import { startWorkflowApp, type WorkflowApp } from '../support/workflow-app';

/** Every route of DESIGN §7 this API serves, as OpenAPI paths. */
const COMMANDS = [
  '/units',
  '/units/{id}/rename',
  '/units/{id}/retire',
  '/enterprises',
  '/campaigns',
  '/campaigns/{id}/close',
  '/activities',
  '/issues',
  ...['accept', 'transfer', 'progress', 'extend-deadline', 'resolve', 'feedback', 'reopen', 'withdraw'].map((a) => `/issues/{id}/${a}`),
  '/supervision-notices',
  '/supervision-notices/{id}/answer',
  '/supervision-notices/{id}/close',
  '/calendar/adjustments',
];
const QUERIES = [
  '/units',
  '/units/{id}',
  '/enterprises',
  '/enterprises/{creditCode}',
  '/campaigns',
  '/campaigns/{id}',
  '/activities',
  '/activities/{id}',
  '/issues',
  '/issues/{id}',
  '/supervision-notices',
  '/supervision-notices/{id}',
];

describe('OpenAPI document', () => {
  let w: WorkflowApp;
  beforeAll(async () => (w = await startWorkflowApp(backends()[0])));
  afterAll(() => w?.close());

  it('/docs/json lists every command and query endpoint, with request bodies and problem answers', async () => {
    const res = await request(w.app.getHttpServer()).get('/docs/json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, any>>;
    for (const path of COMMANDS) {
      const post = paths[path]?.post;
      expect({ path, post: !!post }).toEqual({ path, post: true });
      expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['400', '404', '409', '412', '415', '422']));
      expect(post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Idempotency-Key', 'X-Actor']));
      if (!path.endsWith('/retire') && !path.endsWith('/close') && !path.endsWith('/accept')) {
        expect({ path, body: !!post.requestBody }).toEqual({ path, body: true });
      }
    }
    for (const path of QUERIES) expect({ path, get: !!paths[path]?.get }).toEqual({ path, get: true });
    const collect = res.body.components.schemas.CollectIssueRequestDto;
    expect(collect.required).toEqual(
      expect.arrayContaining(['campaignId', 'unitId', 'enterpriseCode', 'kind', 'category', 'title', 'description']),
    );
    expect(collect.properties.description.maxLength).toBe(4000);
    expect(res.body.components.schemas.ProblemDto).toBeDefined();
    const html = await request(w.app.getHttpServer()).get('/docs');
    expect(html.status).toBe(200);
  });
});
