import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addMember, dailyLayer, userIdOf } from '../behaviour/oncall.helpers.ts';
import { request } from '../factories.ts';
import { type BrowserVigil, describeBrowser, expectAccessible, failOnPageErrors, launchBrowser, screenshot, signedInContext, signIn, startBrowserVigil } from './browser.ts';

const DAY = 86_400_000;

describeBrowser('on-call pages', () => {
  let browser: Browser;
  let app: BrowserVigil;
  let page: Page;
  let token: string;
  let email: string;
  let scheduleId: string;
  let policyId: string;
  let standIn: { id: string; name: string; email: string };

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), startBrowserVigil()]);
    ({ page, token, email } = await signedInContext(browser, app));
    const ownerId = await userIdOf(app.t, token);
    const second = await addMember(app.t, token, 'responder', 'Rota Second');
    standIn = await addMember(app.t, token, 'responder', 'Stand In');
    // A daily rotation of the owner and a second responder that began a week ago, so today is covered.
    const start = new Date(Date.now() - 7 * DAY).toISOString();
    const schedule = await request(app.t, 'POST', '/api/v1/schedules', { token, body: { name: 'Rota', time_zone: 'Europe/Berlin', layers: [dailyLayer([ownerId, second.id], start)] } });
    expect(schedule.status).toBe(201);
    scheduleId = schedule.body.id;
    const policy = await request(app.t, 'POST', '/api/v1/escalation-policies', { token, body: { name: 'Rota policy', levels: [{ delay_minutes: 30, targets: [{ type: 'schedule', id: scheduleId }] }] } });
    expect(policy.status).toBe(201);
    policyId = policy.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.t.stop();
  });

  const overridesOf = async () => (await request(app.t, 'GET', `/api/v1/schedules/${scheduleId}/overrides?since=${encodeURIComponent(new Date(Date.now() - 30 * DAY).toISOString())}`, { token })).body.overrides as Array<{ id: string; user: { id: string }; start: string; end: string }>;

  it('overrides the schedule by dragging a range across the final schedule, and by the keyboard path', async () => {
    await page.goto(`/schedules/${scheduleId}`);
    const finalRow = page.getByRole('group', { name: 'Final schedule' });
    await finalRow.getByRole('button').first().waitFor();
    await expectAccessible(page, 'schedule');

    // Drag across a third of the final schedule's track (past the row label).
    const track = finalRow.locator('.tl-track');
    const box = (await track.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.55, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.85, y, { steps: 8 });
    await page.mouse.up();

    const dialog = page.getByRole('dialog', { name: 'Add an override' });
    await dialog.waitFor();
    const start = await dialog.getByLabel('Starts').inputValue();
    const end = await dialog.getByLabel('Ends').inputValue();
    expect(start < end).toBe(true);
    await dialog.getByLabel('Who').selectOption({ label: `${standIn.name} (${standIn.email})` });
    await expectAccessible(page, 'override dialog');
    await dialog.getByRole('button', { name: 'Add override' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('group', { name: 'Overrides' }).getByRole('button', { name: new RegExp(`^${standIn.name}:`) }).waitFor();
    const [created] = await overridesOf();
    expect(created?.user.id).toBe(standIn.id);
    expect(Date.parse(created!.end) - Date.parse(created!.start)).toBeGreaterThan(0);
    await screenshot(page, 'schedule');

    // The keyboard path: a button and datetime inputs, then the override is removed from the table.
    await page.getByRole('button', { name: 'Add override' }).click();
    const typed = page.getByRole('dialog', { name: 'Add an override' });
    await typed.getByLabel('Who').selectOption({ index: 1 });
    await typed.getByLabel('Starts').fill('2030-01-07T09:00');
    await typed.getByLabel('Ends').fill('2030-01-06T09:00');
    await typed.getByRole('button', { name: 'Add override' }).click();
    await typed.getByText('must be after start', { exact: true }).waitFor();
    await typed.getByLabel('Ends').fill('2030-01-08T09:00');
    await typed.getByRole('button', { name: 'Add override' }).click();
    await typed.waitFor({ state: 'detached' });
    await expect.poll(async () => (await overridesOf()).map((override) => override.start)).toContain('2030-01-07T08:00:00.000Z');

    await page.getByRole('button', { name: /^Remove the override of / }).first().click();
    await page.getByRole('dialog', { name: 'Remove override' }).getByRole('button', { name: 'Remove override' }).click();
    await expect.poll(async () => (await overridesOf()).length).toBe(1);
  });

  it('creates a schedule with the editor, then edits its layer; the server\'s field errors show beside the fields', async () => {
    await page.goto('/schedules');
    await page.getByRole('button', { name: 'New schedule' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Weekend cover');
    await page.getByLabel('Time zone').selectOption('Europe/London');
    await page.getByLabel('Rotation').selectOption('daily');
    await page.getByLabel('People in Layer 1, in turn').selectOption({ label: standIn.name });
    await page.getByLabel('People in Layer 1, in turn').selectOption({ label: 'Rota Second' });
    await page.getByRole('button', { name: 'Move Rota Second up' }).click();
    await expectAccessible(page, 'new schedule');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.waitForURL(/\/schedules\/[0-9a-f-]{36}/);
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const created = (await request(app.t, 'GET', `/api/v1/schedules/${id}`, { token })).body;
    expect(created).toMatchObject({ name: 'Weekend cover', time_zone: 'Europe/London' });
    expect(created.layers[0]).toMatchObject({ rotation: { kind: 'daily' }, handoff_time: '09:00', restrictions: [] });
    expect(created.layers[0].users.at(-1)).toBe(standIn.id);

    await page.getByRole('button', { name: 'Edit schedule' }).click();
    for (const person of ['Rota Second', standIn.name]) await page.getByRole('button', { name: `Remove ${person}` }).click();
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.locator('.field-error').filter({ hasText: 'must name at least one user' }).waitFor();
    await page.getByLabel('People in Layer 1, in turn').selectOption({ label: standIn.name });
    await page.getByRole('button', { name: 'Add window' }).click();
    await page.getByLabel('Repeats').selectOption('weekly');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('Schedule saved.').first().waitFor();
    const edited = (await request(app.t, 'GET', `/api/v1/schedules/${id}`, { token })).body;
    expect(edited.layers[0]).toMatchObject({ id: created.layers[0].id, users: [standIn.id], restrictions: [{ kind: 'weekly', start_day: 1, start_time: '09:00', end_day: 5, end_time: '17:00' }] });
  });

  it('edits an escalation policy: a level’s delay and one more target', async () => {
    await page.goto(`/escalation-policies/${policyId}`);
    const delay = page.getByLabel('Level 1: escalate after (minutes)');
    await delay.fill('15');
    await page.getByLabel('Add to level 1 targets').selectOption({ label: standIn.name });
    await expectAccessible(page, 'escalation policy');
    await screenshot(page, 'escalation-policy');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Escalation policy saved.').first().waitFor();
    const policy = await request(app.t, 'GET', `/api/v1/escalation-policies/${policyId}`, { token });
    expect(policy.body.levels[0]).toEqual({ delay_minutes: 15, targets: [{ type: 'schedule', id: scheduleId }, { type: 'user', id: standIn.id }] });

    // The server's field error shows beside the field.
    await delay.fill('0');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.locator('.field-error').first().waitFor();
    await page.getByRole('alert').filter({ hasText: 'levels.0.delay_minutes' }).waitFor();

    // A service pages through it: the page lists the service, and deleting is refused with the server's reason.
    const service = await request(app.t, 'POST', '/api/v1/services', { token, body: { name: 'Checkout', escalation_policy_id: policyId } });
    expect(service.status).toBe(201);
    await page.reload();
    await page.getByRole('link', { name: 'Checkout', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete escalation policy' });
    await confirm.getByRole('button', { name: 'Delete policy' }).click();
    await confirm.getByRole('alert').filter({ hasText: 'used by service "Checkout"' }).waitFor();
    await page.keyboard.press('Escape');
    expect((await request(app.t, 'GET', `/api/v1/escalation-policies/${policyId}`, { token })).status).toBe(200);
  });

  it('lists who is on call now, by policy and level', async () => {
    const oncalls = (await request(app.t, 'GET', '/api/v1/oncalls', { token })).body.oncalls as Array<{ user: { name: string } }>;
    expect(oncalls.map((entry) => entry.user.name)).toContain(standIn.name);
    await page.goto('/oncall');
    const policy = page.getByRole('region', { name: 'Rota policy' });
    for (const entry of oncalls) await policy.getByText(entry.user.name, { exact: true }).first().waitFor();
    await expectAccessible(page, 'oncall now');
    await screenshot(page, 'oncall-now');
  });

  it('shows my shifts by day, the schedules list and the policy list', async () => {
    await page.goto('/my-shifts');
    await page.getByRole('link', { name: 'Rota' }).first().waitFor();
    await page.getByRole('button', { name: 'Subscribe in calendar' }).click();
    await page.getByRole('button', { name: 'Make link' }).click();
    const url = await page.getByLabel('Calendar link').inputValue();
    expect(url).toMatch(/\/calendars\/[\w-]+\.ics$/);
    const feed = await request(app.t, 'GET', new URL(url).pathname);
    expect(feed.status).toBe(200);
    await page.keyboard.press('Escape');
    await expectAccessible(page, 'my shifts');
    await screenshot(page, 'my-shifts');

    await page.goto('/schedules');
    await page.getByRole('link', { name: 'Rota' }).waitFor();
    await expectAccessible(page, 'schedules');
    await page.goto('/escalation-policies');
    await page.getByRole('link', { name: 'Rota policy' }).waitFor();
    await expectAccessible(page, 'escalation policies');
  });

  it('keeps the schedule usable on a phone, in the dark theme', async () => {
    const context = await browser.newContext({ baseURL: app.url, viewport: { width: 390, height: 844 }, colorScheme: 'dark', hasTouch: true });
    const phone = await context.newPage();
    failOnPageErrors(phone);
    await signIn(phone, email, 'correct horse battery staple');
    await phone.goto(`/schedules/${scheduleId}`);
    await phone.getByRole('group', { name: 'Final schedule' }).getByRole('button').first().waitFor();
    // The timeline scrolls sideways inside itself; nothing else on the page reaches past the screen's edge.
    const overflow = await phone.evaluate(() => {
      interface Box {
        tagName: string;
        className: string;
        closest: (selector: string) => unknown;
        getBoundingClientRect: () => { right: number };
      }
      const { document, innerWidth } = globalThis as unknown as { document: { querySelectorAll: (selector: string) => Box[] }; innerWidth: number };
      const outside = [...document.querySelectorAll('main .page *')].filter((el) => !el.closest('.tl-scroll') && el.getBoundingClientRect().right > innerWidth);
      const scroller = document.querySelectorAll('.tl-scroll')[0] as unknown as { scrollWidth: number; clientWidth: number };
      return { outside: outside.map((el) => `${el.tagName}.${el.className}`), scrolls: scroller.scrollWidth > scroller.clientWidth };
    });
    expect(overflow).toEqual({ outside: [], scrolls: true });
    await expect(phone.getByRole('button', { name: 'Add override' }).isVisible()).resolves.toBe(true);
    await expectAccessible(phone, 'schedule on a phone');
    await screenshot(phone, 'schedule-phone');
    await context.close();
  });

});
