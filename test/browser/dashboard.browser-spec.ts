import { describeBrowser, launchBrowser, screenshot, startApp, type RunningApp, type TestBrowser } from '../support/browser';
import { CAMPAIGN, ISSUE_ID, alertsAsOf, fakeApi } from './dashboard.fixture';
import { rowCells, waitForReport } from './dashboard.page';

/**
 * The dashboard page in real Chromium, served by the real application, talking to a stand-in
 * API (dashboard.fixture.ts) so that rendering, formatting, routes and degradation are tested on
 * their own. demo.browser-spec.ts runs the same page against the demo campaign end to end.
 */
// Browser globals for the functions that run inside the page (tests type-check without lib.dom).
declare const document: any, location: any, window: any, getComputedStyle: any, sessionStorage: any;
type HTMLElement = { dataset: Record<string, string | undefined>; textContent: string | null };

describeBrowser('dashboard (Chromium, stand-in API)', () => {
  let app: RunningApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ env: { BANJIE_ROLE: 'api' } }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(path = '/', options: Parameters<typeof fakeApi>[0] = {}, size?: { width: number; height: number }) {
    const page = await browser.newPage(size);
    const api = fakeApi(options);
    await page.route(api.matches, api.handler);
    await page.goto(app.baseUrl + path);
    return { page, api };
  }

  test("shows the circular's table with groups, subtotals and the total; the as-of date changes it", async () => {
    const { page, api } = await open('/');
    await waitForReport(page, '2023-07-10');
    expect(page.url()).toContain(`#/campaigns/${CAMPAIGN.campaignId}`);
    expect(await page.inputValue('#as-of')).toBe('2023-07-10');
    expect(await rowCells(page, 'total')).toEqual(['3340', '3459', '2348', '2092', '89.1%', '99.95%']);
    expect(await rowCells(page, 'group-department')).toEqual(['274', '263', '245', '215', '87.76%', '100%']);
    expect(await rowCells(page, 'group-prefecture')).toEqual(['3066', '3196', '2103', '1877', '89.25%', '99.95%']);
    // 厅本级 first, then 市州, with the county unit nested under its prefecture unit.
    const order = await page.$$eval('[data-testid=report-table] tbody tr', (trs) =>
      trs.map((tr) => (tr as HTMLElement).dataset.row + ':' + (tr.querySelector('th')?.textContent?.trim() ?? '')),
    );
    expect(order[0]).toMatch(/^group-department:.*厅本级 小计/);
    expect(order.findIndex((r) => r.startsWith('group-prefecture'))).toBe(4);
    expect(order.findIndex((r) => r.includes('洪湖市住建局'))).toBe(order.findIndex((r) => r.includes('荆州市住建局')) + 1);
    // A unit below the campaign-wide satisfaction rate stands out (in colour, and in words for screen readers).
    const tianmen = page.locator('tr[data-unit-id=p-tianmen-housing] td[data-col=satisfactionRate]');
    expect(await tianmen.textContent()).toBe('97.3%（低于全省）');
    expect(await tianmen.getAttribute('class')).toContain('low');

    // Extra columns are folded away until asked for.
    expect(await page.isVisible('th[data-col=openOverdue]')).toBe(false);
    await page.click('#toggle-extra');
    expect(await page.isVisible('th[data-col=openOverdue]')).toBe(true);
    expect(await page.textContent('tr[data-row=total] td[data-col="form.symposium"]')).toBe('41');

    // Folding a group hides its units, not its subtotal.
    await page.click('tr[data-row=group-prefecture] button.fold');
    expect(await page.locator('tr[data-level=prefecture]').count()).toBe(0);
    await page.click('tr[data-row=group-prefecture] button.fold');
    expect(await page.locator('tr[data-level=prefecture]').count()).toBe(5);

    await page.waitForSelector('#chart-completion-curve[data-state=ready]', { timeout: 30_000 });
    await page.waitForSelector('#chart-rate-by-unit canvas');
    await page.waitForSelector('#rankings[data-state=ready]');
    await page.waitForSelector('#alerts .alerts-body[data-state=ready]');
    await screenshot(page, 'dashboard-fixture-2023-07-10');

    // An earlier as-of date: smaller numbers, and the URL remembers it.
    await page.fill('#as-of', '2023-06-15');
    await waitForReport(page, '2023-06-15');
    const earlier = (await rowCells(page, 'total')).slice(0, 4).map(Number);
    expect(earlier[2]).toBeLessThan(2348);
    expect(earlier[3]).toBeLessThan(2092);
    expect(page.url()).toContain('asOf=2023-06-15');
    expect(api.seen.some((s) => s.url.includes('/report?asOf=2023-06-15&format=json'))).toBe(true);
    await screenshot(page, 'dashboard-fixture-2023-06-15');

    // The completion curve asks for the report as of each week of the campaign.
    const weekly = api.seen
      .filter((s) => /\/report\?asOf=2023-0[5-7]-\d\d&format=json/.test(s.url))
      .map((s) => /asOf=([\d-]+)/.exec(s.url)![1]);
    expect(weekly).toEqual(expect.arrayContaining(['2023-05-07', '2023-05-14', '2023-07-02']));
    await page.close();
  });

  test('sends known-at for analysts and downloads the report as CSV with the same dates', async () => {
    const { page, api } = await open(`/#/campaigns/${CAMPAIGN.campaignId}?asOf=2023-07-10`);
    await waitForReport(page, '2023-07-10');
    await page.click('details.analyst summary');
    await page.fill('#known-at', '2023-07-05T18:00');
    await page.waitForFunction(() => location.hash.includes('knownAt='));
    await waitForReport(page, '2023-07-10');
    // Beijing time, sent as an instant.
    expect(api.seen.some((s) => s.url.includes('knownAt=2023-07-05T10%3A00%3A00.000Z'))).toBe(true);
    expect(await page.textContent('#report-title')).toContain('知悉于 2023-07-05 18:00');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(download.suggestedFilename()).toBe('report-2023-07-10.csv');
    expect(api.seen.some((s) => /format=csv/.test(s.url) && s.url.includes('asOf=2023-07-10') && s.url.includes('knownAt='))).toBe(true);
    await page.close();
  });

  test('lists alerts in the ladder colours, filters them by unit and kind, and shows the rankings', async () => {
    const { page, api } = await open(`/#/campaigns/${CAMPAIGN.campaignId}?asOf=2023-07-10`);
    await waitForReport(page);
    await page.waitForSelector('#alerts .alerts-body[data-state=ready]');
    const kinds = await page.$$eval('#alerts tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.kind));
    // as of the date chosen: the 通报 raised on 2023-08-23 is not there
    expect(kinds).toEqual(
      alertsAsOf('2023-07-10')
        .filter((a) => !a.clearedAt)
        .map((a) => a.kind),
    );
    const colour = (kind: string) => page.$eval(`#alerts .badge[data-kind=${kind}]`, (el) => getComputedStyle(el).backgroundColor);
    expect(await colour('due_soon')).toBe('rgb(254, 249, 195)'); // 黄牌
    expect(await colour('overdue')).toBe('rgb(254, 226, 226)'); // 红牌
    expect(await colour('escalated')).toBe('rgb(31, 41, 55)'); // 通报
    expect(await page.textContent('#alerts tr[data-kind=low_satisfaction]')).toContain('天门市住保中心');
    expect(await page.textContent('#alerts tr[data-kind=overdue]')).toContain('2023-07-04'); // a business date stays a date

    await page.selectOption('#alerts select[name=kind]', 'overdue');
    await page.waitForFunction(() => document.querySelectorAll('#alerts tbody tr').length === 1);
    expect(api.seen.some((s) => s.url.includes('/alerts?') && s.url.includes('kind=overdue') && s.url.includes('open=true'))).toBe(true);
    await page.selectOption('#alerts select[name=kind]', '');
    await page.selectOption('#alerts select[name=unit]', 'p-huangshi');
    await page.waitForFunction(
      () =>
        document.querySelector('#alerts tbody tr')?.getAttribute('data-kind') === 'thin_collection' &&
        document.querySelectorAll('#alerts tbody tr').length === 1,
    );
    await page.uncheck('#alerts input[name=open]');
    await page.waitForFunction(() => location.hash.includes('open=false'));

    await page.waitForSelector('#rankings[data-state=ready]');
    const first = async () => page.$$eval('#rankings tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
    expect((await first()).slice(0, 4)).toEqual(['1', '黄石市住建局', '市州', '100%']);
    await page.click('#rankings button[data-list=satisfactionRate]');
    await page.waitForSelector('#rankings table[data-list=satisfactionRate]');
    expect(await page.textContent('#rankings tbody tr:last-child')).toContain('天门市住保中心');
    await page.close();
  });

  test("opens a unit's issues and an issue's audit trail with the hash chain re-checked in the browser", async () => {
    const { page } = await open(`/#/campaigns/${CAMPAIGN.campaignId}?asOf=2023-07-10`);
    await waitForReport(page);
    await page.click('tr[data-unit-id=p-tianmen-housing] th a');
    await page.waitForSelector('#unit-issue-list[data-state=ready]');
    expect(await page.textContent('#unit-issues h2')).toContain('天门市住保中心');
    await page.click(`#unit-issue-list a[href="#/issues/${ISSUE_ID}"]`);
    await page.waitForSelector('#audit-trail[data-state=ready]');
    const types = await page.$$eval('[data-testid=audit-trail] li', (lis) => lis.map((li) => (li as HTMLElement).dataset.type));
    expect(types).toEqual(['IssueCollected', 'IssueAccepted', 'IssueProgressRecorded', 'IssueResolved', 'FeedbackGiven']);
    const collected = await page.textContent('[data-testid=audit-trail] li[data-type=IssueCollected]');
    expect(collected).toContain('发生 2023-05-10 10:00');
    expect(collected).toContain('录入 2023-05-10 10:05');
    expect(collected).toContain('天门市住保中心'); // the actor's unit, by name
    // Recorded a week after it happened: flagged, not hidden.
    expect(await page.getAttribute('[data-testid=audit-trail] li[data-type=IssueProgressRecorded]', 'class')).toContain('late');
    expect(await page.getAttribute('[data-testid=chain-status]', 'data-state')).toBe('ok');
    expect(await page.textContent('[data-testid=chain-status]')).toContain('浏览器复算一致');
    expect(await page.textContent('#issue-summary')).toContain('施工许可审批时限咨询');
    await screenshot(page, 'issue-audit-trail-fixture');
    await page.click('a.back');
    await waitForReport(page);
    expect(page.url()).toContain('asOf=2023-07-10');
    await page.close();
  });

  test('says "unavailable" where an endpoint is not there yet, and keeps the rest working', async () => {
    const { page } = await open(`/#/campaigns/${CAMPAIGN.campaignId}?asOf=2023-07-10`, { missing: /^\/(alerts|issues)|\/rankings$/ });
    await waitForReport(page);
    await page.waitForSelector('#alerts .alerts-body[data-state=unavailable]');
    await page.waitForSelector('#rankings[data-state=unavailable]');
    expect(await page.textContent('#alerts')).toContain('暂不可用');
    await page.goto(`${app.baseUrl}/#/issues/${ISSUE_ID}`);
    await page.waitForSelector('#audit-trail[data-state=unavailable]');
    await page.close();
  });

  test('asks to sign in on 401; a pasted API token is sent as a bearer token from sessionStorage', async () => {
    const { page, api } = await open(`/#/campaigns/${CAMPAIGN.campaignId}?asOf=2023-07-10`, { token: 's3cret-token' });
    await page.waitForSelector('#auth-banner:not([hidden])');
    expect(await page.textContent('#auth-banner')).toContain('请先登录');
    await page.click('#login [data-action=use-token]');
    await page.fill('#login input[name=token]', 's3cret-token');
    await page.click('#login button[type=submit]');
    await waitForReport(page, '2023-07-10');
    expect(await page.textContent('#login')).toContain('督办专班 周静');
    expect(api.seen.at(-1)?.authorization).toBe('Bearer s3cret-token');
    expect(await page.evaluate(() => sessionStorage.getItem('banjie.token'))).toBe('s3cret-token');
    await page.close();
  });

  test('fits a phone-width screen', async () => {
    const { page } = await open(`/#/campaigns/${CAMPAIGN.campaignId}?asOf=2023-07-10`, {}, { width: 375, height: 800 });
    await waitForReport(page);
    await page.waitForSelector('#chart-completion-curve[data-state=ready]', { timeout: 30_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0)
      console.log(
        await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((e: any) => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 8)
            .map((e: any) => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)),
        ),
      );
    await screenshot(page, 'dashboard-fixture-375px');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  test('formats rates as the docs say: at most two decimals, trailing zeros trimmed', async () => {
    const { page } = await open(`/#/campaigns/${CAMPAIGN.campaignId}?asOf=2023-07-10`);
    await waitForReport(page);
    const out = await page.evaluate(() => {
      const f = (window as unknown as { banjie: { formatRate(r: number | null): string } }).banjie.formatRate;
      return [2092 / 2348, 215 / 245, 1877 / 2103, 1, 0, null, 0.89125, 2091 / 2092].map(f);
    });
    expect(out).toEqual(['89.1%', '87.76%', '89.25%', '100%', '0%', '—', '89.13%', '99.95%']);
    await page.close();
  });

  test('while the first start loads the demo: a progress line, no partial figures; then the table', async () => {
    let demo = { state: 'loading', loaded: 4200, total: 16095 };
    const { page, api } = await open('/', { health: () => ({ status: 'ok', projectorLag: 0, demo }) });
    await page.waitForSelector('#demo-progress[data-state=loading]');
    expect(await page.textContent('#demo-progress')).toContain('4200 / 16095 步（26%）');
    expect(await page.locator('tr[data-row=total]').count()).toBe(0);
    expect(api.seen.some((s) => s.url.includes('/report'))).toBe(false); // not even asked
    demo = { state: 'loading', loaded: 9000, total: 16095 };
    await page.waitForSelector('#demo-progress[data-loaded="9000"]');
    await screenshot(page, 'dashboard-demo-loading');
    demo = { state: 'loaded', loaded: 16095, total: 16095 };
    await waitForReport(page, '2023-07-10');
    expect(await page.isVisible('#demo-progress')).toBe(false);
    expect(await rowCells(page, 'total')).toEqual(['3340', '3459', '2348', '2092', '89.1%', '99.95%']);
    await page.close();
  });

  test('a report that says it is catching up shows a notice, and reloads once the projections have caught up', async () => {
    let lag = 300;
    const { page, api } = await open(`/#/campaigns/${CAMPAIGN.campaignId}?asOf=2023-07-10`, {
      health: () => ({ status: 'ok', projectorLag: lag, demo: { state: 'loaded', loaded: 16095, total: 16095 } }),
      reportExtra: () => ({ catchingUp: lag > 0, lagEvents: lag }),
    });
    await waitForReport(page, '2023-07-10');
    await page.waitForSelector('#projection-lag:not([hidden])');
    expect(await page.textContent('#projection-lag')).toContain('还有 300 个事件未计入');
    const asked = () => api.seen.filter((s) => s.url.includes('/report?asOf=2023-07-10&format=json')).length;
    const before = asked();
    lag = 0;
    await page.waitForSelector('#projection-lag[data-current=true]', { state: 'attached' });
    expect(await page.isVisible('#projection-lag')).toBe(false);
    await page.waitForFunction(() => document.querySelector('#report-status')?.dataset.state === 'ready');
    expect(asked()).toBeGreaterThan(before); // the figures were read again
    await page.close();
  });

  test('the Content-Security-Policy (script and style from the origin only) refused nothing on any page above', () => {
    expect(browser.cspViolations()).toEqual([]);
  });
});
