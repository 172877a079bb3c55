import { DEMO_CAMPAIGN_ID } from '@banjie/demo';
import { describeBrowser, launchBrowser, screenshot, startApp, tokenFor, type RunningApp, type TestBrowser } from '../support/browser';
import { hashOf, rowCells, waitForReport } from './dashboard.page';
import { demoDataDir } from './demo-data';

/**
 * Issue 7's acceptance in the browser: the real application on a fresh embedded store, the demo
 * campaign written through the command layer, a supervisor signing in with a token, the circular's
 * total row as of 2023-07-10, smaller numbers as of 2023-06-15, and an issue's audit trail.
 */
describeBrowser('dashboard on the demo campaign (Chromium, real app)', () => {
  let running: RunningApp;
  let browser: TestBrowser;
  let token: string;

  beforeAll(async () => {
    // As a newcomer would: `npm run cli -- demo` on an empty data folder, then `npm start` on it
    // (the system clock: the watcher may record what went overdue since; the test picks its dates).
    const [dataDir, chromium] = await Promise.all([demoDataDir(), launchBrowser()]);
    browser = chromium;
    running = await startApp({ dataDir });
    token = await tokenFor(running, 'supervisor');
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  test("shows the circular's totals as of 2023-07-10, less as of 2023-06-15, and an issue's audit trail", async () => {
    const page = await browser.newPage();
    await page.goto(`${running.baseUrl}/`);
    // No token yet: the page says so instead of showing an empty table.
    await page.waitForSelector('#auth-banner:not([hidden])');
    await page.click('#login [data-action=use-token]');
    await page.fill('#login input[name=token]', token);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#campaign option', { state: 'attached' });
    expect(await hashOf(page)).toMatch(new RegExp(`^#/campaigns/${DEMO_CAMPAIGN_ID}`));

    await page.fill('#as-of', '2023-07-10');
    // Right after a start the projections may still be catching up: the page says so and
    // reloads the figures once /health reports (almost) no lag.
    await page.waitForSelector('#projection-lag[data-current=true]', { state: 'attached', timeout: 600_000 });
    await waitForReport(page, '2023-07-10');
    expect(await page.isVisible('#projection-lag')).toBe(false);
    expect(await rowCells(page, 'total')).toEqual(['3340', '3459', '2348', '2092', '89.1%', expect.stringMatching(/%$/)]);
    expect((await rowCells(page, 'group-department')).slice(0, 4)).toEqual(['274', '263', '245', '215']);
    expect((await rowCells(page, 'group-prefecture')).slice(0, 5)).toEqual(['3066', '3196', '2103', '1877', '89.25%']);
    const tianmen = await page.$$eval('tr[data-row=unit]', (trs) =>
      trs.map((tr) => tr.textContent ?? '').filter((t) => t.startsWith('天门市住建局')),
    );
    expect(tianmen[0]).toMatch(/^天门市住建局591/); // 59 enterprises, 1 activity
    await page.waitForSelector('#chart-completion-curve[data-state=ready]', { timeout: 60_000 });
    await screenshot(page, 'demo-dashboard-2023-07-10');

    await page.fill('#as-of', '2023-06-15');
    await waitForReport(page, '2023-06-15');
    const earlier = (await rowCells(page, 'total')).slice(0, 4).map(Number);
    const full = [3340, 3459, 2348, 2092];
    earlier.forEach((n, i) => expect(n).toBeLessThanOrEqual(full[i]));
    expect(earlier[2]).toBeLessThan(2348);
    expect(earlier[3]).toBeLessThan(2092);
    await screenshot(page, 'demo-dashboard-2023-06-15');

    // A department unit with open issues → its issue list → the first issue's audit trail.
    await page.fill('#as-of', '2023-07-10');
    await waitForReport(page, '2023-07-10');
    const unit = page.locator('tr[data-row=unit][data-level=department]').first();
    await unit.locator('th a').click();
    await page.waitForSelector('#unit-issue-list[data-state=ready]');
    await page.locator('#unit-issue-list tbody a').first().click();
    await page.waitForSelector('#audit-trail[data-state=ready]');
    const types = await page.$$eval('[data-testid=audit-trail] li', (lis) => lis.map((li) => li.getAttribute('data-type')));
    expect(types[0]).toBe('IssueCollected');
    expect(await page.getAttribute('[data-testid=chain-status]', 'data-state')).toBe('ok');
    expect(await page.textContent('[data-testid=chain-status]')).toContain('浏览器复算一致');
    expect(await page.textContent('[data-testid=audit-trail] li[data-type=IssueCollected]')).toMatch(/发生 2023-0[5-7]-\d\d/);
    await screenshot(page, 'demo-issue-audit-trail');
    await page.close();
  }, 900_000);

  it('the Content-Security-Policy (script and style from the origin only) refused nothing on any page above', () => {
    expect(browser.cspViolations()).toEqual([]);
  });
});
