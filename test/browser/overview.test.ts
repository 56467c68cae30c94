import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type BrowserVigil, describeBrowser, expectAccessible, launchBrowser, screenshot, signedInContext, startBrowserVigil } from './browser.ts';

interface Overview {
  open: { total: number; by_severity: Record<string, number>; by_service: Array<{ service_name: string; total: number; triggered: number; acknowledged: number }> };
  buckets: Array<{ incidents: number }>;
  totals: { incidents: number; mtta_seconds: number | null; median_tta_seconds: number | null; mttr_seconds: number | null; acknowledged: number; resolved: number };
}

/** The dashboard's duration format for what these tests produce (under a minute). */
const seconds = (value: number | null) => (value === null ? '—' : `${Math.round(value)} s`);

/** The number shown under a headline label ("Open incidents", "MTTA", …) in a section. */
async function stat(page: Page, section: string, label: string): Promise<string> {
  const group = page.getByRole('region', { name: section }).locator('.ov-stat').filter({ has: page.getByText(label, { exact: true }) });
  return ((await group.locator('dd').textContent()) ?? '').trim();
}

describeBrowser('the overview in the dashboard', () => {
  let browser: Browser;
  let app: BrowserVigil;
  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), startBrowserVigil()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.t.stop();
  });

  it('shows the open incidents, volume, MTTA and MTTR the API aggregates, as charts and as numbers', async () => {
    const { page, context, token } = await signedInContext(browser, app);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      expect(response.status, `${method} ${path}`).toBeLessThan(300);
      return (await response.json()) as Record<string, unknown> & { id: string };
    };
    const checkout = await call('POST', '/api/v1/services', { name: 'Checkout' });
    const search = await call('POST', '/api/v1/services', { name: 'Search' });
    const open = (service: { id: string }, severity: string, title: string) => call('POST', '/api/v1/incidents', { service_id: service.id, severity, title });
    const [a, b, c, d, e] = await Promise.all([
      open(checkout, 'critical', 'Payments failing'),
      open(checkout, 'critical', 'Card processor timeouts'),
      open(checkout, 'error', 'Refunds queue backed up'),
      open(search, 'warning', 'Slow queries'),
      open(search, 'info', 'Index rebuild running'),
    ]);
    await call('POST', `/api/v1/incidents/${b!.id}/acknowledge`);
    await call('POST', `/api/v1/incidents/${c!.id}/acknowledge`);
    await call('POST', `/api/v1/incidents/${c!.id}/resolve`);
    await call('POST', `/api/v1/incidents/${d!.id}/acknowledge`);
    expect([a, e].every(Boolean)).toBe(true);

    const shown = page.waitForResponse((response) => response.url().includes('/api/v1/analytics/overview'));
    await page.goto('/overview');
    const answered = (await (await shown).json()) as Overview;
    await page.getByRole('region', { name: 'Open now' }).waitFor();

    // The numbers on the page are the API's, and the API's are what was seeded.
    const since = await page.evaluate(() => {
      const now = new Date();
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() - 29).toISOString();
    });
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const api = (await call('GET', `/api/v1/analytics/overview?since=${encodeURIComponent(since)}&bucket=day&time_zone=${encodeURIComponent(zone)}`)) as unknown as Overview;
    expect(api.totals).toEqual(answered.totals);
    expect(api.open).toEqual(answered.open);
    expect(api.open.total).toBe(4);
    expect(api.open.by_severity).toEqual({ critical: 2, error: 0, warning: 1, info: 1 });
    expect(api.totals.incidents).toBe(5);
    expect(api.buckets).toHaveLength(30);

    expect(await stat(page, 'Open now', 'Open incidents')).toBe(String(api.open.total));
    for (const [severity, count] of Object.entries(api.open.by_severity)) {
      expect(await stat(page, 'Open now', severity[0]!.toUpperCase() + severity.slice(1))).toBe(String(count));
    }
    expect(await stat(page, 'In this range', 'Incidents')).toBe(String(api.totals.incidents));
    expect(await stat(page, 'In this range', 'MTTA')).toBe(seconds(api.totals.mtta_seconds));
    expect(await stat(page, 'In this range', 'Median TTA')).toBe(seconds(api.totals.median_tta_seconds));
    expect(await stat(page, 'In this range', 'MTTR')).toBe(seconds(api.totals.mttr_seconds));

    // Open incidents by service, as a table beside the chart.
    for (const row of api.open.by_service) {
      const cells = await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: row.service_name }) }).getByRole('cell').allTextContents();
      expect(cells.slice(0, 3)).toEqual([String(row.total), String(row.triggered), String(row.acknowledged)]);
    }

    // The three charts are drawn (SVG), each described for assistive technology.
    await expect.poll(() => page.locator('.ov-chart svg').count()).toBe(3);
    const charts = page.locator('.ov-chart[role="img"]');
    const labels = await Promise.all([0, 1, 2].map((i) => charts.nth(i).getAttribute('aria-label')));
    expect(labels[0]).toContain('Checkout 2');
    expect(labels[1]).toContain('5 in total');
    expect(labels[2]).toContain('MTTA');

    await expectAccessible(page, 'overview');
    await screenshot(page, 'overview');

    // Filtering by a service asks the API for that service only.
    const filtered = page.waitForResponse((response) => response.url().includes('service_id='));
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Search' });
    expect(((await (await filtered).json()) as Overview).totals.incidents).toBe(2);
    await expect.poll(() => stat(page, 'In this range', 'Incidents')).toBe('2');
    expect(new URL(page.url()).searchParams.get('service_id')).toBe(search.id);

    // Weekly buckets over 90 days.
    const weekly = page.waitForResponse((response) => response.url().includes('bucket=week'));
    await page.getByLabel('Range', { exact: true }).selectOption('90');
    await page.getByLabel('Per', { exact: true }).selectOption('week');
    const weeks = ((await (await weekly).json()) as Overview).buckets.length;
    expect(weeks).toBeGreaterThanOrEqual(13);
    expect(weeks).toBeLessThanOrEqual(14);

    // Dark theme: the charts redraw in its colours, and it stays readable.
    await page.goto('/overview');
    await page.getByRole('button', { name: /^Theme:/ }).click();
    await expect.poll(() => page.locator('.ov-chart svg').count()).toBe(3);
    await expectAccessible(page, 'overview (dark)');
    await screenshot(page, 'overview-dark');
    await context.close();
  });
});
