import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * Checks every page must pass (issue 19): no English on screen outside a small allow-list, and no
 * accessibility violation of serious or critical impact by axe-core, run inside the page.
 */

/**
 * Words that may stay Latin on a Chinese page: the product's name, file formats, the credit code's
 * and an API token's names. Kept small on purpose: anything else is a string to translate.
 */
export const ALLOWED_LATIN = new Set([
  ...['banjie', 'CSV', 'XLSX', 'PDF', 'Word', 'Excel', 'MB', 'JSON', 'ID', 'QR'],
  'CA', // "CA锁", the digital certificate key, in the demo's issue titles: data, as enterprises write it
]);

// Browser globals for the functions that run inside the page (tests type-check without lib.dom).
declare const document: any, window: any;

/**
 * Every Latin word (2+ letters, not part of a code like 91420100MA4K… or a hash) in the page's
 * visible text, each with a little of the text around it (to find the string to translate).
 */
export async function englishWords(page: Page): Promise<string[]> {
  // a link shown for copying (the enterprise's feedback link) is an address, not words
  const text: string = (await page.evaluate(() => document.body.innerText)).replace(/https?:\/\/\S+/g, ' ');
  const found = new Map<string, string>();
  for (const m of text.matchAll(/(?<![A-Za-z0-9_./:-])[A-Za-z]{2,}(?![A-Za-z0-9_-])/g)) {
    if (ALLOWED_LATIN.has(m[0]) || found.has(m[0])) continue;
    found.set(m[0], `${m[0]} in "${text.slice(Math.max(0, m.index! - 20), m.index! + m[0].length + 20).replace(/\s+/g, ' ')}"`);
  }
  return [...found.values()];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's violations of serious or critical impact on the page as it is now. The script is
 * evaluated through the DevTools protocol (the pages' Content-Security-Policy allows no inline
 * script, and the test must not weaken it).
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(`${AXE_SOURCE}\n;true`);
  const violations: AxeViolation[] = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n: any) => `${n.target.join(' ')} — ${n.failureSummary}`),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Opens every <details> (chart tables, the analyst's box), so their text is checked too. */
export async function openAllDetails(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
}
