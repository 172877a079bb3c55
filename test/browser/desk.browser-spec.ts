import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { AcceptIssueCommand, CollectIssueCommand } from '@banjie/application';
import { AlertsWorker, DeadlineWatcher } from '@banjie/worker';
import { describeBrowser, launchBrowser, screenshot, tokenFor, type TestBrowser } from '../support/browser';
import { recordSecret } from '../support/secrets';
import { CAMPAIGN, ENTERPRISE_A, ENTERPRISE_B, UNITS, signIn, startWorkbenchWorld, type WorkbenchWorld } from './workbench.fixture';

/**
 * Issue #18's acceptance in real Chromium against the real application: the supervision office's
 * desk (/desk) and the unit's workbench, two pages with two roles. The office approves an
 * extension the unit requested in the workbench, and the workbench shows the new due date; the
 * office issues a 督办单 from an overdue alert, and the unit answers it; the office prints the
 * notice (文号, unit, issues with enterprises); the office finds an issue by part of an
 * enterprise's name. Screenshots under test-output/screenshots/desk-*.
 */

const at = (local: string) => ({ occurredAt: new Date(`${local.replace(' ', 'T')}:00+08:00`) });

describeBrowser('supervision desk (Chromium, real app)', () => {
  let world: WorkbenchWorld;
  let browser: TestBrowser;
  let base: string;
  let supervisorToken: string;
  let officerPage: Page;
  let deskPage: Page;
  const ids = { extension: '', overdue: '' };

  /** A unit's issue collected and accepted (business time back-dated), for the tests to act on. */
  async function acceptedIssue(title: string, enterpriseCode: string, collectedAt: string, dueOn: string) {
    const issueId = randomUUID();
    await world.run(
      new CollectIssueCommand(
        {
          issueId,
          campaignId: CAMPAIGN.campaignId,
          unitId: UNITS.own.unitId,
          enterpriseCode,
          kind: 'problem',
          category: '工程款结算',
          title,
          description: '企业反映',
        },
        at(collectedAt),
      ),
    );
    await world.run(new AcceptIssueCommand({ issueId, dueOn }, at(collectedAt.replace('09:00', '10:00'))));
    return issueId;
  }

  async function signInDesk(page: Page) {
    await page.goto(`${base}/desk#/`);
    await page.waitForSelector('[data-state=signed-out]');
    await page.click('#login [data-action=use-token]');
    await page.fill('#login input[name=token]', supervisorToken);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#inbox[data-state=ready]');
  }

  beforeAll(async () => {
    [world, browser] = await Promise.all([startWorkbenchWorld(), launchBrowser()]);
    base = world.running.baseUrl;
    supervisorToken = await tokenFor(world.running, 'supervisor');
    recordSecret(supervisorToken, 'supervisor token (desk)');
    ids.extension = await acceptedIssue('工程款结算审核周期长', ENTERPRISE_A.creditCode, '2023-06-12 09:00', '2023-06-28');
    ids.overdue = await acceptedIssue('市政配套费减免申请未答复', ENTERPRISE_B.creditCode, '2023-06-01 09:00', '2023-06-09');
    // the watcher records the overdue; the alerts follow (their timers are not what this tests)
    await world.running.app.get(DeadlineWatcher).runOnce();
    expect((await world.running.app.get(AlertsWorker).settle())?.failed ?? []).toEqual([]);
    officerPage = await browser.newPage({ width: 1280, height: 900 });
    deskPage = await browser.newPage({ width: 1440, height: 900 });
    await signIn(officerPage, base, world.tokens.officer);
    await signInDesk(deskPage);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await world?.running.close();
  });

  test('the unit requests an extension in the workbench; the office approves it on the desk; the workbench shows the new due date', async () => {
    await officerPage.goto(`${base}/workbench#/issues/${ids.extension}`);
    await officerPage.waitForSelector('#issue-head[data-state=ready]');
    expect(await officerPage.textContent('#issue-due-on')).toContain('2023-06-28');
    await officerPage.click('details[data-action=request-extension] summary');
    await officerPage.fill('#extension-due-on', '2023-07-12');
    await officerPage.fill('form[data-action=request-extension] textarea[name=reason]', '需等待审计报告，申请延期两周');
    await officerPage.click('form[data-action=request-extension] button[type=submit]');
    await officerPage.waitForSelector('#issue-flash[data-kind=ok]');
    expect(await officerPage.textContent('.pending-request[data-kind=extension]')).toContain('2023-07-12');

    await deskPage.reload();
    await deskPage.waitForSelector(`#inbox tr[data-issue-id="${ids.extension}"][data-kind=extension]`);
    const row = `#inbox tr[data-issue-id="${ids.extension}"]`;
    expect(await deskPage.textContent(row)).toContain('2023-06-28 → 2023-07-12');
    expect(await deskPage.textContent(row)).toContain('荆州市住建局');
    await deskPage.fill(`${row} textarea[name=reason]`, '同意，请按期办结');
    await deskPage.click(`${row} button[data-decide=approve]`);
    await deskPage.waitForSelector('#desk-flash[data-kind=ok]');
    await deskPage.waitForSelector(`#inbox:not(:has(tr[data-issue-id="${ids.extension}"]))`);
    await screenshot(deskPage, 'desk-inbox-approved');

    await officerPage.reload();
    await officerPage.waitForSelector('#issue-head[data-state=ready]');
    expect(await officerPage.textContent('#issue-due-on')).toContain('2023-07-12');
    expect(await officerPage.textContent('#last-decision')).toContain('延期申请已获同意');
    expect(await officerPage.textContent('#last-decision')).toContain('同意，请按期办结');
    await screenshot(officerPage, 'desk-workbench-extended');
  });

  test('a stale decision is refused and explained in Chinese', async () => {
    // the unit asks again; a second office clerk decides first
    await officerPage.click('details[data-action=request-extension] summary');
    await officerPage.fill('#extension-due-on', '2023-07-20');
    await officerPage.fill('form[data-action=request-extension] textarea[name=reason]', '再次申请');
    await officerPage.click('form[data-action=request-extension] button[type=submit]');
    await officerPage.waitForSelector('#issue-flash[data-kind=ok]');
    await deskPage.reload();
    const row = `#inbox tr[data-issue-id="${ids.extension}"]`;
    await deskPage.waitForSelector(row);
    const version = Number(await deskPage.getAttribute(row, 'data-version'));
    const other = await fetch(`${base}/issues/${ids.extension}/decide-extension`, {
      method: 'POST',
      headers: { authorization: `Bearer ${supervisorToken}`, 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify({ approve: false, reason: '另一位同事已处理' }),
    });
    expect(other.status).toBe(200);
    await deskPage.click(`${row} button[data-decide=approve]`);
    await deskPage.waitForSelector('#desk-flash[data-kind=conflict]');
    expect(await deskPage.textContent('#desk-flash')).toMatch(/已被他人修改：您看到的是第 \d+ 版，现在是第 \d+ 版/);
  });

  test('issues a 督办单 from an overdue alert; the unit answers it in the workbench', async () => {
    await deskPage.reload();
    await deskPage.waitForSelector('#desk-alerts[data-state=ready]');
    const alertRow = `#desk-alerts tr[data-issue-id="${ids.overdue}"][data-kind=overdue]`;
    await deskPage.waitForSelector(alertRow);
    await deskPage.click(`${alertRow} button[data-action=notice-from-alert]`);
    await deskPage.waitForSelector('#notice-form');
    expect(await deskPage.inputValue('#notice-issues')).toBe(ids.overdue);
    expect(await deskPage.inputValue('#notice-unit')).toBe(UNITS.own.unitId);
    expect(await deskPage.inputValue('#notice-level')).toBe('red');
    await deskPage.fill('#notice-respond-by', '2023-06-27');
    await deskPage.fill('#notice-reason', '市政配套费减免申请超期未办结，请说明原因并限期办结。');
    await deskPage.click('#notice-form button[type=submit]');
    await deskPage.waitForSelector('#desk-flash[data-kind=ok]');
    await deskPage.waitForSelector('#desk-notices tr[data-status=issued]');

    await officerPage.goto(`${base}/workbench#/issues/${ids.overdue}`);
    await officerPage.waitForSelector('#issue-notices .notice[data-status=issued] form');
    await officerPage.fill('#issue-notices form[data-action=answer] textarea[name=response]', '已与财政部门协调，6月26日前办结');
    await officerPage.click('#issue-notices form[data-action=answer] button[type=submit]');
    await officerPage.waitForSelector('#issue-flash[data-kind=ok]');

    await deskPage.reload();
    await deskPage.waitForSelector('#desk-notices tr[data-status=answered]');
    expect(await deskPage.textContent('#desk-notices tr[data-status=answered]')).toContain('已与财政部门协调');
  });

  test('prints the notice: A4 print view with its 文号, the unit and the issues with their enterprises', async () => {
    await deskPage.click('#desk-notices tr[data-status=answered] a[data-action=print]');
    await deskPage.waitForSelector('#print-notice');
    expect(await deskPage.textContent('#doc-number')).toBe('鄂建服督〔2023〕1号');
    expect(await deskPage.textContent('#print-unit')).toContain('荆州市住建局');
    const issues = await deskPage.textContent('#print-issues');
    expect(issues).toContain('市政配套费减免申请未答复');
    expect(issues).toContain(ENTERPRISE_B.name);
    expect(issues).toContain('2023-06-09');
    expect(issues).toContain('11 天'); // 06-09 → today 06-20 on the app's clock
    expect(await deskPage.textContent('#print-respond-by')).toContain('2023-06-27');
    await deskPage.emulateMedia({ media: 'print' });
    expect(await deskPage.$eval('.topbar', (el: any) => (globalThis as any).getComputedStyle(el).display)).toBe('none');
    await screenshot(deskPage, 'desk-notice-print');
    const pdf = await deskPage.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await deskPage.emulateMedia({ media: 'screen' });
  });

  test('finds an issue by part of an enterprise name', async () => {
    await deskPage.goto(`${base}/desk#/`);
    await deskPage.waitForSelector('#inbox[data-state=ready]');
    await deskPage.fill('#desk-search', '乙市政');
    await deskPage.click('#desk-search-form button[type=submit]');
    await deskPage.waitForSelector('#search-results[data-state=ready]');
    const rows = await deskPage.$$eval('#search-results tbody tr', (trs) => trs.map((tr: any) => tr.dataset.issueId));
    expect(rows).toEqual([ids.overdue]);
    expect(await deskPage.textContent('#search-results')).toMatch(/2023-\d{6}/);
    expect(await deskPage.textContent('#search-results')).toContain(ENTERPRISE_B.name);
    expect(browser.cspViolations()).toEqual([]);
  });

  test("the dashboard's search box opens the desk with the same results", async () => {
    await deskPage.goto(`${base}/`);
    await deskPage.fill('#dashboard-q', '乙市政');
    await Promise.all([deskPage.waitForURL(/\/desk\?q=/), deskPage.click('#dashboard-search button[type=submit]')]);
    await deskPage.waitForSelector('#search-results[data-state=ready]');
    expect(await deskPage.inputValue('#desk-search')).toBe('乙市政');
    const rows = await deskPage.$$eval('#search-results tbody tr', (trs) => trs.map((tr: any) => tr.dataset.issueId));
    expect(rows).toEqual([ids.overdue]);
  });

  test("a unit's 发督办单 link opens the desk's notice form addressed to that unit", async () => {
    await deskPage.goto(`${base}/desk#/?unitId=${encodeURIComponent(UNITS.own.unitId)}`);
    await deskPage.waitForSelector('#notice-form-card:not([hidden])');
    expect(await deskPage.inputValue('#notice-unit')).toBe(UNITS.own.unitId);
  });
});
