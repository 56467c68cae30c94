import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { request } from '../factories.ts';
import { type BrowserVigil, describeBrowser, expectAccessible, failOnPageErrors, launchBrowser, screenshot, signedInContext, signIn, startBrowserVigil } from './browser.ts';

const PASSWORD = 'a long and fresh password';

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
}

describeBrowser('people, invitations and teams', () => {
  let browser: Browser;
  let app: BrowserVigil;
  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), startBrowserVigil()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.t.stop();
  });

  it('a user invited and logging in: the admin invites through the UI, the invitee joins from the link, signs out and in again, and the admin changes their role', async () => {
    const admin = await signedInContext(browser, app);
    const page = admin.page;
    await page.goto('/people');
    await expect.poll(() => page.getByRole('row').filter({ hasText: admin.email }).count()).toBe(1);

    const inviteeEmail = `invitee-${Date.now()}@example.com`;
    await page.getByRole('button', { name: 'Invite people' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('E-mail').fill(inviteeEmail);
    await dialog.getByLabel('Role').selectOption('observer');
    await expectAccessible(page, 'invite dialog');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const acceptUrl = await dialog.getByLabel('Accept link').inputValue();
    expect(acceptUrl.startsWith(`${app.url}/invitations/`)).toBe(true);
    await expect(dialog.getByText('mail outbox').isVisible()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const pending = page.locator('section', { hasText: 'Pending invitations' });
    await expect.poll(() => pending.getByRole('row').filter({ hasText: inviteeEmail }).count()).toBe(1);
    await expectAccessible(page, 'people');
    await screenshot(page, 'people');

    // The invitee, in a browser of their own.
    const inviteeContext = await browser.newContext({ baseURL: app.url, viewport: { width: 390, height: 844 } });
    const invitee = await inviteeContext.newPage();
    failOnPageErrors(invitee);
    await invitee.goto(acceptUrl);
    await invitee.getByText(inviteeEmail).waitFor();
    await expect(invitee.getByText('observer').first().isVisible()).resolves.toBe(true);
    await expectAccessible(invitee, 'accept invitation');
    await screenshot(invitee, 'accept-invitation');
    await invitee.getByLabel('Your name').fill('Grace Hopper');
    await invitee.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await invitee.getByLabel('Confirm password').fill(`${PASSWORD} typo`);
    await invitee.getByRole('button', { name: /^Join / }).click();
    await invitee.getByText('The two passwords differ.').waitFor();
    await invitee.getByLabel('Confirm password').fill(PASSWORD);
    await invitee.getByRole('button', { name: /^Join / }).click();
    await invitee.waitForURL(/\/incidents$/);
    await invitee.getByRole('button', { name: 'Account: Grace Hopper' }).waitFor();

    // The link is used up now.
    const reuse = await inviteeContext.newPage();
    await reuse.goto(acceptUrl);
    await reuse.getByText('accepted already').waitFor();
    await reuse.close();

    await signOut(invitee);
    await signIn(invitee, inviteeEmail, PASSWORD);
    expect(new URL(invitee.url()).pathname).toBe('/incidents');
    await invitee.getByRole('button', { name: 'Account: Grace Hopper' }).waitFor();
    // Their own profile works on a phone: they start with their login e-mail as a contact method.
    await invitee.goto('/profile');
    await invitee.getByRole('row').filter({ hasText: inviteeEmail }).waitFor();
    await expectAccessible(invitee, 'profile on a phone');
    await screenshot(invitee, 'profile-phone');

    // The admin sees them and makes them a responder.
    await page.reload();
    await expect.poll(() => pending.getByRole('row').filter({ hasText: inviteeEmail }).count()).toBe(0);
    await page.getByLabel('Role of Grace Hopper').selectOption('responder');
    await toast(page, 'Grace Hopper is now responder.');
    const users = await request(app.t, 'GET', '/api/v1/users', { token: admin.token });
    expect(users.body.users.find((user: { email: string }) => user.email === inviteeEmail)?.role).toBe('responder');
    await inviteeContext.close();
    await admin.context.close();
  }, 180_000);

  it('adds a user directly and removes them, revokes an invitation sent by mistake, and shows why the last admin cannot be demoted', async () => {
    const admin = await signedInContext(browser, app);
    const page = admin.page;
    await page.goto('/people');
    await page.getByRole('button', { name: 'Add user directly' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Alan Turing');
    await dialog.getByLabel('E-mail').fill(`alan-${Date.now()}@example.com`);
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByLabel('Role').selectOption('admin');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('row').filter({ hasText: 'Alan Turing' }).waitFor();

    // Demoting the only other admin is fine; demoting yourself as the last admin is refused with the server's reason.
    await page.getByLabel('Role of Alan Turing').selectOption('observer');
    await toast(page, 'Alan Turing is now observer.');
    const me = await request(app.t, 'GET', '/api/v1/me', { token: admin.token });
    await page.getByLabel(`Role of ${me.body.user.name}`).selectOption('responder');
    await page.getByText('last admin').first().waitFor();

    // An invitation sent by mistake is revoked; the mail outbox shows what would have been e-mailed.
    await page.getByRole('button', { name: 'Invite people' }).click();
    await page.getByRole('dialog').getByLabel('E-mail').fill('wrong-person@example.com');
    await page.getByRole('dialog').getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Revoke the invitation for wrong-person@example.com' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke invitation' }).click();
    await toast(page, 'Invitation for wrong-person@example.com revoked.');
    await page.getByText('No pending invitations.').waitFor();

    await page.getByRole('button', { name: 'Remove Alan Turing' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove user' }).click();
    await toast(page, 'Alan Turing removed.');
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Alan Turing' }).count()).toBe(0);
    await page.goto('/settings?tab=mail');
    await page.getByRole('row').filter({ hasText: 'wrong-person@example.com' }).waitFor();
    await admin.context.close();
  }, 180_000);

  it('creates a team, adds a member as manager, changes their role and renames the team', async () => {
    const admin = await signedInContext(browser, app);
    const page = admin.page;
    await request(app.t, 'POST', '/api/v1/users', { token: admin.token, body: { name: 'Katherine Johnson', email: `kj-${Date.now()}@example.com`, password: PASSWORD } });
    await page.goto('/teams');
    await page.getByText('No teams yet.').waitFor();
    await page.getByRole('button', { name: 'New team' }).click();
    await page.getByRole('dialog').getByLabel('Team name').fill('Payments');
    await page.getByRole('dialog').getByLabel('Description').fill('Checkout and billing');
    await page.getByRole('dialog').getByRole('button', { name: 'Create team' }).click();
    await page.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();

    await page.getByLabel('Person').selectOption({ label: await optionLabel(page, 'Katherine Johnson') });
    await page.getByLabel('Team role', { exact: true }).selectOption('manager');
    await page.getByRole('button', { name: 'Add member' }).click();
    await toast(page, 'Katherine Johnson added to Payments.');
    await expect(page.getByLabel('Team role of Katherine Johnson').inputValue()).resolves.toBe('manager');
    await page.getByLabel('Team role of Katherine Johnson').selectOption('member');
    await toast(page, 'Katherine Johnson is now a member of Payments.');

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').getByLabel('Team name').fill('Payments and billing');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payments and billing' }).waitFor();
    await expectAccessible(page, 'team');
    await screenshot(page, 'team');

    await page.goto('/teams');
    await page.getByRole('link', { name: 'Payments and billing' }).waitFor();
    await expect(page.getByRole('row').filter({ hasText: 'Payments and billing' }).getByRole('cell').nth(2).textContent()).resolves.toBe('1');
    await expectAccessible(page, 'teams');
    await screenshot(page, 'teams');
    await admin.context.close();
  }, 180_000);
});

/** A toast's text (Radix also copies it into a live region for screen readers, hence exact). */
function toast(page: Page, text: string): Promise<void> {
  return page.getByText(text, { exact: true }).waitFor();
}

/** The text of the first option of the "Person" select that names this person. */
async function optionLabel(page: Page, name: string): Promise<string> {
  const option = page.getByLabel('Person').locator('option', { hasText: name }).first();
  return (await option.textContent()) ?? name;
}
