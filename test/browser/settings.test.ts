import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type BrowserVigil, describeBrowser, expectAccessible, launchBrowser, screenshot, signedInContext, signIn, startBrowserVigil } from './browser.ts';

const OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new and long password';

/** A toast's text (Radix also copies it into a live region for screen readers, hence exact). */
function toast(page: Page, text: string): Promise<void> {
  return page.getByText(text, { exact: true }).waitFor();
}

describeBrowser('profile, API keys, webhooks and organisation settings', () => {
  let browser: Browser;
  let app: BrowserVigil;
  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), startBrowserVigil()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.t.stop();
  });

  it('changes the password (the server names a wrong current one), then signs in with the new one only', async () => {
    const { page, context, email } = await signedInContext(browser, app);
    await page.goto('/profile');
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password at all');
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('is not your current password', { exact: true }).waitFor();
    await form.getByLabel('Current password').fill(OLD_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await toast(page, 'Password changed. Your other sessions have been signed out.');

    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(OLD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await signIn(page, email, NEW_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/incidents');
    await context.close();
  }, 180_000);

  it('creates an API key whose token works once copied, and revokes it', async () => {
    const { page, context } = await signedInContext(browser, app);
    await page.goto('/api-keys');
    // Signing up made the key the tests use; it is listed, only its prefix shown.
    await page.getByRole('heading', { name: 'Your keys' }).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('button', { name: 'Create API key' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Deploy script');
    await page.getByRole('dialog').getByRole('button', { name: 'Create key' }).click();
    const token = await page.getByRole('dialog').getByLabel('API key').inputValue();
    await page.getByRole('dialog').getByText('shown only this once').waitFor();
    const me = () => fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    await page.getByRole('dialog').getByRole('button', { name: 'I have copied it' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Deploy script' });
    await row.waitFor();
    await expectAccessible(page, 'api keys');
    await screenshot(page, 'api-keys');

    await row.getByRole('button', { name: 'Revoke Deploy script' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await toast(page, 'Deploy script revoked.');
    await row.getByText('revoked').waitFor();
    expect((await me()).status).toBe(401);
    await context.close();
  }, 180_000);

  it('adds a contact method and a notification rule after 5 minutes', async () => {
    const { page, context } = await signedInContext(browser, app);
    await page.goto('/profile');
    const add = page.getByRole('form', { name: 'Add a contact method' });
    await add.getByLabel('Type').selectOption('email');
    await add.getByLabel('E-mail address').fill('pager@example.com');
    await add.getByLabel('Label (optional)').fill('Pager');
    await add.getByRole('button', { name: 'Add contact method' }).click();
    await page.getByRole('row').filter({ hasText: 'pager@example.com' }).waitFor();

    const rule = page.getByRole('form', { name: 'Add a high-urgency rule' });
    await rule.getByLabel('When (high-urgency)').selectOption('5');
    await rule.getByLabel('Notify by (high-urgency)').selectOption({ label: 'E-mail: Pager' });
    await rule.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('listitem').filter({ hasText: 'After 5 minutes' }).filter({ hasText: 'Pager (pager@example.com)' }).waitFor();
    // Every new user starts with an "immediately" rule for each urgency.
    await expect(page.getByRole('listitem').filter({ hasText: 'Immediately' }).count()).resolves.toBe(2);
    await expectAccessible(page, 'profile');
    await screenshot(page, 'profile');
    await context.close();
  }, 180_000);

  it('creates a webhook (the signing secret shown once) and shows its empty delivery log; the organisation page lists the audit trail', async () => {
    const { page, context } = await signedInContext(browser, app);
    await page.goto('/webhooks');
    await page.getByText('No webhooks yet.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('URL').fill('http://127.0.0.1:9/vigil-hook');
    await dialog.getByLabel('All events, including ones added later').uncheck();
    await dialog.getByLabel('incident.triggered').check();
    await dialog.getByLabel('incident.resolved').check();
    await dialog.getByLabel('Allow private network destinations', { exact: false }).check();
    await expectAccessible(page, 'new webhook');
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    expect(await dialog.getByLabel('Signing secret').inputValue()).toMatch(/^whsec_/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row').filter({ hasText: 'http://127.0.0.1:9/vigil-hook' });
    await row.getByText('incident.triggered, incident.resolved').waitFor();
    await row.getByText('Active').waitFor();
    await expectAccessible(page, 'webhooks');
    await screenshot(page, 'webhooks');

    await row.getByRole('link').click();
    await page.waitForURL(/\/webhooks\/[0-9a-f-]{36}$/);
    await page.getByText('No deliveries yet', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
    expect(await page.getByRole('dialog').getByLabel('Signing secret').inputValue()).toMatch(/^whsec_/);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await page.getByText('also signs until', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await toast(page, 'Webhook paused: no deliveries until you enable it.');
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    await expectAccessible(page, 'webhook');
    await screenshot(page, 'webhook');

    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Connect Slack' }).waitFor();
    await expectAccessible(page, 'settings: slack');
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'webhook.create' }).waitFor();
    await page.getByRole('cell', { name: 'webhook.update' }).waitFor();
    await page.getByRole('cell', { name: 'webhook.rotate_secret' }).waitFor();
    await expectAccessible(page, 'settings: audit');
    await screenshot(page, 'settings');
    await page.getByRole('tab', { name: 'Failed jobs' }).click();
    await page.getByText('No failed jobs', { exact: false }).waitFor();
    await page.getByRole('tab', { name: 'Mail outbox' }).click();
    await page.getByRole('heading', { name: 'Mail outbox' }).waitFor();
    await expectAccessible(page, 'settings: mail');
    await context.close();
  }, 180_000);
});
