// The portal's figures: measured in Debian's Chromium against the benchmark's server.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM, ensureWebBuild } from '../../packages/web/e2e/portal-harness.ts';

const DIST = new URL('../../packages/web/dist/', import.meta.url).pathname;

/** Gzipped size of what the first page load fetches: the entry script and every module it preloads. */
export function initialJavaScriptKb(): number {
  ensureWebBuild();
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(DIST, file))).length, 0);
  return Math.round(bytes / 1024);
}

const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(0));
};

/**
 * Explorer: navigation start to the table showing rows (a fresh page each time, cache warm as for
 * a returning user). Search: last keystroke in Ctrl-K to the first result for that text.
 */
export async function measurePortal(base: string): Promise<Record<string, unknown>> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` };
  ensureWebBuild();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
    const page = await context.newPage();
    const explorer: number[] = [];
    for (let i = 0; i < 8; i++) {
      const start = performance.now();
      await page.goto(`${base}/catalog/component${i % 2 ? '?f.lifecycle=production' : ''}`);
      await page.getByTestId('entity-table').locator('tbody tr').first().waitFor();
      explorer.push(performance.now() - start);
    }
    const search: number[] = [];
    const terms = ['component 12', 'team 4', 'api 77', 'system 3', 'compnent 5', 'resource 9'];
    await page.goto(base);
    await page.getByTestId('open-search').waitFor();
    const input = page.getByPlaceholder('Search entities by name, description, tag…');
    for (const term of terms) {
      await page.getByTestId('open-search').click();
      await input.waitFor();
      await input.fill(term.slice(0, -1));
      await page.getByTestId('search-hit').first().waitFor().catch(() => undefined);
      const start = performance.now();
      await input.press(term.slice(-1));
      // Results for the whole term are on screen (a locator: the portal's CSP forbids evaluated strings).
      await page.getByTestId('search-hit').filter({ hasText: term.split(' ')[1] ?? '' }).first().waitFor();
      search.push(performance.now() - start);
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
    }
    return {
      explorerRowsShownMs: { p50: percentile(explorer.slice(1), 0.5), max: percentile(explorer.slice(1), 1), firstVisit: Math.round(explorer[0] ?? 0) },
      searchResultsAfterLastKeystrokeMs: { p50: percentile(search, 0.5), max: percentile(search, 1) },
    };
  } finally {
    await browser.close();
  }
}
