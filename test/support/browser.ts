import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccessStore } from '@banjie/access';
import { loadConfig, type Clock, createHttpApp } from '@banjie/platform';
import { AppModule } from '../../apps/api/src/app.module';

/**
 * Browser-test support: Debian's Chromium through playwright-core (no downloaded browsers), and
 * the real application on embedded PGlite on a free port. test/support/global-setup.js sets
 * BANJIE_TEST_CHROMIUM to '' when Chromium is missing (and fails the run under CI=true).
 */
export function chromiumPath(): string | null {
  return process.env.BANJIE_TEST_CHROMIUM || null;
}

/** describe() that is skipped, with the reason printed once by global-setup, without Chromium. */
export const describeBrowser: jest.Describe = chromiumPath() ? describe : describe.skip;

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
  /** What the Content-Security-Policy refused on any page so far (the pages must need nothing it forbids). */
  cspViolations(): string[];
  close(): Promise<void>;
}

/** Chromium with a fresh profile folder (--user-data-dir, through launchPersistentContext). */
export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = process.env.BANJIE_TEST_CHROMIUM || '/usr/bin/chromium';
  const userDataDir = mkdtempSync(join(tmpdir(), 'banjie-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const violations: string[] = [];
  return {
    context,
    async newPage({ width = 1440, height = 900 } = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      // A page error fails the test that caused it, with the browser's own message.
      page.on('pageerror', (error) => console.error(`[chromium] page error: ${error.message}`));
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
      });
      return page;
    },
    cspViolations: () => [...violations],
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-output', 'screenshots');

/** Saves a full-page screenshot under test-output/screenshots/ (git-ignored); returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface RunningApp {
  app: NestFastifyApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** A new, empty PGlite data folder (removed by RunningApp.close). */
export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'banjie-browser-'));
}

/** The configuration startApp uses, for a CLI step on the same data folder first (e.g. runDemo). */
export function testConfig(dataDir: string, env: Record<string, string> = {}) {
  return loadConfig({ DATA_DIR: dataDir, DEMO: '0', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env });
}

/**
 * Boots the application as `npm start` does (API + worker in one process) on a fresh PGlite data
 * folder, listening on a free port of 127.0.0.1. DEMO=0: a test loads the demo itself.
 */
export async function startApp(options: { clock?: Clock; env?: Record<string, string>; dataDir?: string } = {}): Promise<RunningApp> {
  const dataDir = options.dataDir ?? freshDataDir();
  process.env.LOG_LEVEL ??= 'silent';
  const config = testConfig(dataDir, options.env);
  const app = await createHttpApp(
    AppModule.forRoot({ config, clock: options.clock, worker: config.role !== 'api', readModels: config.role !== 'api' }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A bearer token for a new user of the given role (a supervisor sees every unit). */
export async function tokenFor(running: RunningApp, role: 'supervisor' | 'admin' = 'supervisor'): Promise<string> {
  const store = running.app.get(AccessStore, { strict: false });
  const user = await store.createUser({ name: `browser test ${role}`, role });
  return (await store.createToken(user.userId, { label: 'browser test' })).token;
}
