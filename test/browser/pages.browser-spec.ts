import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { AccessStore } from '@banjie/access';
import { AcceptIssueCommand, CollectIssueCommand, ResolveIssueCommand } from '@banjie/application';
import { DEMO_CAMPAIGN_ID } from '@banjie/demo';
import { describeBrowser, launchBrowser, screenshot, startApp, type RunningApp, type TestBrowser } from '../support/browser';
import { recordSecret } from '../support/secrets';
import { rowCells, waitForReport } from './dashboard.page';
import { demoDataDir } from './demo-data';
import { englishWords, openAllDetails, seriousAxeViolations } from './page-checks';
import { CAMPAIGN, ENTERPRISE_B, UNITS, apiGet, signIn, startWorkbenchWorld, type WorkbenchWorld } from './workbench.fixture';

/**
 * Issue 19's acceptance (items 1–4 and 8) in real Chromium against the real application: the
 * dashboard on the demo campaign as of 2023-07-10 and as of today, the workbench and the
 * enterprise's feedback page — Chinese on screen (no English word outside page-checks' allow-list),
 * one as-of date for every panel (alerts raised later are not shown), the table sorted and filtered,
 * the unit strip and its issue list counting by the same unit, axe-core with no serious or critical
 * violation, and screenshots at 1280 and 375 px under test-output/screenshots/pages-*.
 */
// Browser globals for the functions that run inside the page (tests type-check without lib.dom).
declare const document: any, window: any, location: any;

const CIRCULAR_DAY = '2023-07-10';
const SIZES = [
  { width: 1280, height: 900 },
  { width: 375, height: 800 },
] as const;

async function expectChineseAndAccessible(page: Page, what: string) {
  await openAllDetails(page);
  expect({ what, english: await englishWords(page) }).toEqual({ what, english: [] });
  expect({ what, violations: await seriousAxeViolations(page) }).toEqual({ what, violations: [] });
}

describeBrowser('pages people want to use: the dashboard on the demo campaign (Chromium, real app)', () => {
  let running: RunningApp;
  let browser: TestBrowser;
  let token: string;
  let today: string;

  beforeAll(async () => {
    const [dataDir, chromium] = await Promise.all([demoDataDir(), launchBrowser()]);
    browser = chromium;
    running = await startApp({ dataDir });
    const store = running.app.get(AccessStore, { strict: false });
    const user = await store.createUser({ name: '周静', role: 'supervisor' });
    token = (await store.createToken(user.userId, { label: 'pages browser test' })).token;
    recordSecret(token, 'bearer token of the pages browser test');
    await settled();
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const api = async (path: string) => (await apiGet(running.baseUrl, token, path)).body as any;

  /**
   * After a start on the demo the deadline watcher records what went overdue since 2023, and the
   * alert evaluator re-evaluates every issue for today: the counts below are compared once the
   * projections have caught up and the number of alerts has stopped changing (bounded: 5 minutes).
   */
  async function settled() {
    let previous = -1;
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const lag = Number((await api('/health')).projectorLag);
      const total = Number((await api(`/alerts?campaignId=${DEMO_CAMPAIGN_ID}&limit=1`)).total);
      if (lag === 0 && total === previous) return;
      previous = lag === 0 ? total : -1;
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
    throw new Error('the alerts did not settle within 5 minutes');
  }

  async function signedIn(size: { width: number; height: number } = SIZES[0]) {
    const page = await browser.newPage(size);
    await page.goto(`${running.baseUrl}/#/campaigns/${DEMO_CAMPAIGN_ID}?asOf=${CIRCULAR_DAY}`);
    await page.click('#login [data-action=use-token]');
    await page.fill('#login input[name=token]', token);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#campaign option', { state: 'attached' });
    // Right after a start the projections may still be catching up: the page reloads once they have.
    await page.waitForSelector('#projection-lag[data-current=true]', { state: 'attached', timeout: 600_000 });
    today ??= await page.evaluate(() => window.banjie.todayInBeijing());
    return page;
  }

  /** Picks the as-of date and waits for every panel to answer for it. */
  async function showAsOf(page: Page, asOf: string) {
    if ((await page.inputValue('#as-of')) !== asOf) await page.fill('#as-of', asOf);
    await waitForReport(page, asOf);
    await page.waitForSelector('#chart-completion-curve[data-state=ready]', { timeout: 120_000 });
    await page.waitForSelector('#chart-rate-data table', { state: 'attached' });
    await page.waitForSelector('#rankings[data-state=ready]', { timeout: 60_000 });
    await page.waitForSelector(`#alerts .alerts-body[data-as-of="${asOf}"]:is([data-state=ready],[data-state=empty])`, { timeout: 60_000 });
  }

  /** Opens the issue list of the department unit that collected the most issues (as of the day shown). */
  async function openBusiestUnit(page: Page) {
    const rows = await page.$$eval('tr[data-row=unit][data-level=department]', (trs) =>
      trs.map((tr: any) => ({ id: tr.dataset.unitId, collected: Number(tr.querySelector('td[data-col=issuesCollected]').textContent) })),
    );
    const busiest = rows.sort((a, b) => b.collected - a.collected)[0];
    // (a second click on the unit shown would close its list)
    if (!(await page.getAttribute(`tr[data-unit-id="${busiest.id}"]`, 'class'))?.includes('selected'))
      await page.click(`tr[data-unit-id="${busiest.id}"] th a`);
    await page.waitForSelector('#unit-issue-list:is([data-state=ready],[data-state=empty])');
    return busiest;
  }

  test("every panel speaks Chinese and passes axe, as of 2023-07-10 and as of today; the circular's figures stay", async () => {
    const page = await signedIn();
    expect(await page.textContent('#login')).toContain('周静');
    for (const day of [CIRCULAR_DAY, today]) {
      await showAsOf(page, day);
      if (day === CIRCULAR_DAY) expect((await rowCells(page, 'total')).slice(0, 5)).toEqual(['3340', '3459', '2348', '2092', '89.1%']);
      await openBusiestUnit(page);
      await expectChineseAndAccessible(page, `dashboard as of ${day}`);
      await screenshot(page, `pages-dashboard-${day === CIRCULAR_DAY ? 'circular-day' : 'today'}-1280`);
    }
    // An issue's heading and audit trail: names, not ids.
    await page.locator('#unit-issue-list tbody a').first().click();
    await page.waitForSelector('#audit-trail[data-state=ready]');
    const heading = await page.textContent('#issue-heading');
    expect(heading).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(heading).toMatch(/[\u4e00-\u9fff]/);
    const collected = await page.textContent('[data-testid=audit-trail] li[data-type=IssueCollected]');
    expect(collected).toMatch(/企业 \S+（[0-9A-Z]{18}）/); // the enterprise by name, with its code
    expect(collected).toContain('来源：演示数据');
    expect(collected).not.toMatch(/IssueCollected|demo-officer|enterprise:/);
    await expectChineseAndAccessible(page, 'issue audit trail');
    await screenshot(page, 'pages-issue-audit-trail-1280');
    await page.close();
  }, 600_000);

  test('alerts at an as-of date before they were raised do not show; the list pages on instead of stopping at 500', async () => {
    const all = await api(`/alerts?campaignId=${DEMO_CAMPAIGN_ID}&limit=5000`);
    const later = all.alerts.filter((a: any) => a.raisedAt > CIRCULAR_DAY);
    expect(later.length).toBeGreaterThan(0); // the demo has 通报 and more raised after the circular's date
    const then = await api(`/alerts?campaignId=${DEMO_CAMPAIGN_ID}&asOf=${CIRCULAR_DAY}&open=true&limit=5000`);
    expect(then.alerts.every((a: any) => a.raisedAt <= CIRCULAR_DAY && a.clearedAt === null)).toBe(true);

    const page = await signedIn();
    await showAsOf(page, CIRCULAR_DAY);
    const raised = () => page.$$eval('#alerts tbody tr', (trs) => trs.map((tr: any) => tr.dataset.raisedAt as string));
    expect((await raised()).length).toBe(Math.min(100, then.total));
    expect((await raised()).every((d) => d <= CIRCULAR_DAY)).toBe(true);
    expect(await page.textContent('#alerts-count')).toContain(`共 ${then.total} 条`);
    // 通报 only: none raised after the date shown
    await page.selectOption('#alerts select[name=kind]', 'escalated');
    await page.waitForSelector('#alerts .alerts-body:is([data-state=ready],[data-state=empty])');
    await page.waitForFunction(() => location.hash.includes('kind=escalated'));
    expect((await raised()).every((d) => d <= CIRCULAR_DAY)).toBe(true);
    await page.selectOption('#alerts select[name=kind]', '');
    await page.waitForSelector('#alerts-count');
    if (then.total > 100) {
      await page.click('#alerts .load-more');
      await page.waitForFunction((n) => document.querySelectorAll('#alerts tbody tr').length === n, Math.min(200, then.total));
    }

    // As of today the later ones are there.
    await showAsOf(page, today);
    const now = await api(`/alerts?campaignId=${DEMO_CAMPAIGN_ID}&asOf=${today}&open=true&limit=5000`);
    expect(await page.textContent('#alerts-count')).toContain(`共 ${now.total} 条`);
    await page.close();
  }, 600_000);

  test('the table sorts by any column and filters by level, prefecture (with its counties) and region; the chart can put the worst first', async () => {
    const page = await signedIn();
    await showAsOf(page, CIRCULAR_DAY);
    const units = (await api('/units?pageSize=200')).items as Array<{ id: string; parentUnitId: string | null; region: string }>;
    const visible = () =>
      page.$$eval('tr[data-row=unit]', (trs) =>
        trs.map((tr: any) => ({
          id: tr.dataset.unitId as string,
          level: tr.dataset.level as string,
          group: tr.closest('tbody').dataset.group as string,
          rate: tr.querySelector('td[data-col=completionRate]').textContent as string,
        })),
      );
    const rateOf = (text: string) => (text === '—' ? Infinity : parseFloat(text));
    const sortedWithinGroups = async (dir: 1 | -1) => {
      const rows = await visible();
      for (const group of new Set(rows.map((r) => r.group))) {
        const rates = rows.filter((r) => r.group === group && r.rate !== '—').map((r) => rateOf(r.rate));
        expect(rates).toEqual([...rates].sort((a, b) => dir * (a - b)));
      }
    };

    await page.click('th[data-col=completionRate] button.sort');
    await page.waitForSelector('table.report[data-sort=completionRate][data-dir=asc]');
    await sortedWithinGroups(1);
    expect(await page.getAttribute('th[data-col=completionRate]', 'aria-sort')).toBe('ascending');
    await page.click('th[data-col=completionRate] button.sort');
    await page.waitForSelector('table.report[data-sort=completionRate][data-dir=desc]');
    await sortedWithinGroups(-1);
    await page.click('th[data-col=unitName] button.sort');
    await page.waitForSelector('table.report[data-sort=unitName]');
    // Sorting never changes the figures.
    expect((await rowCells(page, 'total')).slice(0, 4)).toEqual(['3340', '3459', '2348', '2092']);

    await page.selectOption('select[name=level]', 'county');
    await page.waitForSelector('table.report[data-filter-level=county]');
    const counties = await visible();
    expect(counties.length).toBeGreaterThan(0);
    expect(counties.every((r) => r.level === 'county')).toBe(true);
    await page.selectOption('select[name=level]', '');
    await page.waitForSelector('table.report:not([data-filter-level])');

    const parent = units.find((u) => units.some((c) => c.parentUnitId === u.id))!;
    await page.selectOption('select[name=parent]', parent.id);
    await page.waitForSelector(`table.report[data-filter-parent="${parent.id}"]`);
    const family = new Set([parent.id, ...units.filter((u) => u.parentUnitId === parent.id).map((u) => u.id)]);
    const shownIds = (await visible()).map((r) => r.id);
    expect(shownIds).toContain(parent.id);
    expect(shownIds.length).toBeGreaterThan(1);
    expect(shownIds.every((id) => family.has(id))).toBe(true);
    expect(await page.textContent('#filter-note')).toMatch(/已筛选：显示 \d+ \/ \d+ 个单位/);
    await page.selectOption('select[name=parent]', '');
    await page.waitForSelector('table.report:not([data-filter-parent])');

    const region = units.find((u) => u.region)!.region;
    await page.selectOption('select[name=region]', region);
    await page.waitForSelector('table.report[data-filter-region]');
    const inRegion = await visible();
    expect(inRegion.length).toBeGreaterThan(0);
    expect(inRegion.every((r) => units.find((u) => u.id === r.id)?.region === region)).toBe(true);
    await page.click('text=清除筛选');
    await page.waitForSelector('table.report:not([data-filter-region])');

    // The rate chart (and its table) worst first, then best first.
    const chartRates = () =>
      page.$$eval('#chart-rate-data tbody tr td:nth-child(2)', (tds) => tds.map((td: any) => parseFloat(td.textContent)));
    await page.waitForSelector('#chart-rate-data table[data-order=worst]', { state: 'attached' });
    let rates = await chartRates();
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    await page.click('button[data-order=best]');
    await page.waitForSelector('#chart-rate-data table[data-order=best]', { state: 'attached' });
    rates = await chartRates();
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    await page.close();
  }, 600_000);

  test("a unit's strip and its issue list count by the same unit, as of the date shown, and the list pages on", async () => {
    const page = await signedIn();
    await showAsOf(page, CIRCULAR_DAY);
    const unit = await openBusiestUnit(page);
    expect(await page.textContent('#unit-strip')).toContain(`收集 ${unit.collected}`);
    // the list also shows withdrawn issues, which the table does not count as collected (and says so)
    const total = Number(await page.getAttribute('#unit-issue-list', 'data-total'));
    const withdrawn = Number(await page.getAttribute('#unit-issue-list', 'data-withdrawn'));
    expect(total - withdrawn).toBe(unit.collected);
    if (withdrawn) expect(await page.textContent('#unit-issue-count')).toContain(`其中已撤回 ${withdrawn} 项`);
    expect(await page.textContent('#unit-issues')).toContain('按收集单位统计');
    // Each issue's state as of that date: nothing resolved after it shows as resolved.
    const listed = await api(`/issues?campaignId=${DEMO_CAMPAIGN_ID}&collectingUnitId=${unit.id}&asOf=${CIRCULAR_DAY}&pageSize=100`);
    const states = await page.$$eval('#unit-issue-list tbody tr', (trs) => trs.map((tr: any) => tr.dataset.state));
    expect(states).toEqual(listed.items.map((i: any) => i.state));
    if (total > 100) {
      await page.click('#unit-issues .load-more');
      await page.waitForFunction((n) => document.querySelectorAll('#unit-issue-list tbody tr').length === n, Math.min(200, total));
    }
    await page.close();
  }, 600_000);

  test('at 375 px: the unit column stays in place, issue rows read as lines, nothing overflows', async () => {
    const page = await signedIn(SIZES[1]);
    await showAsOf(page, CIRCULAR_DAY);
    const unitColumnLeft = () => page.$eval('tr[data-row=total] th.unit-col', (th: any) => Math.round(th.getBoundingClientRect().left));
    const before = await unitColumnLeft();
    await page.$eval('.table-wrap', (el: any) => el.scrollBy(400, 0));
    expect(await page.$eval('.table-wrap', (el: any) => el.scrollLeft)).toBeGreaterThan(0);
    expect(await unitColumnLeft()).toBe(before);
    await page.$eval('.table-wrap', (el: any) => el.scrollTo(0, 0));
    await openBusiestUnit(page);
    const titleWidth = await page.$eval('#unit-issue-list td.issue-title', (td: any) => td.getBoundingClientRect().width);
    expect(titleWidth).toBeGreaterThan(250); // a line, not one character per line
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'pages-dashboard-circular-day-375');
    await expectChineseAndAccessible(page, 'dashboard at 375 px');
    await page.locator('#unit-issue-list tbody a').first().click();
    await page.waitForSelector('#audit-trail[data-state=ready]');
    await screenshot(page, 'pages-issue-audit-trail-375');
    await page.close();
  }, 600_000);

  it('the Content-Security-Policy refused nothing on any page above', () => {
    expect(browser.cspViolations()).toEqual([]);
  });
});

describeBrowser('pages people want to use: the workbench and the feedback page (Chromium, real app)', () => {
  let world: WorkbenchWorld;
  let browser: TestBrowser;
  let base: string;
  let resolvedIssueId: string;

  beforeAll(async () => {
    [world, browser] = await Promise.all([startWorkbenchWorld(), launchBrowser()]);
    base = world.running.baseUrl;
    // An issue of the officer's own unit, resolved: its feedback link is the enterprise's page.
    resolvedIssueId = randomUUID();
    const actor = { userId: 'officer-wang', unitId: UNITS.own.unitId, role: 'officer' as const };
    await world.run(
      new CollectIssueCommand(
        {
          issueId: resolvedIssueId,
          campaignId: CAMPAIGN.campaignId,
          unitId: UNITS.own.unitId,
          enterpriseCode: ENTERPRISE_B.creditCode,
          kind: 'problem',
          category: '工程款结算',
          title: '市政项目进度款拨付滞后',
          description: '二期工程进度款已超过合同约定时间两个月',
        },
        { actor, occurredAt: new Date('2023-06-13T10:00:00+08:00') },
      ),
    );
    await world.run(
      new AcceptIssueCommand(
        { issueId: resolvedIssueId, dueOn: '2023-06-30' },
        { actor, occurredAt: new Date('2023-06-14T09:00:00+08:00') },
      ),
    );
    await world.run(
      new ResolveIssueCommand(
        { issueId: resolvedIssueId, resolution: '已协调建设单位于6月19日拨付进度款' },
        { actor, occurredAt: new Date('2023-06-19T16:00:00+08:00') },
      ),
    );
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await world?.running.close();
  });

  test("the workbench's queue and an issue speak Chinese, name the officer's unit in the top bar, and pass axe (1280 and 375 px)", async () => {
    for (const size of SIZES) {
      const page = await browser.newPage(size);
      await signIn(page, base, world.tokens.officer);
      await page.waitForSelector('#queue[data-state=ready]');
      expect(await page.textContent('#login')).toContain('王敏');
      expect(await page.textContent('#login .who-unit')).toBe(UNITS.own.name);
      await expectChineseAndAccessible(page, `workbench queue ${size.width}`);
      await screenshot(page, `pages-workbench-queue-${size.width}`);
      await page.click('#go-record');
      await page.waitForSelector('#record-form');
      await expectChineseAndAccessible(page, `workbench record form ${size.width}`);
      await screenshot(page, `pages-workbench-record-${size.width}`);
      await page.goto(`${base}/workbench#/issues/${resolvedIssueId}`);
      await page.waitForSelector('#issue-head[data-state=ready]');
      await page.waitForSelector('#feedback-link-body:is([data-state=ready],[data-state=rated],[data-state=error])');
      await expectChineseAndAccessible(page, `workbench issue ${size.width}`);
      await screenshot(page, `pages-workbench-issue-${size.width}`);
      await page.close();
    }
  }, 300_000);

  test('the feedback page speaks Chinese, passes axe, and clears "请选择…" once a rating is chosen (1280 and 375 px)', async () => {
    const { body } = await apiGet(base, world.tokens.officer, `/issues/${resolvedIssueId}/feedback-link`);
    const url = String(body.url);
    recordSecret(url.split('/feedback/')[1], 'feedback link (pages browser test)');
    for (const size of SIZES) {
      const page = await browser.newPage(size);
      await page.goto(url);
      await page.waitForSelector('#feedback-view');
      expect(await page.textContent('#feedback-view')).toContain('市政项目进度款拨付滞后');
      await page.click('#feedback-submit');
      await page.waitForSelector('#feedback-error:not([hidden])');
      expect(await page.textContent('#feedback-error')).toContain('请选择');
      await expectChineseAndAccessible(page, `feedback page ${size.width}`);
      await screenshot(page, `pages-feedback-${size.width}`);
      await page.check('input[name=rating][value=basically_satisfied]');
      expect(await page.isVisible('#feedback-error')).toBe(false);
      await page.close();
    }
  }, 300_000);

  it('an error the workbench meets is shown in Chinese, without its code', async () => {
    // the same refusal the API gives any client preferring Chinese
    const response = await fetch(`${base}/issues/${resolvedIssueId}/accept`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.tokens.officer}`, 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: JSON.stringify({}),
    });
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem.code).toBe('ISSUE.NOT_PENDING');
    expect(problem.detail).toBe('问题已受理，不能重复受理。');
  });

  it('the Content-Security-Policy refused nothing on any page above', () => {
    expect(browser.cspViolations()).toEqual([]);
  });
});
