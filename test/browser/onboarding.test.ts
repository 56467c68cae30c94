import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type BrowserVigil, describeBrowser, expectAccessible, failOnPageErrors, launchBrowser, screenshot, startBrowserVigil } from './browser.ts';

describeBrowser('onboarding', () => {
  let browser: Browser;
  let app: BrowserVigil;
  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), startBrowserVigil({ VIGIL_ALLOW_SIGNUP: 'false' })]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.t.stop();
  });

  it('takes a fresh instance from setup to a test incident that arrives live, then acknowledges and resolves it', async () => {
    const context = await browser.newContext({ baseURL: app.url, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    failOnPageErrors(page);
    await page.goto('/');
    await page.waitForURL('**/setup');
    await expectAccessible(page, 'setup: account');
    await screenshot(page, 'setup-account');
    await page.getByLabel('Organisation name').fill('Acme');
    await page.getByLabel('Your name').fill('Ada Admin');
    await page.getByLabel('E-mail').fill('ada@example.com');
    await page.getByLabel('Password', { exact: true }).fill('too short');
    await page.getByLabel('Confirm password').fill('too short');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password.*12 characters/i);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByLabel('Confirm password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create organisation' }).click();

    await page.getByLabel('Service name').fill('Checkout API');
    await expectAccessible(page, 'setup: service');
    await page.getByRole('button', { name: 'Create service' }).click();
    const key = (await page.locator('.setup-facts dd code').nth(1).textContent()) ?? '';
    expect(key).toMatch(/^[a-z0-9]{32}$/);
    await expect.poll(() => page.getByText(`"routing_key":"${key}"`).count()).toBeGreaterThan(0);
    await screenshot(page, 'setup-integration');
    await page.getByRole('button', { name: 'Continue: send a test event' }).click();

    await expect.poll(() => page.getByText('Live stream: live').count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('button', { name: 'Send a test event' }).click();
    const arrived = page.getByRole('link', { name: /#1 Test event from the setup wizard/ });
    await arrived.waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'setup: test event');
    await screenshot(page, 'setup-test-event');

    await arrived.click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expect.poll(() => page.locator('.badge.status-acknowledged').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => page.locator('.badge.status-resolved').count()).toBeGreaterThan(0);
    await context.close();

    // The instance is set up now: the wizard sends visitors to sign in.
    const later = await browser.newPage({ baseURL: app.url });
    await later.goto('/setup');
    await later.getByText('Vigil is already set up').waitFor();
    await later.close();
  });

  it('offers demo data instead of a first service', async () => {
    const other = await startBrowserVigil();
    try {
      const page = await browser.newPage({ baseURL: other.url });
      failOnPageErrors(page);
      await page.goto('/setup');
      await page.getByLabel('Organisation name').fill('Demo Org');
      await page.getByLabel('E-mail').fill('demo-admin@example.com');
      await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
      await page.getByLabel('Confirm password').fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Create organisation' }).click();
      await page.getByRole('button', { name: 'Explore with demo data' }).click();
      await page.getByRole('button', { name: 'Continue: send a test event' }).click({ timeout: 90_000 });
      await page.getByRole('link', { name: 'Go to incidents' }).click();
      await page.waitForURL('**/incidents');
      await page.close();
    } finally {
      await other.t.stop();
    }
  });
});
