import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBrowser, launchBrowser, screenshot, startApp, type RunningApp, type TestBrowser } from '../support/browser';
import { recordSecret } from '../support/secrets';

/**
 * Issue 19's accounts in real Chromium against the real application on embedded PGlite, running
 * (no CLI, no restart): the first start's administrator signs in with the password from the
 * bootstrap file, registers a unit, launches a campaign, records a calendar adjustment and opens
 * an officer's account on /admin; the officer signs in to the workbench with the initial password,
 * must change it first, then works, signs out and in again; a wrong password answers in Chinese;
 * the supervisor signs in to the dashboard. Screenshots: test-output/screenshots/accounts-*.
 */
// Browser globals for the functions that run inside the page (tests type-check without lib.dom).
declare const document: any, window: any;

const INITIAL = 'Chushi-mima-2024';
const CHOSEN = '河堤巡查-2024年六月-7';

function beijingDate(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}

describeBrowser('accounts and the admin page (Chromium, real app on PGlite)', () => {
  let running: RunningApp;
  let browser: TestBrowser;
  let dir: string;
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banjie-accounts-browser-'));
    const file = join(dir, 'bootstrap-tokens.txt');
    // The access module reads BOOTSTRAP_TOKEN_FILE from the environment when the app is built.
    const saved = process.env.BOOTSTRAP_TOKEN_FILE;
    process.env.BOOTSTRAP_TOKEN_FILE = file;
    try {
      [running, browser] = await Promise.all([startApp(), launchBrowser()]);
    } finally {
      if (saved === undefined) delete process.env.BOOTSTRAP_TOKEN_FILE;
      else process.env.BOOTSTRAP_TOKEN_FILE = saved;
    }
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^account (\S+) password (\S+)$/gm)) {
      passwords[m[1]] = m[2];
      recordSecret(m[2], `bootstrap password of ${m[1]}`);
    }
    for (const m of text.matchAll(/ token (\S+)$/gm)) recordSecret(m[1], 'bootstrap token');
    recordSecret(INITIAL, 'initial password');
    recordSecret(CHOSEN, 'chosen password');
    expect(Object.keys(passwords).sort()).toEqual(['admin', 'supervisor']);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  type Page = Awaited<ReturnType<TestBrowser['newPage']>>;
  const signInWithPassword = async (page: Page, account: string, password: string) => {
    await page.fill('#login input[name=account]', account);
    await page.fill('#login input[name=password]', password);
    await page.click('#login button[type=submit]');
  };
  const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  test('the first administrator signs in with the bootstrap password and sets up a unit, a campaign, the calendar and an officer', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await page.goto(`${running.baseUrl}/admin`);
    await page.waitForSelector('[data-state=signed-out]');
    await screenshot(page, 'accounts-admin-signed-out-1280');
    await signInWithPassword(page, 'admin', passwords.admin);
    await page.waitForSelector('[data-view=users][data-state=ready] #users-table');
    expect(await page.textContent('#login')).toContain('系统管理员');

    // a unit
    await page.click('[data-nav=units]');
    await page.waitForSelector('[data-view=units] #create-unit');
    await page.fill('#create-unit input[name=name]', '荆州市住建局');
    await page.selectOption('#create-unit select[name=level]', 'prefecture');
    await page.fill('#create-unit input[name=region]', '荆州市');
    await page.click('#create-unit button[type=submit]');
    await page.waitForSelector('#units-table tr:has-text("荆州市住建局")');

    // a campaign running today
    await page.click('[data-nav=campaigns]');
    await page.waitForSelector('[data-view=campaigns] #launch-campaign');
    await page.fill('#launch-campaign input[name=title]', '服务企业月');
    await page.fill('#launch-campaign input[name=startsOn]', beijingDate(-10));
    await page.fill('#launch-campaign input[name=endsOn]', beijingDate(30));
    await page.click('#launch-campaign button[type=submit]');
    await page.waitForSelector('#campaigns-table tr:has-text("服务企业月")');
    // its category catalogue: the default, then changed in a dialog (docs/categories.md)
    const row = '#campaigns-table tr:has-text("服务企业月")';
    expect(await page.textContent(`${row} td.categories`)).toBe('行政审批、工程款结算、资质资格、融资信贷、用地规划、政策咨询、其他');
    await page.click(`${row} button[data-action=categories]`);
    await page.fill('dialog textarea[name=categories]', '行政审批\n工程款结算\n燃气安全\n其他');
    await page.click('dialog button[type=submit]');
    await page.waitForSelector(`${row} td.categories:text-is("行政审批、工程款结算、燃气安全、其他")`);

    // a local holiday on the calendar
    await page.click('[data-nav=calendar]');
    await page.waitForSelector('[data-view=calendar] #adjust-calendar');
    await page.fill('#adjust-calendar input[name=date]', '2027-10-08');
    await page.selectOption('#adjust-calendar select[name=isWorkday]', 'false');
    await page.fill('#adjust-calendar input[name=name]', '国庆节');
    await page.fill('#adjust-calendar input[name=sourceNotice]', '国务院办公厅关于2027年部分节假日安排的通知');
    await page.click('#adjust-calendar button[type=submit]');
    await page.waitForSelector('#calendar-days tr:has-text("2027-10-08")');

    // an officer's account: a weak password is refused in Chinese, then a good one
    await page.click('[data-nav=users]');
    await page.waitForSelector('[data-view=users] #create-user');
    await page.fill('#create-user input[name=name]', '王敏');
    await page.fill('#create-user input[name=account]', 'wangmin');
    await page.fill('#create-user input[name=password]', 'password1');
    await page.selectOption('#create-user select[name=role]', 'officer');
    await page.selectOption('#create-user select[name=unitId]', { label: '荆州市住建局（市州）' });
    await page.click('#create-user button[type=submit]');
    await page.waitForSelector('#create-user .form-message[data-tone=error]:not([hidden])');
    expect(await page.textContent('#create-user .form-message')).toContain('密码至少 10 个字符');
    await page.fill('#create-user input[name=password]', INITIAL);
    await page.click('#create-user button[type=submit]');
    await page.waitForSelector('#users-table tr[data-account=wangmin]:has-text("待本人改密码")');
    expect(await page.textContent('#users-table tr[data-account=wangmin]')).toContain('荆州市住建局');
    await screenshot(page, 'accounts-admin-users-1280');

    await page.setViewportSize({ width: 375, height: 800 });
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'accounts-admin-users-375');
    await page.close();
  });

  test('the officer signs in to the workbench, must change the initial password, works, signs out and back in', async () => {
    const page = await browser.newPage({ width: 375, height: 800 });
    await page.goto(`${running.baseUrl}/workbench`);
    await page.waitForSelector('[data-state=signed-out]');
    await screenshot(page, 'accounts-workbench-sign-in-375');
    await signInWithPassword(page, 'WangMin', INITIAL);
    await page.waitForSelector('dialog.password-dialog[open]');
    expect(await page.textContent('dialog.password-dialog')).toContain('请先修改密码');
    await screenshot(page, 'accounts-password-change-375');
    await page.fill('dialog input[name=currentPassword]', INITIAL);
    await page.fill('dialog input[name=newPassword]', 'wangmin-2024-x');
    await page.fill('dialog input[name=confirmPassword]', 'wangmin-2024-x');
    await page.click('dialog button[type=submit]');
    await page.waitForSelector('dialog .signin-error:not([hidden])');
    expect(await page.textContent('dialog .signin-error')).toContain('密码不能包含账号名');
    await page.fill('dialog input[name=newPassword]', CHOSEN);
    await page.fill('dialog input[name=confirmPassword]', CHOSEN);
    await page.click('dialog button[type=submit]');
    await page.waitForSelector('#context:not([hidden])');
    expect(await page.textContent('#my-unit')).toContain('荆州市住建局');
    expect(await page.textContent('#login')).toContain('王敏（办理人员）');
    await page.waitForSelector('#queue[data-state=ready], #queue[data-state=empty]');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);

    await page.click('#login [data-action=sign-out]');
    await page.waitForSelector('[data-state=signed-out]');
    expect(await page.evaluate(() => window.sessionStorage.getItem('banjie.token'))).toBeNull();
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInWithPassword(page, 'wangmin', CHOSEN);
    await page.waitForSelector('#context:not([hidden])');
    expect(await page.$('dialog.password-dialog[open]')).toBeNull();
    await screenshot(page, 'accounts-workbench-signed-in-1280');
    await page.close();
  });

  test('a wrong password is refused in Chinese; the supervisor signs in to the dashboard', async () => {
    const page = await browser.newPage({ width: 1280, height: 800 });
    await page.goto(`${running.baseUrl}/`);
    await page.waitForSelector('#auth-banner:not([hidden])');
    expect(await page.textContent('#auth-banner')).toContain('请先登录');
    await signInWithPassword(page, 'supervisor', 'not-the-password-1');
    await page.waitForSelector('#login .signin-error:not([hidden])');
    expect(await page.textContent('#login .signin-error')).toContain('账号或密码错误');
    await signInWithPassword(page, 'supervisor', passwords.supervisor);
    await page.waitForSelector('#login [data-action=sign-out]');
    expect(await page.textContent('#login')).toContain('督办专班');
    await page.waitForSelector('#campaign option', { state: 'attached' });
    await screenshot(page, 'accounts-dashboard-signed-in-1280');
    await page.close();
  });

  test('no page needed anything the Content-Security-Policy forbids', () => {
    expect(browser.cspViolations()).toEqual([]);
  });
});
