import type { Page } from 'playwright-core';

/**
 * What the browser tests read from the dashboard page (the data-* hooks of apps/dashboard).
 * The functions passed to page.$$eval run in Chromium; this repo type-checks without lib.dom.
 */
export const MAIN_COLUMNS = ['enterprisesVisited', 'activities', 'issuesCollected', 'issuesResolved', 'completionRate', 'satisfactionRate'];

/** The six main cells of a report row: 'total', 'group-department', 'group-prefecture'. */
export async function rowCells(page: Page, row: string): Promise<string[]> {
  return page.$$eval(
    `[data-testid=report-table] tr[data-row="${row}"] td`,
    (tds, cols) =>
      cols.map(
        (c) =>
          (tds as Array<{ dataset: Record<string, string>; textContent: string | null }>)
            .find((td) => td.dataset.col === c)
            ?.textContent?.trim() ?? '',
      ),
    MAIN_COLUMNS,
  );
}

/** Waits until the table shows the report (as of a given date, when given). */
export async function waitForReport(page: Page, asOf?: string) {
  const selector = asOf ? `#report-status[data-state=ready][data-as-of="${asOf}"]` : '#report-status[data-state=ready]';
  await page.waitForSelector(selector, { timeout: 60_000 });
}

/** The hash part of the page's URL. */
export async function hashOf(page: Page): Promise<string> {
  return new URL(page.url()).hash;
}
