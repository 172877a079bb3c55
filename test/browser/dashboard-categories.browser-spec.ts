import { describeBrowser, launchBrowser, screenshot, startApp, type RunningApp, type TestBrowser } from '../support/browser';
import { fakeApi, report } from './dashboard.fixture';
import { waitForReport } from './dashboard.page';

/**
 * The dashboard's by-category panel (apps/dashboard/js/category-panel.js) in real Chromium against
 * the stand-in API: the report's `categories` in catalogue order, a category outside the catalogue
 * marked as such, the 合计 row equal to the report's total, all in Chinese. The real report behind
 * it is tested in test/e2e/categories.e2e-spec.ts and on the demo in demo.browser-spec.ts.
 */
declare const document: any;

/** A breakdown of the fixture's report as of a date (three catalogue entries and one from before). */
function categories(asOf: string) {
  const t = report(asOf).total;
  const a = Math.floor(t.issuesCollected / 2);
  const b = Math.floor(t.issuesCollected / 3);
  const ra = Math.min(a, Math.floor(t.issuesResolved / 2));
  const rb = Math.min(b, Math.floor(t.issuesResolved / 3));
  const rest = { collected: t.issuesCollected - a - b - 5, resolved: t.issuesResolved - ra - rb - 5 };
  const row = (category: string, inCatalogue: boolean, collected: number, resolved: number, openOverdue = 0) => ({
    category,
    inCatalogue,
    issuesCollected: collected,
    issuesResolved: resolved,
    completionRate: collected ? resolved / collected : null,
    openOverdue,
  });
  return [
    row('行政审批', true, a, ra),
    row('工程款结算', true, b, rb),
    row('用地规划', true, 0, 0),
    row('其他', true, rest.collected, rest.resolved, t.openOverdue),
    row('燃气安全', false, 5, 5),
  ];
}

describeBrowser('dashboard: issues by category (Chromium, stand-in API)', () => {
  let app: RunningApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ env: { BANJIE_ROLE: 'api' } }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('shows the breakdown of the report on screen, its 合计 equal to the total, in Chinese', async () => {
    const page = await browser.newPage();
    const api = fakeApi({ reportExtra: () => ({ categories: categories('2023-07-10') }) });
    await page.route(api.matches, api.handler);
    await page.goto(`${app.baseUrl}/`);
    await waitForReport(page, '2023-07-10');
    await page.waitForSelector('#categories[data-state=ready]');
    const rows = await page.$$eval('#category-table tbody tr', (trs) =>
      trs.map((tr: any) => [...tr.children].map((c: any) => c.textContent.trim())),
    );
    const total = report('2023-07-10').total;
    expect(rows.map((r) => r[0])).toEqual(['行政审批', '工程款结算', '用地规划', '其他', '燃气安全（目录外）']);
    expect(rows[2]).toEqual(['用地规划', '0', '0', '—', '0']);
    expect(rows[4]).toEqual(['燃气安全（目录外）', '5', '5', '100%', '0']);
    expect(rows.reduce((s, r) => s + Number(r[1]), 0)).toBe(total.issuesCollected);
    const foot = await page.$$eval('#category-table tfoot tr td', (tds) => tds.map((td: any) => td.textContent.trim()));
    expect(foot.slice(0, 2)).toEqual([String(total.issuesCollected), String(total.issuesResolved)]);
    expect(foot[2]).toBe('89.1%');
    const text: string = await page.$eval('#categories', (el: any) => el.innerText);
    expect(text).toContain('按问题类别');
    expect(text).toContain('目录外');
    expect(text.match(/[A-Za-z]{2,}/g)).toBeNull();
    expect(await page.getAttribute('#category-table', 'aria-labelledby')).toBe('categories-title');
    await screenshot(page, 'dashboard-categories-1280');
    await page.close();
  });

  test('a report without a breakdown (an older server) leaves a quiet note, the rest works', async () => {
    const page = await browser.newPage();
    const api = fakeApi();
    await page.route(api.matches, api.handler);
    await page.goto(`${app.baseUrl}/`);
    await waitForReport(page, '2023-07-10');
    await page.waitForSelector('#categories[data-state=empty]');
    expect(await page.textContent('#categories')).toContain('暂无分类统计');
    expect(await page.evaluate(() => document.querySelectorAll('#category-table').length)).toBe(0);
    await page.close();
  });
});
