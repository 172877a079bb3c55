/**
 * A campaign's category catalogue over HTTP, on both backends: the workbench's list
 * (GET /campaigns/:id/categories), an administrator's change (POST …/categories), collecting outside
 * the catalogue refused with a stable code and a Chinese message, and the report's by-category
 * breakdown in JSON, CSV and XLSX — summing to the total and following asOf.
 */
import ExcelJS from 'exceljs';
import { DEFAULT_ISSUE_CATEGORIES } from '@banjie/domain';
import { EVENT_STORE, type EventStore } from '@banjie/event-store';
import { Projector, type CampaignReport } from '@banjie/projections';
import { ProjectorModule } from '@banjie/worker';
import { describeEachBackend } from '../support/databases';
import { settle } from '../support/projection-helpers';
import { startWorkflowApp, type WorkflowApp } from '../support/workflow-app';
import { ADMIN, OFFICER_A, SUPERVISOR, collect, http, seedWorkflow } from '../support/workflow-fixtures';

jest.setTimeout(180_000);

describeEachBackend('category catalogue and the report by category', (backend) => {
  let w: WorkflowApp;

  beforeAll(async () => {
    w = await startWorkflowApp(backend, '2023-06-21T10:00:00+08:00', { modules: [ProjectorModule] });
    await seedWorkflow(w);
  });

  afterAll(async () => {
    await w?.close();
  });

  const binary = (url: string) =>
    http(w)
      .get(url, SUPERVISOR)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const report = async (query = '') => {
    await settle(w.app.get(Projector), w.db.pool, w.app.get<EventStore>(EVENT_STORE));
    const r = await http(w).get(`/campaigns/c1/report${query}`, SUPERVISOR);
    expect(r.status).toBe(200);
    return r.body as CampaignReport;
  };
  const resolve = async (id: string, occurredAt: string) => {
    const r = await http(w).post(`/issues/${id}/resolve`, { resolution: '已协调解决', occurredAt }, OFFICER_A);
    expect(r.status).toBe(200);
  };
  const early = (category: string, day: string) => collect(w, { category, activityId: null, occurredAt: `${day}T10:00:00+08:00` });

  it('gives the workbench the default catalogue and refuses a category outside it, in Chinese, writing nothing', async () => {
    const list = await http(w).get('/campaigns/c1/categories', OFFICER_A);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ campaignId: 'c1', categories: [...DEFAULT_ISSUE_CATEGORIES] });
    expect(list.headers.etag).toBe(`"${list.body.version}"`);
    expect((await http(w).get('/campaigns/c1', OFFICER_A)).body.categories).toEqual([...DEFAULT_ISSUE_CATEGORIES]);

    const before = await w.eventCount();
    const body = {
      campaignId: 'c1',
      unitId: 'u-a',
      enterpriseCode: '91350100M000100Y43',
      kind: 'problem',
      category: '工程款',
      title: '工程款拖欠',
      description: 'd',
    };
    // as the pages ask (Accept-Language: zh-CN): the catalogue's Chinese sentence, the list beside the field
    const refused = await http(w).post('/issues', body, { ...OFFICER_A, 'accept-language': 'zh-CN' });
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('ISSUE.CATEGORY_NOT_IN_CATALOGUE');
    expect(refused.body.detail).toBe('问题类别不在本活动的类别目录中，请从目录中选择。');
    expect(refused.body.errors).toEqual([
      { field: 'category', message: '须为本活动类别目录中的一项：行政审批、工程款结算、资质资格、融资信贷、用地规划、政策咨询、其他' },
    ]);
    // another client: the same code, the English detail with the value and the catalogue
    const english = await http(w).post('/issues', body, OFFICER_A);
    expect(english.body.code).toBe('ISSUE.CATEGORY_NOT_IN_CATALOGUE');
    expect(english.body.detail).toContain('category "工程款" is not in the campaign\'s catalogue (行政审批, 工程款结算');
    expect(await w.eventCount()).toBe(before);
  });

  it('an administrator changes the catalogue; others may not; collecting follows the new one', async () => {
    const next = ['行政审批', '工程款结算', '政策咨询', '燃气安全', '其他'];
    expect((await http(w).post('/campaigns/c1/categories', { categories: next }, OFFICER_A)).status).toBe(403);
    expect((await http(w).post('/campaigns/c1/categories', { categories: next }, SUPERVISOR)).status).toBe(403);
    const bad = await http(w).post('/campaigns/c1/categories', { categories: ['其他', ' 其他'] }, ADMIN);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('CAMPAIGN.CATEGORIES_INVALID');
    expect((await http(w).post('/campaigns/c1/categories', { categories: [] }, ADMIN)).status).toBe(400);
    const changed = await http(w).post('/campaigns/c1/categories', { categories: next }, ADMIN);
    expect(changed.status).toBe(200);
    expect((await http(w).get('/campaigns/c1/categories', OFFICER_A)).body.categories).toEqual(next);
    // the same list again is no change
    const again = await http(w).post('/campaigns/c1/categories', { categories: next }, ADMIN);
    expect(again.body.version).toBe(changed.body.version);
    await expect(collect(w, { category: '燃气安全' })).resolves.toEqual(expect.any(String));
    const gone = await http(w).post(
      '/issues',
      {
        campaignId: 'c1',
        unitId: 'u-a',
        enterpriseCode: '91350100M000100Y43',
        kind: 'problem',
        category: '资质资格',
        title: 't',
        description: 'd',
      },
      OFFICER_A,
    );
    expect(gone.body.code).toBe('ISSUE.CATEGORY_NOT_IN_CATALOGUE');
  });

  it('the report breaks the issues down by category in JSON, summing to the total and following asOf', async () => {
    const a1 = await early('行政审批', '2023-05-10');
    await early('行政审批', '2023-05-11');
    await resolve(a1, '2023-05-12T15:00:00+08:00');
    const p1 = await early('政策咨询', '2023-05-20');
    await resolve(p1, '2023-06-01T15:00:00+08:00');
    await collect(w, { category: '工程款结算' });

    const live = await report();
    const rows = live.categories.map((c) => [c.category, c.inCatalogue, c.issuesCollected, c.issuesResolved]);
    expect(rows).toEqual([
      ['行政审批', true, 2, 1],
      ['工程款结算', true, 1, 0],
      ['政策咨询', true, 1, 1],
      ['燃气安全', true, 1, 0],
      ['其他', true, 0, 0],
    ]);
    expect(live.categories[0].completionRate).toBe(0.5);
    expect(live.categories[4].completionRate).toBeNull();
    expect(live.categories.reduce((s, c) => s + c.issuesCollected, 0)).toBe(live.total.issuesCollected);
    expect(live.categories.reduce((s, c) => s + c.issuesResolved, 0)).toBe(live.total.issuesResolved);

    const may = await report('?asOf=2023-05-15');
    expect(may.categories.map((c) => [c.category, c.issuesCollected, c.issuesResolved])).toEqual([
      ['行政审批', 2, 1],
      ['工程款结算', 0, 0],
      ['政策咨询', 0, 0],
      ['燃气安全', 0, 0],
      ['其他', 0, 0],
    ]);
    expect(may.total.issuesCollected).toBe(2);
    // known at a moment before anything was recorded: nothing
    const known = await report('?asOf=2023-06-21&knownAt=2020-01-01T00:00:00Z');
    expect(known.categories.every((c) => c.issuesCollected === 0)).toBe(true);
  });

  it('CSV and XLSX carry the same breakdown', async () => {
    const json = await report('?asOf=2023-06-21');
    const csv = await binary('/campaigns/c1/report?asOf=2023-06-21&format=csv');
    expect(csv.status).toBe(200);
    const lines = (csv.body as Buffer).toString('utf8').slice(1).trim().split('\r\n');
    const at = lines.indexOf('问题类别,收集问题建议(项),已办结(项),办结率,超期未办结(项)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toBe('');
    expect(lines.slice(at + 1)).toEqual([
      '行政审批,2,1,50.00%,0',
      '工程款结算,1,0,0.00%,0',
      '政策咨询,1,1,100.00%,0',
      '燃气安全,1,0,0.00%,0',
      '其他,0,0,-,0',
      `合计,${json.total.issuesCollected},${json.total.issuesResolved},40.00%,${json.total.openOverdue}`,
    ]);

    const xlsx = await binary('/campaigns/c1/report?asOf=2023-06-21&format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const sheet = wb.getWorksheet('按类别')!;
    expect(String(sheet.getCell(1, 1).value)).toContain('截至 2023-06-21');
    const values = [3, 4, 5, 6, 7, 8].map((n) => (sheet.getRow(n).values as unknown[]).slice(1, 4));
    expect(values).toEqual([
      ['行政审批', 2, 1],
      ['工程款结算', 1, 0],
      ['政策咨询', 1, 1],
      ['燃气安全', 1, 0],
      ['其他', 0, 0],
      ['合计', 5, 2],
    ]);
    expect(sheet.getRow(3).getCell(4).value).toBe(0.5);
    expect(sheet.getRow(3).getCell(4).numFmt).toBe('0.00%');
  });
});
