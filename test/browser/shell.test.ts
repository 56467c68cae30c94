import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type BrowserVigil, describeBrowser, expectAccessible, launchBrowser, screenshot, signedInContext, startBrowserVigil } from './browser.ts';

describeBrowser('the dashboard shell', () => {
  let browser: Browser;
  let app: BrowserVigil;
  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), startBrowserVigil()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.t.stop();
  });

  it('signs in, shows the navigation and the live indicator, and switches theme', async () => {
    const { page, context } = await signedInContext(browser, app);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: /^Theme:/ }).click();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset['theme'])).toBe('dark');
    await expectAccessible(page, 'shell');
    await screenshot(page, 'shell-dark');
    await context.close();
  });

  it('sends a signed-out visitor to the sign-in page, and back where they were after', async () => {
    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    await page.goto('/services');
    await page.waitForURL(/\/login\?next=%2Fservices/);
    await expectAccessible(page, 'login');
    await context.close();
  });
});
