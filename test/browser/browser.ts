import { existsSync, mkdirSync } from 'node:fs';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { newOrganisation } from '../factories.ts';
import { startVigil, type TestVigil } from '../harness.ts';

/** Debian's Chromium (`apt-get install chromium`); CI installs it. Never a browser download. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Screenshots of the main pages, kept by the test run (CI prints where). */
export const SCREENSHOT_DIR = 'test-results/screenshots';

/** A browser suite: run when Chromium is installed, else reported as skipped with the reason in its name. */
export function describeBrowser(name: string, body: () => void): void {
  // A browser journey on a busy two-core machine takes longer than the suites' default minute.
  if (existsSync(CHROMIUM)) describe(name, { timeout: 180_000 }, body);
  // .ci/run installs Chromium: in CI its absence is a failure, not a skip.
  else if (process.env['CI']) describe(name, () => it(`needs Chromium at ${CHROMIUM}`, () => expect.fail('Chromium is missing in CI')));
  else describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`, body);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface BrowserVigil {
  t: TestVigil;
  /** http://127.0.0.1:<port> of the listening app. */
  url: string;
}

/** The real app on PGlite, listening on an ephemeral port for the browser. */
export async function startBrowserVigil(env: Record<string, string> = {}): Promise<BrowserVigil> {
  const t = await startVigil('pglite', { env: { PORT: '0', VIGIL_ALLOW_SIGNUP: 'true', ...env } });
  const port = await t.vigil.listen();
  return { t, url: `http://127.0.0.1:${port}` };
}

/** An organisation with an admin, and a browser context signed in as that admin (session cookie). */
export async function signedInContext(browser: Browser, app: BrowserVigil, viewport = { width: 1280, height: 860 }): Promise<{ context: BrowserContext; page: Page; token: string; email: string; orgId: string }> {
  const { token, email, orgId } = await newOrganisation(app.t);
  const context = await browser.newContext({ baseURL: app.url, viewport });
  const page = await context.newPage();
  failOnPageErrors(page);
  await signIn(page, email, 'correct horse battery staple');
  return { context, page, token, email, orgId };
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Uncaught errors in the page fail the test instead of passing unnoticed. */
export function failOnPageErrors(page: Page): void {
  page.on('pageerror', (error) => {
    throw new Error(`uncaught error in the page: ${error.message}`);
  });
}


interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core on the page as it is now; fails on any serious or critical violation, naming each. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays on.
  await page.evaluate(axe.source);
  // Runs in the page, where axe is a global; the test's TypeScript has no DOM types, hence globalThis.
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${label}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Saves a full-page screenshot of the page under test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true, animations: 'disabled' });
}
