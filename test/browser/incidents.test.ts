import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { enqueue, newIntegration, request, triggerEvent } from '../factories.ts';
import { type BrowserVigil, describeBrowser, expectAccessible, failOnPageErrors, launchBrowser, screenshot, signedInContext, signIn, startBrowserVigil } from './browser.ts';

const XSS = '<img src=x onerror=alert(1)>';

interface Scrollable {
  scrollTo(x: number, y: number): void;
  scrollHeight: number;
}

/** Scrolls the incident list (evaluated in the page; the test's TypeScript has no DOM types). */
const scrollList = (page: Page, where: 'top' | 'bottom') =>
  page.locator('.incident-scroller').evaluate((element, to) => {
    const scroller = element as unknown as Scrollable;
    scroller.scrollTo(0, to === 'top' ? 0 : scroller.scrollHeight);
  }, where);

/** Records desktop notifications and tones instead of showing or playing them (a browser API, not ours). */
const RECORD_ALERTS = `
  window.__shown = [];
  window.__tones = 0;
  window.Notification = class {
    static permission = 'default';
    static requestPermission() { window.Notification.permission = 'granted'; return Promise.resolve('granted'); }
    constructor(title) { window.__shown.push(title); }
    close() {}
  };
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () { window.__tones += 1; return createOscillator.call(this); };
`;

/** The list's row of the incident with this title. */
const row = (page: Page, title: string) => page.locator('tr[data-incident-row]').filter({ has: page.getByRole('link', { name: title, exact: true }) });

describeBrowser('the incidents pages', () => {
  let browser: Browser;
  let app: BrowserVigil;
  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), startBrowserVigil()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.t.stop();
  });

  async function trigger(routingKey: string, key: string, summary: string, extra: Record<string, unknown> = {}) {
    const answer = await enqueue(app.t, triggerEvent(routingKey, key, { payload: { summary, source: 'db-1', severity: 'critical', ...extra } }));
    expect(answer.status).toBe(202);
  }

  async function incidentIdOf(token: string, title: string): Promise<string> {
    await app.t.settle();
    const list = await request(app.t, 'GET', '/api/v1/incidents?limit=100', { token });
    const found = (list.body.incidents as Array<{ id: string; title: string }>).find((incident) => incident.title === title);
    if (!found) throw new Error(`no incident titled ${title}`);
    return found.id;
  }

  it('shows a new incident live, with the opted-in sound and desktop notification; acknowledges by keyboard and in bulk; a note and resolving on its page', async () => {
    const { page, context, token } = await signedInContext(browser, app);
    const { routingKey } = await newIntegration(app.t, token);
    await page.addInitScript(RECORD_ALERTS);
    await page.goto('/incidents');
    await page.getByText('No open incidents').waitFor();
    await page.getByLabel('Play a sound').check();
    await page.getByLabel('Desktop notification').check();

    await trigger(routingKey, 'disk-db-1', 'Disk full on db-1');
    await row(page, 'Disk full on db-1').waitFor({ timeout: 15_000 }); // no reload: the live stream brought it
    const recorded = () =>
      page.evaluate(() => {
        const w = globalThis as unknown as { __shown: string[]; __tones: number };
        return { shown: w.__shown, tones: w.__tones > 0 };
      });
    await expect.poll(recorded).toEqual({ shown: ['Incident #1 triggered'], tones: true });
    await expect(page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string } }).localStorage.getItem('vigil.incidents.desktop'))).resolves.toBe('on');
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await row(page, 'Disk full on db-1').getByText('acknowledged').waitFor();

    await trigger(routingKey, 'cpu-web-1', 'CPU high on web-1');
    await row(page, 'CPU high on web-1').waitFor({ timeout: 15_000 });
    await page.getByRole('checkbox', { name: /Select incident #2/ }).check();
    await page.getByRole('button', { name: 'Acknowledge selected' }).click();
    await row(page, 'CPU high on web-1').getByText('acknowledged').waitFor();
    await expect(page.getByRole('button', { name: 'Acknowledge selected' }).count()).resolves.toBe(0); // the selection was cleared

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Disk full on db-1', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '#1 Disk full on db-1' }).waitFor();
    await page.getByLabel('Note').fill('Rotated the logs; watching.');
    await page.getByRole('button', { name: 'Add note' }).last().click();
    await page.getByText('Rotated the logs; watching.').waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    await request(app.t, 'POST', `/api/v1/incidents/${id}/notes`, { token, body: { text: 'Seen from the API too.' } });
    await page.getByText('Seen from the API too.').waitFor(); // someone else's note, live
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.locator('.incident-meta').getByText('resolved', { exact: true }).waitFor();
    await expect(page.getByRole('button', { name: 'Resolve' }).count()).resolves.toBe(0);
    await context.close();
  });

  it('renders an alert whose summary is markup as text, on the list and on the incident page', async () => {
    const { page, context, token } = await signedInContext(browser, app);
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    const { routingKey } = await newIntegration(app.t, token);
    await trigger(routingKey, 'xss', XSS, { custom_details: { note: XSS } });
    const id = await incidentIdOf(token, XSS);
    await page.goto('/incidents');
    await row(page, XSS).waitFor();
    expect(await row(page, XSS).locator('img').count()).toBe(0);

    await page.goto(`/incidents/${id}`);
    await page.locator('.alert-summary').getByText(XSS, { exact: true }).waitFor();
    await expect(page.getByRole('cell', { name: XSS, exact: true }).isVisible()).resolves.toBe(true);
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toBe(0);
    await context.close();
  });

  it('shows an observer the incidents without a button that would change them', async () => {
    const { context: adminContext, token } = await signedInContext(browser, app);
    await adminContext.close();
    const { routingKey } = await newIntegration(app.t, token);
    await trigger(routingKey, 'observed', 'Watched but not touched');
    const id = await incidentIdOf(token, 'Watched but not touched');
    const email = `observer-${id.slice(0, 8)}@example.com`;
    const added = await request(app.t, 'POST', '/api/v1/users', { token, body: { email, name: 'Olive Observer', password: 'correct horse battery staple', role: 'observer' } });
    expect(added.status).toBe(201);
    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    failOnPageErrors(page);
    await signIn(page, email, 'correct horse battery staple');
    await page.goto('/incidents');
    await row(page, 'Watched but not touched').waitFor();
    await expect(page.getByRole('checkbox', { name: /Select/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'New incident' }).count()).resolves.toBe(0);
    await page.keyboard.press('j');
    await page.keyboard.press('a'); // nothing to do for an observer
    await page.goto(`/incidents/${id}`);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await expect(page.getByRole('button', { name: /Acknowledge|Resolve|Escalate|Reassign|Add note/ }).count()).resolves.toBe(0);
    await expect(page.locator('.incident-meta').getByText('triggered', { exact: true }).isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('acknowledges from the incident page on a phone', async () => {
    const { page, context, token } = await signedInContext(browser, app, { width: 390, height: 844 });
    const { routingKey } = await newIntegration(app.t, token);
    await trigger(routingKey, 'phone', 'Checkout errors above 5%', { custom_details: { error_rate: 0.07, region: 'eu-west-1' } });
    const id = await incidentIdOf(token, 'Checkout errors above 5%');
    await page.goto('/incidents');
    await row(page, 'Checkout errors above 5%').waitFor();
    await screenshot(page, 'incidents-list-phone');
    await page.goto(`/incidents/${id}`);
    const acknowledge = page.getByRole('button', { name: 'Acknowledge' });
    await acknowledge.waitFor();
    const box = await acknowledge.boundingBox();
    expect(box && box.y + box.height).toBeLessThan(844); // in reach without scrolling
    await acknowledge.click();
    await page.locator('.incident-meta').getByText('acknowledged', { exact: true }).waitFor();
    await screenshot(page, 'incident-phone');
    await context.close();
  });

  it('passes the accessibility check, list and incident page', async () => {
    const { page, context, token } = await signedInContext(browser, app);
    const { routingKey } = await newIntegration(app.t, token);
    const severities = ['critical', 'error', 'warning', 'info'];
    for (const [index, summary] of ['Database primary unreachable', 'Payment API 5xx above 2%', 'Queue depth growing on orders', 'Certificate expires in 14 days'].entries()) {
      await trigger(routingKey, `a11y-${index}`, summary, { severity: severities[index], component: 'postgres', custom_details: { host: `db-${index}`, runbook: 'https://runbooks.example.com/db', labels: { team: 'payments' } } });
    }
    const id = await incidentIdOf(token, 'Database primary unreachable');
    await request(app.t, 'POST', `/api/v1/incidents/${id}/notes`, { token, body: { text: 'Failover started by the on-call.' } });
    await page.goto('/incidents');
    await row(page, 'Certificate expires in 14 days').waitFor();
    await expectAccessible(page, 'incidents list');
    await screenshot(page, 'incidents-list');
    await page.goto(`/incidents/${id}`);
    await page.getByText('Failover started by the on-call.').waitFor();
    await page.getByRole('heading', { name: 'Escalation' }).waitFor();
    await expectAccessible(page, 'incident page');
    await screenshot(page, 'incident-page');
    await context.close();
  });

  it('filters in the address, opens an incident by hand, reassigns it and explains why it cannot escalate', async () => {
    const { page, context, token, email } = await signedInContext(browser, app);
    const { routingKey, serviceId } = await newIntegration(app.t, token);
    await trigger(routingKey, 'f-1', 'Replica lag on db-2', { severity: 'error' });
    await trigger(routingKey, 'f-2', 'Slow queries on db-3', { severity: 'warning' });
    await app.t.settle();
    await page.goto('/incidents');
    await row(page, 'Slow queries on db-3').waitFor();
    await page.getByLabel('Severity').selectOption('error');
    await page.waitForURL(/severity=error/);
    const shown = async () => [await row(page, 'Replica lag on db-2').count(), await row(page, 'Slow queries on db-3').count()];
    await expect.poll(shown).toEqual([1, 0]);
    await page.goto(`/incidents?status=all&service=${serviceId}&severity=warning`); // a shared link
    await row(page, 'Slow queries on db-3').waitFor();
    await expect(page.getByRole('tab', { name: 'All' }).getAttribute('aria-selected')).resolves.toBe('true');

    await page.getByRole('button', { name: 'New incident' }).click();
    const dialog = page.getByRole('dialog', { name: 'New incident' });
    await dialog.getByLabel('Title').fill('Customers report slow checkout');
    await dialog.getByLabel('Severity').selectOption('warning');
    await expectAccessible(page, 'new incident dialog');
    await dialog.getByRole('button', { name: 'Open incident' }).click();
    await page.getByRole('heading', { level: 1, name: /^#\d+ Customers report slow checkout$/ }).waitFor();
    await page.getByText('No alerts: this incident was opened by hand.').waitFor();

    await page.getByRole('button', { name: 'Reassign' }).click();
    const reassign = page.getByRole('dialog', { name: 'Reassign' });
    await reassign.getByRole('checkbox', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) }).check();
    await reassign.getByRole('button', { name: 'Reassign to 1 person' }).click();
    await page.locator('.incident-side').getByText(email, { exact: true }).waitFor(); // among the responders

    await page.getByRole('button', { name: 'Escalate' }).click();
    const escalate = page.getByRole('dialog', { name: 'Escalate' });
    await escalate.getByRole('button', { name: 'Escalate' }).click();
    await escalate.getByRole('alert').getByText(/no escalation policy/).waitFor(); // the server's reason
    await context.close();
  });

  it('keeps 10,000 loaded incidents responsive: only the rows in view are in the page', async () => {
    const { page, context, token, orgId } = await signedInContext(browser, app);
    const { serviceId } = await newIntegration(app.t, token);
    const TOTAL = 10_000;
    // Straight into the table: through /v2/enqueue and the fold, 10,000 incidents take 80 s or more on a busy
    // two-core machine (ingest, fold, then their 10,000 domain events). The list reads the same rows either way.
    await app.t.vigil.deps.store.db.execute(sql`
      INSERT INTO incidents (id, org_id, number, service_id, title, status, severity, urgency, alert_count, open_alert_count, created_at, updated_at)
      SELECT gen_random_uuid(), ${orgId}, n, ${serviceId}, 'Synthetic incident ' || (n - 1), 'triggered', 'warning', 'low', 1, 1,
             now() - (${TOTAL} - n) * interval '1 second', now()
      FROM generate_series(1, ${TOTAL}) AS n`);
    await app.t.vigil.deps.store.db.execute(sql`UPDATE organizations SET incident_counter = ${TOTAL} WHERE id = ${orgId}`);

    await page.goto('/incidents');
    await page.locator('tr[data-incident-row]').first().waitFor();
    const firstRender = await page.evaluate(() => performance.now()); // since navigation started

    // Scroll to the bottom again and again, in the page (no round trip per step), until every page is in.
    await page.waitForFunction(
      () => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { scrollTo(x: number, y: number): void; scrollHeight: number; textContent: string } | null } }).document;
        doc.querySelector('.incident-scroller')?.scrollTo(0, doc.querySelector('.incident-scroller')?.scrollHeight ?? 0);
        return /10,000 incidents loaded\./.test(doc.querySelector('.incident-count')?.textContent ?? '');
      },
      undefined,
      { polling: 50, timeout: 45_000 },
    );
    await scrollList(page, 'bottom');
    await row(page, 'Synthetic incident 0').waitFor();
    const rendered = await page.locator('tr[data-incident-row]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100); // of 10,000 loaded
    // Back to the top: the newest rows are drawn at once.
    await scrollList(page, 'top');
    await row(page, `Synthetic incident ${TOTAL - 1}`).waitFor({ timeout: 2_000 });

    // A new incident arrives while someone reads further down: the rows they read stay put, their selection stays.
    const reading = async () => page.locator('.incident-scroller').evaluate((element) => (element as unknown as { scrollTop: number }).scrollTop);
    await page.locator('.incident-scroller').evaluate((element) => {
      (element as unknown as { scrollTop: number }).scrollTop = 4_000 * 48;
    });
    await row(page, `Synthetic incident ${TOTAL - 4_001}`).waitFor();
    await row(page, `Synthetic incident ${TOTAL - 4_001}`).getByRole('checkbox').check();
    const before = await reading();
    const created = await request(app.t, 'POST', '/api/v1/incidents', { token, body: { service_id: serviceId, title: 'Arrived while reading', severity: 'warning' } });
    expect(created.status).toBe(201);
    await page.getByText('10,001 incidents loaded').waitFor();
    await expect.poll(reading).toBe(before + 48);
    await expect(row(page, `Synthetic incident ${TOTAL - 4_001}`).getByRole('checkbox').isChecked()).resolves.toBe(true);
    await expect(page.getByText('1 selected').isVisible()).resolves.toBe(true);

    console.log(`incidents page: first row ${Math.round(firstRender)} ms after navigation; ${rendered} of ${TOTAL} loaded rows in the DOM`);
    // The target is 1 s on an unloaded machine (the figure is printed); this bound catches a list that renders every row.
    expect(firstRender).toBeLessThan(5_000);
    await context.close();
  }, 90_000);
});
