import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { buildPortico, loadConfig, type Portico } from '@portico/server';
import { loadDemoCatalogIfEmpty } from '../../server/src/demo/demo-catalog.ts';
import { openTestDatabase } from '../../server/src/testing/test-database.ts';

const WEB = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM = process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium';
/** Backstage's software templates (fixtures), the only folder templates may be read from in these tests. */
export const TEMPLATES = fileURLToPath(new URL('../../../../shared/fixtures/backstage/templates/', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url));

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  // CI sets PORTICO_REQUIRE_BROWSER: there a missing browser is a failure, never a silent skip.
  if (process.env.PORTICO_REQUIRE_BROWSER) throw new Error(`No Chromium at ${CHROMIUM}, and PORTICO_REQUIRE_BROWSER is set`);
  return `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it)`;
}

function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return latest;
}

/** Builds the portal when dist/ is missing or older than its sources, so tests see the current UI. */
export function ensureWebBuild(): void {
  const index = join(WEB, 'dist', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(WEB, 'src'))) return;
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: WEB, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed for the web portal:\n${result.stdout}\n${result.stderr}`);
}

export interface RunningPortal {
  portico: Portico;
  /** Where scaffolded repositories are published. */
  gitRoot: string;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The real server on a fresh database with the demo catalog, and a headless Chromium. */
export async function startPortal(): Promise<RunningPortal> {
  ensureWebBuild();
  const db = await openTestDatabase();
  const gitRoot = mkdtempSync(join(tmpdir(), 'portico-e2e-git-'));
  const portico = await buildPortico(loadConfig({
    LOG_LEVEL: 'silent', PORTICO_DEMO: 'false', PORTICO_RATE_LIMIT: '0', PORTICO_SECRET_KEY: randomBytes(32).toString('base64'),
    PORTICO_GIT_ROOT: gitRoot, PORTICO_TEMPLATE_ROOTS: TEMPLATES,
  }), db, { guest: true });
  await loadDemoCatalogIfEmpty(db, portico.services.imports);
  await portico.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(portico.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    portico, base, browser, gitRoot,
    async close() {
      await browser.close();
      await portico.close();
      await db.close();
      rmSync(gitRoot, { recursive: true, force: true });
    },
  };
}

/** A page that fails the test on any uncaught script error or console error. */
export async function openPage(portal: RunningPortal, colorScheme: 'light' | 'dark' = 'light', options: { cookie?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await portal.browser.newContext({ viewport: { width: 1366, height: 850 }, colorScheme });
  // A signed-in person instead of the local guest: the session cookies a sign-in would have set.
  if (options.cookie) {
    await context.addCookies(options.cookie.split('; ').map((pair) => {
      const [name = '', value = ''] = pair.split('=');
      return { name, value, url: portal.base };
    }));
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  return { page, errors };
}

/** Serious and critical accessibility violations axe-core finds on the page, as readable lines. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
