import { randomUUID } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { CollectIssueCommand } from '@banjie/application';
import { describeBrowser, launchBrowser, screenshot, tokenFor, type TestBrowser } from '../support/browser';
import { recordSecret } from '../support/secrets';
import { CAMPAIGN, ENTERPRISE_A, UNITS, apiGet, signIn, startWorkbenchWorld, type WorkbenchWorld } from './workbench.fixture';

// Browser globals for the functions that run inside the page (tests type-check without lib.dom).
declare const document: any, window: any;

/** A real PNG photo stand-in (a 320×240 gradient), so the browser has something to decode and scale. */
function gradientPng(width = 320, height = 240): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([(x * 255) / width, (y * 255) / height, 160], 1 + x * 3);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Issue 19's field evidence in real Chromium against the real application on PGlite: an officer
 * resolves an issue on the workbench with a photo attached; the event records it; the supervisor
 * opens the issue's audit trail on the dashboard and sees the photo (a thumbnail the browser
 * scaled, fetched with the bearer token) with its name, and can open it large. Screenshots:
 * test-output/screenshots/attachments-*.
 */
describeBrowser('attachments: a photo on a resolution, seen in the audit trail (Chromium, real app)', () => {
  let world: WorkbenchWorld;
  let browser: TestBrowser;
  let supervisorToken: string;
  const issueId = randomUUID();
  const photo = gradientPng();

  beforeAll(async () => {
    [world, browser] = await Promise.all([startWorkbenchWorld(), launchBrowser()]);
    await world.run(
      new CollectIssueCommand(
        {
          issueId,
          campaignId: CAMPAIGN.campaignId,
          unitId: UNITS.own.unitId,
          enterpriseCode: ENTERPRISE_A.creditCode,
          kind: 'problem',
          category: '工程款结算',
          title: '项目围挡破损影响通行',
          description: '施工现场围挡多处破损，企业请求协调整改',
        },
        { occurredAt: new Date('2023-06-15T10:00:00+08:00') },
      ),
    );
    supervisorToken = await tokenFor(world.running, 'supervisor');
    recordSecret(supervisorToken, 'supervisor token (attachments)');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await world?.running.close();
  });

  test('the officer resolves the issue with a photo attached on the workbench', async () => {
    const page = await browser.newPage({ width: 1280, height: 900 });
    await signIn(page, world.running.baseUrl, world.tokens.officer, `#/issues/${issueId}`);
    await page.waitForSelector('#issue-head[data-state=ready]');
    await page.click('details[data-action=resolve] > summary');
    await page.fill('details[data-action=resolve] textarea[name=resolution]', '已督促施工单位更换围挡，现场已恢复通行');
    await page.setInputFiles('#resolve-attachments', { name: '整改后现场.png', mimeType: 'image/png', buffer: photo });
    await page.waitForSelector('details[data-action=resolve] .attachment-picker[data-state=ready]');
    expect(await page.textContent('details[data-action=resolve] .attachment-list')).toContain('整改后现场.png');
    await page.click('details[data-action=resolve] button[type=submit]');
    await page.waitForSelector('#issue-flash[data-kind=ok]');
    // the workbench's own timeline shows it too
    await page.waitForSelector('#issue-timeline li[data-type=IssueResolved] .attachment[data-state=ready] img');
    await screenshot(page, 'attachments-workbench-resolved-1280');

    const history = (await apiGet(world.running.baseUrl, world.tokens.officer, `/issues/${issueId}/history`)).body as { events: any[] };
    const resolved = history.events.find((e: { type: string }) => e.type === 'IssueResolved');
    expect(resolved.data.attachments).toEqual([
      { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: photo.length, type: 'image/png', name: '整改后现场.png' },
    ]);
    await page.close();
  });

  test("the supervisor sees the photo in the issue's audit trail on the dashboard", async () => {
    for (const [width, height] of [
      [1280, 900],
      [375, 800],
    ]) {
      const page = await browser.newPage({ width, height });
      await page.goto(`${world.running.baseUrl}/#/issues/${issueId}`);
      await page.click('#login [data-action=use-token]');
      await page.fill('#login input[name=token]', supervisorToken);
      await page.click('#login button[type=submit]');
      const img = await page.waitForSelector('li[data-type=IssueResolved] .attachment[data-state=ready] img[alt="整改后现场.png"]');
      const shown = await img.evaluate((el: any) => ({ natural: el.naturalWidth, width: el.getBoundingClientRect().width }));
      expect(shown.natural).toBe(320); // the original, scaled by the browser for display
      expect(shown.width).toBeLessThanOrEqual(160);
      expect(await page.textContent('li[data-type=IssueResolved] .attachments')).toContain('整改后现场.png');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, `attachments-audit-trail-${width}`);
      if (width === 1280) {
        await page.click('li[data-type=IssueResolved] .thumb-button');
        await page.waitForSelector('dialog.attachment-dialog[open] img');
        await screenshot(page, 'attachments-large-1280');
        await page.click('dialog.attachment-dialog button[type=submit]');
      }
      await page.close();
    }
  });

  test('no page needed anything the Content-Security-Policy forbids', () => {
    expect(browser.cspViolations()).toEqual([]);
  });
});
