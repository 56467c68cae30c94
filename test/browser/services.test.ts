import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type BrowserVigil, describeBrowser, expectAccessible, launchBrowser, screenshot, signedInContext, signIn, startBrowserVigil } from './browser.ts';

/** The text of the visible element matching `selector` inside the open dialog. */
async function dialogText(page: Page, selector: string): Promise<string> {
  return (await page.getByRole('dialog').locator(selector).first().textContent()) ?? '';
}

describeBrowser('services and integrations in the dashboard', () => {
  let browser: Browser;
  let app: BrowserVigil;
  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), startBrowserVigil()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.t.stop();
  });

  it('creates a service and an Events API v2 integration, takes an event with the shown key, and schedules maintenance', async () => {
    const { page, context, email, token } = await signedInContext(browser, app);
    await page.goto('/services');
    await page.getByText('No services yet.').waitFor();

    await page.getByRole('button', { name: 'New service' }).click();
    const create = page.getByRole('dialog', { name: 'New service' });
    await create.getByLabel('Name').fill('Checkout');
    await create.getByLabel('Description').fill('Takes the money');
    await create.getByLabel('Urgency').selectOption('severity_based');
    await create.getByRole('button', { name: 'Create service' }).click();
    await page.waitForURL(/\/services\/[0-9a-f-]{36}\?tab=integrations$/);
    const serviceId = new URL(page.url()).pathname.split('/').at(-1)!;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Checkout');

    // A name already taken is refused by the server, and the dialog says why.
    await page.goto('/services');
    await page.getByRole('button', { name: 'New service' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Checkout');
    await page.getByRole('dialog').getByRole('button', { name: 'Create service' }).click();
    await page.getByRole('dialog').getByRole('alert').filter({ hasText: 'already exists' }).waitFor();
    await page.keyboard.press('Escape');

    await page.goto(`/services/${serviceId}?tab=integrations`);
    await page.getByText('No integrations yet').waitFor();
    await page.getByRole('button', { name: 'Add integration' }).click();
    const add = page.getByRole('dialog', { name: 'Add an integration' });
    await expect(add.getByLabel(/Events API v2/).isChecked()).resolves.toBe(true);
    await add.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('dialog', { name: /is ready$/ }).waitFor();
    const url = await dialogText(page, '.svc-url');
    const key = await dialogText(page, '.svc-key');
    expect(url).toBe(`${new URL(url).origin}/v2/enqueue`);
    expect(key).toMatch(/^[a-z0-9]{32}$/);
    const curl = await page.getByRole('dialog').getByRole('figure').filter({ hasText: 'Send a test alert with curl' }).textContent();
    expect(curl).toContain(`"routing_key":"${key}"`);
    expect(curl).toContain(url);
    await expectAccessible(page, 'integration created');

    // What the dialog showed works: an event sent with that key opens an incident on this service.
    const sent = await fetch(`${app.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ routing_key: key, event_action: 'trigger', dedup_key: 'disk-db-1', payload: { summary: 'Disk 95% full on db-1', source: 'db-1', severity: 'critical' } }),
    });
    expect(sent.status).toBe(202);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();

    // The list shows the incident as the service's health, live (the stream refreshes it).
    await page.goto('/services');
    const row = page.getByRole('row').filter({ hasText: 'Checkout' });
    await row.getByText('1 triggered').waitFor({ timeout: 15_000 });
    await expect(row.getByText('None: nobody is paged').isVisible()).resolves.toBe(true);
    await expect.poll(() => row.locator('time').count()).toBe(1);
    await expectAccessible(page, 'services list');
    await screenshot(page, 'services');

    // The key is masked in the list of integrations until revealed.
    await row.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('tab', { name: 'Integrations' }).click();
    const card = page.getByRole('article', { name: /Events API v2/ });
    await expect(card.getByText(key, { exact: true }).count()).resolves.toBe(0);
    await card.getByRole('button', { name: /^Show the key/ }).click();
    await card.getByText(key, { exact: true }).waitFor();

    // A generic webhook: its mapping is tried on a sample body, then the integration is deleted after a confirmation.
    await page.getByRole('button', { name: 'Add integration' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an integration' });
    await dialog.getByLabel(/Generic JSON webhook/).check();
    await dialog.getByLabel('Name (optional)').fill('Uptime checks');
    await dialog.getByLabel('Summary expression').fill('title & " on " & host');
    await dialog.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('dialog', { name: 'Uptime checks is ready' }).getByRole('button', { name: 'Done' }).click();
    const webhook = page.getByRole('article', { name: 'Uptime checks' });
    await webhook.getByText('Mapping and test').click();
    await webhook.getByRole('button', { name: 'Test mapping' }).click();
    await webhook.getByText('The sample maps to this event:').waitFor();
    await expect(webhook.getByLabel('The mapped event').textContent()).resolves.toContain('"summary": "Disk 95% full on db-1 on db-1"');
    await webhook.getByRole('button', { name: 'Delete Uptime checks' }).click();
    await page.getByRole('dialog', { name: 'Delete Uptime checks?' }).getByRole('button', { name: 'Delete integration' }).click();
    await expect.poll(() => page.getByRole('article', { name: 'Uptime checks' }).count()).toBe(0);

    // The overview tab: health and what the event did.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('link', { name: /Triggered\s*1/ }).waitFor();
    await page.getByRole('cell', { name: 'Opened an alert' }).waitFor();
    expect(await page.getByRole('link', { name: 'All incidents of this service' }).getAttribute('href')).toBe(`/incidents?service_id=${serviceId}`);

    // Maintenance: a window from now for an hour puts the service in maintenance, and can be ended at once.
    await page.getByRole('tab', { name: 'Maintenance' }).click();
    await page.getByLabel('Description (optional)').fill('Database upgrade');
    await page.getByRole('button', { name: 'Schedule window' }).click();
    const window = page.getByRole('row').filter({ hasText: 'Database upgrade' });
    await window.getByText('in progress').waitFor();
    await page.locator('.page-actions').getByText('maintenance').waitFor();
    const windows = await fetch(`${app.url}/api/v1/services/${serviceId}/maintenance-windows?ongoing_or_future=true`, { headers: { cookie: await cookieHeader(page) } });
    expect(((await windows.json()) as { maintenance_windows: Array<{ description: string }> }).maintenance_windows.map((w) => w.description)).toEqual(['Database upgrade']);
    await expectAccessible(page, 'service maintenance');
    await page.getByRole('tab', { name: 'Integrations' }).click();
    await expectAccessible(page, 'service integrations');
    await screenshot(page, 'service-page');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expectAccessible(page, 'service settings');

    // On a phone.
    const phone = await browser.newContext({ baseURL: app.url, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phonePage = await phone.newPage();
    await signIn(phonePage, email, 'correct horse battery staple');
    await phonePage.goto(`/services/${serviceId}`);
    await phonePage.getByRole('link', { name: /Triggered\s*1/ }).waitFor();
    await expectAccessible(phonePage, 'service on a phone');
    await screenshot(phonePage, 'service-phone');
    await phone.close();

    // Ending the window now takes the service out of maintenance.
    await page.getByRole('tab', { name: 'Maintenance' }).click();
    await window.getByRole('button', { name: 'End now' }).click();
    await window.getByText('ended').waitFor();
    await page.locator('.page-actions').getByText('active').waitFor();
    await context.close();

    // An observer sees the service but no button that would change it.
    const observer = { email: `observer-${Date.now()}@example.com`, password: 'correct horse battery staple' };
    const added = await fetch(`${app.url}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...observer, name: 'Olive Observer', role: 'observer' }),
    });
    expect(added.status).toBe(201);
    const looking = await browser.newContext({ baseURL: app.url });
    const observerPage = await looking.newPage();
    await signIn(observerPage, observer.email, observer.password);
    await observerPage.goto('/services');
    await observerPage.getByRole('link', { name: 'Checkout' }).waitFor();
    await expect(observerPage.getByRole('button', { name: 'New service' }).count()).resolves.toBe(0);
    await observerPage.goto(`/services/${serviceId}?tab=integrations`);
    await observerPage.getByRole('article', { name: /Events API v2/ }).waitFor();
    for (const name of ['Add integration', /^Edit /, /^Delete /]) await expect(observerPage.getByRole('button', { name }).count()).resolves.toBe(0);
    await observerPage.getByRole('tab', { name: 'Maintenance' }).click();
    await observerPage.getByRole('heading', { name: 'Maintenance windows' }).waitFor();
    await expect(observerPage.getByRole('button', { name: 'Schedule window' }).count()).resolves.toBe(0);
    await looking.close();
  });
});

async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}
