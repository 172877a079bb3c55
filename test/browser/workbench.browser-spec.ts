import { ChineseWorkingCalendar, creditCodeCheckChar, isValidCreditCode } from '@banjie/domain';
import { describeBrowser, launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { recordSecret } from '../support/secrets';
import {
  CAMPAIGN,
  ENTERPRISE_A,
  ENTERPRISE_B,
  TODAY,
  UNITS,
  apiGet,
  apiPost,
  noticeCommand,
  signIn,
  startWorkbenchWorld,
  type WorkbenchWorld,
} from './workbench.fixture';

/**
 * Issue 9's acceptance in real Chromium against the real application (embedded store, worker in
 * process, token access control): an officer of 荆州市住建局 records an activity with two
 * enterprises and two issues in one sitting, accepts one with the due date the working-day
 * calendar proposes, resolves it, copies the enterprise's feedback link, the enterprise opens it in
 * a second page and rates; the queue and the unit's statistics show it. Then a concurrent change
 * between load and submit (If-Match → 412 → the page's conflict message), and an officer of another
 * unit who sees none of it. Screenshots under test-output/screenshots/workbench-*.
 */
// Browser globals for the functions that run inside the page (tests type-check without lib.dom).
declare const document: any, window: any, navigator: any;

describeBrowser('unit workbench (Chromium, real app)', () => {
  let world: WorkbenchWorld;
  let browser: TestBrowser;
  let base: string;
  const ids: { accepted?: string; second?: string } = {};

  beforeAll(async () => {
    [world, browser] = await Promise.all([startWorkbenchWorld(), launchBrowser()]);
    base = world.running.baseUrl;
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await world?.running.close();
  });

  const noOverflow = (page: Awaited<ReturnType<TestBrowser['newPage']>>) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  test("record an activity with two enterprises and two issues, accept one on the calendar's due date, resolve it, and the enterprise rates it through its link", async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await signIn(page, base, world.tokens.officer);
    expect(await page.textContent('#my-unit')).toContain('荆州市住建局');
    // The county bureau's issue is in the parent's queue, read-only.
    await page.waitForSelector('#queue[data-state=ready]');
    expect(await page.getAttribute(`tr[data-issue-id="${world.childIssueId}"]`, 'data-readonly')).toBe('true');

    // ---- record the field work ----
    await page.click('#go-record');
    await page.waitForSelector('#record-form');
    expect(await page.inputValue('#activity-held-on')).toBe(TODAY);
    await page.selectOption('#activity-form', 'door_to_door');
    await page.fill('#activity-summary', '上门走访两家企业，了解工程款结算和审批情况');
    // A wrong check character is caught as it is typed (the domain agrees).
    const wrong = ENTERPRISE_A.creditCode.slice(0, 17) + (ENTERPRISE_A.creditCode[17] === '0' ? '1' : '0');
    expect(isValidCreditCode(wrong)).toBe(false);
    await page.type('#enterprise-search', wrong.slice(0, 10));
    expect(await page.getAttribute('#enterprise-hint', 'data-state')).toBe('partial');
    await page.type('#enterprise-search', wrong.slice(10));
    await page.waitForSelector('#enterprise-hint[data-state=invalid]');
    expect(await page.textContent('#enterprise-hint')).toContain(`第 18 位应为“${ENTERPRISE_A.creditCode[17]}”`);
    await page.type('#enterprise-search', 'O'); // a letter credit codes never use, reported at once
    expect(await page.textContent('#enterprise-hint')).toMatch(/不使用 I、O、S、V、Z|为 18 位/);
    await page.fill('#enterprise-search', ENTERPRISE_A.creditCode.toLowerCase());
    await page.waitForSelector('#enterprise-hint[data-state=valid]');
    await page.click(`#enterprise-suggestions li[data-code="${ENTERPRISE_A.creditCode}"] button`);
    // The second one by name.
    await page.fill('#enterprise-search', '乙市政');
    await page.click(`#enterprise-suggestions li[data-code="${ENTERPRISE_B.creditCode}"] button`);
    expect(await page.$$eval('#picked-enterprises li', (lis) => lis.map((li: any) => li.dataset.code))).toEqual([
      ENTERPRISE_A.creditCode,
      ENTERPRISE_B.creditCode,
    ]);

    // Two issues in the same sitting.
    const row1 = '#issue-rows fieldset[data-row="1"]';
    await page.selectOption(`${row1} select[name=enterpriseCode]`, ENTERPRISE_A.creditCode);
    // The category is chosen from the campaign's catalogue (GET /campaigns/:id/categories), not typed.
    const catalogue = (await apiGet(base, world.tokens.officer, `/campaigns/${CAMPAIGN.campaignId}/categories`)).body
      .categories as string[];
    expect(catalogue).toContain('工程款结算');
    expect(await page.$$eval(`${row1} select[name=category] option`, (os) => os.map((o: any) => o.value))).toEqual(['', ...catalogue]);
    await page.selectOption(`${row1} select[name=category]`, '工程款结算');
    await page.fill(`${row1} input[name=title]`, '政府投资项目工程款拖欠半年');
    await page.fill(`${row1} textarea[name=description]`, '某安置房项目竣工验收后工程款仍未结算，企业资金周转困难');
    await page.click('#add-issue');
    const row2 = '#issue-rows fieldset[data-row="2"]';
    await page.selectOption(`${row2} select[name=enterpriseCode]`, ENTERPRISE_B.creditCode);
    await page.selectOption(`${row2} select[name=kind]`, 'suggestion');
    await page.selectOption(`${row2} select[name=category]`, { label: '行政审批' });
    await page.fill(`${row2} input[name=title]`, '建议施工许可证实行全程网办');
    // No description: the API's per-field error appears next to that field, the rest is kept.
    await page.click('#save-record');
    await page.waitForSelector('#record-status[data-state=partial]');
    expect(await page.isVisible(`${row2} [data-error-for=description]`)).toBe(true);
    expect(await page.getAttribute(`${row2} textarea[name=description]`, 'aria-invalid')).toBe('true');
    expect(await page.getAttribute(row1, 'data-saved')).toBe('true');
    expect(await page.getAttribute('#activity', 'data-saved')).toBe('true');
    await page.fill(`${row2} textarea[name=description]`, '目前需线下提交纸质材料，往返多次');
    await page.click('#save-record');
    await page.waitForSelector('#record-status[data-state=saved]');
    expect(await page.textContent('#record-status')).toContain('1 次活动，2 条问题建议');
    [ids.accepted, ids.second] = await page.$$eval('a.saved-issue', (as) => as.map((a: any) => a.dataset.issueId));

    // The activity holds both enterprises; each issue points at it (saving twice wrote nothing twice).
    const activities = await apiGet(base, world.tokens.officer, `/activities?campaignId=${CAMPAIGN.campaignId}`);
    const items = activities.body.items as { id: string; enterpriseCodes: string[] }[];
    expect(items).toHaveLength(1);
    expect(items[0].enterpriseCodes).toEqual([ENTERPRISE_A.creditCode, ENTERPRISE_B.creditCode]);
    const issue1 = (await apiGet(base, world.tokens.officer, `/issues/${ids.accepted}`)).body;
    expect(issue1).toMatchObject({
      activityId: items[0].id,
      status: 'pending',
      enterpriseCode: ENTERPRISE_A.creditCode,
      category: '工程款结算',
    });
    expect((await apiGet(base, world.tokens.officer, `/issues/${ids.second}`)).body.category).toBe('行政审批');

    // The supervision office puts a 黄牌督办 on the second issue: a badge in the queue.
    await world.run(noticeCommand(UNITS.own.unitId, [ids.second!]));

    // ---- the queue ----
    await page.click('#back-to-queue');
    await page.waitForSelector('#queue[data-state=ready]');
    const rows = await page.$$eval('#queue tbody tr', (trs) =>
      trs.map((tr: any) => ({ id: tr.dataset.issueId, readonly: tr.dataset.readonly })),
    );
    expect(rows.map((r) => r.id).sort()).toEqual([ids.accepted, ids.second, world.childIssueId].sort());
    await page.waitForSelector(`tr[data-issue-id="${ids.second}"] .badge[data-kind=notice]`);
    // The queue's category filter lists the catalogue (not only the categories seen so far).
    const filterOptions = await page.$$eval('#queue-filters select[name=category] option', (os) => os.map((o: any) => o.value));
    expect(filterOptions.slice(0, catalogue.length + 1)).toEqual(['', ...catalogue]);
    await screenshot(page, 'workbench-queue-1280');

    // ---- accept: the due date proposed from the working-day calendar ----
    await page.click(`tr[data-issue-id="${ids.accepted}"] a.issue-link`);
    await page.waitForSelector('#proposed-due-on[data-state=ready]');
    const expectedDue = new ChineseWorkingCalendar().addWorkingDays(TODAY, 15);
    expect(expectedDue).toBe('2023-07-12'); // across 端午节 (06-22..24) and the worked Sunday 06-25
    expect(await page.getAttribute('#proposed-due-on', 'data-due-on')).toBe(expectedDue);
    expect(await page.inputValue('#accept-due-on')).toBe(expectedDue);
    expect(await page.textContent('#proposed-due-on')).toMatch(/端午节? 06-22 至 06-24 放假.*06-25 调休上班/);
    await page.fill('details[data-action=accept] input[name=handler]', '王敏');
    await page.click('form[data-action=accept] button[type=submit]');
    await page.waitForSelector('#issue-head[data-status=in_progress]');
    expect(await page.textContent('#issue-due-on')).toContain(expectedDue);
    expect((await apiGet(base, world.tokens.officer, `/issues/${ids.accepted}`)).body).toMatchObject({
      status: 'in_progress',
      dueOn: expectedDue,
      version: 2,
    });

    // ---- resolve ----
    await page.click('details[data-action=resolve] summary');
    await page.fill('form[data-action=resolve] textarea[name=resolution]', '已协调建设单位于6月底前支付全部工程款，企业确认收到第一笔款项');
    await page.click('form[data-action=resolve] button[type=submit]');
    await page.waitForSelector('#issue-head[data-status=resolved]');
    await page.waitForSelector('#feedback-qr[data-state=ready] svg');
    await screenshot(page, 'workbench-issue-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'workbench-issue-375');
    await page.setViewportSize({ width: 1280, height: 800 });

    // ---- copy the feedback link ----
    await page.click('#copy-feedback-link');
    await page.waitForSelector('#copy-status[data-state=copied]');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(await page.inputValue('#feedback-link'));
    expect(link).toMatch(new RegExp(`^${base}/feedback/[^/]+$`));
    recordSecret(link.split('/feedback/')[1], 'feedback link (workbench browser test)');
    // One link for both: a browser gets the rating page, an API client (any other Accept) the JSON.
    const asApi = await fetch(link);
    expect(asApi.headers.get('content-type')).toContain('application/json');
    expect(await asApi.json()).toMatchObject({ issueId: ids.accepted, title: '政府投资项目工程款拖欠半年' });
    const asBrowser = await fetch(link, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(asBrowser.headers.get('content-type')).toContain('text/html');
    expect(asBrowser.headers.get('referrer-policy')).toBe('no-referrer');
    const timelineTypes = () => page.$$eval('[data-testid=timeline] li', (lis) => lis.map((li: any) => li.dataset.type));
    expect(await timelineTypes()).toEqual(['IssueCollected', 'IssueAccepted', 'IssueResolved']);

    // ---- the enterprise opens the link in a second page and rates ----
    const enterprise = await browser.newPage({ width: 375, height: 800 });
    await enterprise.goto(link);
    await enterprise.waitForSelector('#feedback-view');
    expect(await enterprise.textContent('#feedback-view')).toContain('政府投资项目工程款拖欠半年');
    expect(await enterprise.textContent('#feedback-resolution')).toContain('已协调建设单位');
    await enterprise.check('input[name=rating][value=satisfied]');
    await enterprise.fill('#feedback-comment', '办理及时，感谢！');
    await enterprise.click('#feedback-submit');
    await enterprise.waitForSelector('#feedback-thanks[data-rating=satisfied]');
    // Single use: opening it again says so.
    await enterprise.goto(link);
    await enterprise.waitForSelector('#feedback-refused');
    expect(await enterprise.textContent('#feedback-refused')).toMatch(/已经使用过|已经评价过/);
    await enterprise.close();

    // ---- the issue page, the queue and the statistics reflect it ----
    await page.reload();
    await page.waitForSelector('#issue-head[data-status=resolved]');
    expect(await page.textContent('#issue-rating')).toBe('满意');
    expect(await timelineTypes()).toEqual(['IssueCollected', 'IssueAccepted', 'IssueResolved', 'FeedbackGiven']);
    expect(await page.textContent('[data-testid=timeline] li[data-type=FeedbackGiven]')).toContain('企业自评（反馈链接）');
    expect(await page.getAttribute('#feedback-link-body', 'data-state')).toBe('rated');

    await page.goto(`${base}/workbench#/`);
    await page.waitForSelector('#queue[data-state=ready]');
    // The open queue no longer lists the resolved issue …
    expect(await page.locator(`tr[data-issue-id="${ids.accepted}"]`).count()).toBe(0);
    // … "all" does, resolved and rated.
    await page.selectOption('#queue-filters select[name=state]', 'all');
    await page.waitForSelector(`tr[data-issue-id="${ids.accepted}"][data-state=resolved]`);
    expect(await page.textContent(`tr[data-issue-id="${ids.accepted}"]`)).toContain('评价：满意');
    // The unit's statistics come from the projections (asynchronous): wait for them to catch up.
    const stat = (key: string) => page.textContent(`#unit-stats [data-stat=${key}] .stat-value`);
    for (let i = 0; i < 40; i++) {
      await page.waitForSelector('#unit-stats[data-state=ready]');
      if ((await stat('satisfactionRate')) === '100%') break;
      await page.waitForTimeout(500);
      await page.reload();
    }
    expect(await stat('enterprisesVisited')).toBe('2');
    expect(await stat('activities')).toBe('1');
    expect(await stat('issuesCollected')).toBe('2');
    expect(await stat('issuesResolved')).toBe('1');
    expect(await stat('completionRate')).toBe('50%');
    expect(await stat('satisfactionRate')).toBe('100%');
    await page.close();
  }, 240_000);

  test('a change by someone else between load and submit: the page refuses to overwrite it, reloads and says so', async () => {
    expect(ids.second).toBeDefined();
    const page = await browser.newPage({ width: 1280, height: 800 });
    await signIn(page, base, world.tokens.officer, `#/issues/${ids.second}`);
    await page.waitForSelector('#issue-head[data-status=pending][data-version="1"]');

    // A refused field comes back next to it (problem+json errors[].field), nothing written.
    await page.click('details[data-action=withdraw] summary');
    await page.click('form[data-action=withdraw] button[type=submit]');
    await page.waitForSelector('form[data-action=withdraw] [data-error-for=reason]:not([hidden])');
    expect(await page.getAttribute('form[data-action=withdraw] textarea[name=reason]', 'aria-invalid')).toBe('true');

    // The officer types a reason … meanwhile a colleague accepts the issue through the API.
    await page.fill('form[data-action=withdraw] textarea[name=reason]', '与其他问题重复');
    const colleague = await apiPost(base, world.tokens.secondOfficer, `/issues/${ids.second}/accept`, {}, { 'if-match': '"1"' });
    expect(colleague.status).toBe(200);
    await page.click('form[data-action=withdraw] button[type=submit]');

    await page.waitForSelector('#issue-flash[data-kind=conflict]');
    const message = await page.textContent('#issue-flash');
    expect(message).toContain('已被他人修改');
    expect(message).toContain('第 1 版');
    expect(message).toContain('第 2 版');
    // Reloaded: the colleague's acceptance is on screen, and what was typed is still there.
    await page.waitForSelector('#issue-head[data-status=in_progress][data-version="2"]');
    expect(await page.inputValue('form[data-action=withdraw] textarea[name=reason]')).toBe('与其他问题重复');
    expect((await apiGet(base, world.tokens.officer, `/issues/${ids.second}`)).body).toMatchObject({ status: 'in_progress', version: 2 });
    await screenshot(page, 'workbench-issue-conflict-1280');

    // Answering the supervision notice from the issue page (If-Match on the notice's version).
    await page.fill('form[data-action=answer] textarea[name=response]', '已与企业沟通，本周内办结');
    await page.click('form[data-action=answer] button[type=submit]');
    await page.waitForSelector('#issue-flash[data-kind=ok]');
    await page.waitForSelector('#issue-notices .notice[data-status=answered]');
    expect(await page.locator('form[data-action=answer]').count()).toBe(0);
    expect(await page.textContent('#issue-notices')).toContain('已回复：已与企业沟通，本周内办结');

    // Progress on the version now shown goes through.
    await page.fill('form[data-action=progress] textarea[name=note]', '已约谈建设单位');
    await page.click('form[data-action=progress] button[type=submit]');
    await page.waitForSelector('#issue-head[data-version="3"]');
    expect(await page.textContent('#issue-flash')).toContain('已记录进展');
    await page.close();
  }, 120_000);

  test('an officer of another unit sees none of these issues', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await signIn(page, base, world.tokens.otherOfficer);
    expect(await page.textContent('#my-unit')).toContain('黄石市住建局');
    await page.waitForSelector('#queue[data-state=empty]');
    await page.selectOption('#queue-filters select[name=state]', 'all').catch(() => undefined);
    await page.waitForSelector('#queue[data-state=empty]');
    const html = await page.content();
    for (const id of [ids.accepted, ids.second, world.childIssueId]) expect(html).not.toContain(id!);
    expect(await page.textContent('#unit-stats')).not.toContain('荆州');
    // Not even by address.
    await page.goto(`${base}/workbench#/issues/${ids.accepted}`);
    await page.waitForSelector('#issue-head[data-state=not-found]');
    expect(await page.textContent('#issue-head')).toContain('无权查看');
    expect(await page.locator('form[data-action]').count()).toBe(0);
    await page.close();
  }, 60_000);

  test('GET /calendar answers the due date the accept command would default to, with the holidays in between', async () => {
    const r = await apiGet(base, world.tokens.otherOfficer, '/calendar?workingDays=15');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      today: TODAY,
      from: TODAY,
      workingDays: 15,
      dueOn: new ChineseWorkingCalendar().addWorkingDays(TODAY, 15),
      officialCalendarCovers: true,
    });
    const days = r.body.days as { date: string; isWorkday: boolean; name: string | null }[];
    expect(days.filter((d) => d.name).map((d) => [d.date, d.isWorkday])).toEqual([
      ['2023-06-22', false],
      ['2023-06-23', false],
      ['2023-06-24', false],
      ['2023-06-25', true],
    ]);
    const bad = await apiGet(base, world.tokens.otherOfficer, '/calendar?from=2023-02-30&workingDays=x');
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['from', 'workingDays']);
    expect((await fetch(`${base}/calendar`)).status).toBe(401);
  });

  test('the page checks credit codes exactly as the domain does (GB 32100-2015)', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/workbench`);
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647);
    const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const codes: string[] = [
      ENTERPRISE_A.creditCode,
      ENTERPRISE_B.creditCode,
      '91350100M000100Y43',
      '91350100M000100Y44',
      'abc',
      '',
      '91350100M000100Y4I',
      '91350100M000100Y433',
    ];
    for (let i = 0; i < 300; i++) {
      const first17 = Array.from({ length: 17 }, () => CHARS[rnd() % 31]).join('');
      codes.push(first17 + (i % 3 === 0 ? CHARS[rnd() % 31] : creditCodeCheckChar(first17)));
    }
    // A string, not a function: the test transpiler would rewrite import() into require().
    const inPage: string[] = await page.evaluate(
      `import('/assets/js/workbench-credit-code.js').then((m) => ${JSON.stringify(codes)}.map((c) => m.checkCreditCode(c).state))`,
    );
    expect(inPage).toEqual(
      codes.map((c) =>
        !c
          ? 'empty'
          : isValidCreditCode(c.trim().toUpperCase())
            ? 'valid'
            : c.length < 18 && /^[0-9A-HJ-NPQRTUWXY]*$/i.test(c)
              ? 'partial'
              : 'invalid',
      ),
    );
    await page.close();
  });

  test('the queue at phone width: cards, no horizontal scrolling', async () => {
    const page = await browser.newPage({ width: 375, height: 800 });
    await signIn(page, base, world.tokens.officer, '#/?state=all');
    await page.waitForSelector('#queue[data-state=ready]');
    await page.waitForSelector('#unit-stats[data-state=ready]');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'workbench-queue-375');
    await page.goto(`${base}/workbench#/record`);
    await page.waitForSelector('#record-form');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'workbench-record-375');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'workbench-record-1280');
    await page.close();
  }, 60_000);

  it('the Content-Security-Policy (script and style from the origin only) refused nothing on any page above', () => {
    expect(browser.cspViolations()).toEqual([]);
  });
});
