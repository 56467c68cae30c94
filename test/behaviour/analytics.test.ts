import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import type { Clock } from '../../src/ports/clock.ts';
import { sample } from '../prometheus-text.ts';

const MINUTE = 60_000;
/** The cache drops a key a second time one second after a write (see LayeredCache): count hits after that. */
const pastSecondInvalidation = () => new Promise((resolve) => setTimeout(resolve, 1_100));
const none = { critical: 0, error: 0, warning: 0, info: 0 };

describeEachStore('analytics overview', (kind) => {
  let t: TestVigil;
  // The app's clock stands still where the test puts it, so that times to acknowledge and resolve are exact.
  let now = Date.now();
  const clock: Clock = { now: () => new Date(now) };
  const at = (iso: string) => {
    now = Date.parse(iso);
  };
  const later = (ms: number) => {
    now += ms;
  };

  beforeAll(async () => {
    t = await startVigil(kind, { clock });
  });
  afterAll(() => t?.stop());

  const overview = async (token: string, query = '') => {
    const response = await request(t, 'GET', `/api/v1/analytics/overview${query}`, { token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const service = async (token: string, name: string) => (await request(t, 'POST', '/api/v1/services', { token, body: { name } })).body.id as string;
  const open = async (token: string, serviceId: string, severity: string) => {
    const response = await request(t, 'POST', '/api/v1/incidents', { token, body: { service_id: serviceId, title: `${severity} trouble`, severity } });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const act = async (token: string, id: string, action: 'acknowledge' | 'resolve') => expect((await request(t, 'POST', `/api/v1/incidents/${id}/${action}`, { token })).status).toBe(200);

  /** Four incidents over three UTC days (the middle one empty), acknowledged and resolved after known delays. */
  async function fourIncidents() {
    const org = await newOrganisation(t);
    const checkout = await service(org.token, 'Checkout');
    const search = await service(org.token, 'Search');
    at('2026-03-02T09:00:00Z');
    const first = await open(org.token, checkout, 'critical');
    later(5 * MINUTE);
    await act(org.token, first, 'acknowledge');
    later(55 * MINUTE);
    await act(org.token, first, 'resolve');
    at('2026-03-02T15:00:00Z');
    const second = await open(org.token, search, 'warning');
    later(15 * MINUTE);
    await act(org.token, second, 'acknowledge');
    at('2026-03-04T08:00:00Z');
    const third = await open(org.token, checkout, 'error');
    later(MINUTE);
    await act(org.token, third, 'acknowledge');
    later(29 * MINUTE);
    await act(org.token, third, 'resolve');
    at('2026-03-04T20:00:00Z');
    await open(org.token, checkout, 'info');
    return { ...org, checkout, search };
  }

  it('counts incidents per day with their MTTA and MTTR, empty days included, and the open ones by service and severity', async () => {
    const org = await fourIncidents();
    const body = await overview(org.token, '?since=2026-03-02T00:00:00Z&until=2026-03-05T00:00:00Z');
    expect(body).toMatchObject({ since: '2026-03-02T00:00:00.000Z', until: '2026-03-05T00:00:00.000Z', bucket: 'day', time_zone: 'UTC', service_id: null });
    expect(body.buckets.map((b: { start: string }) => b.start)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', '2026-03-04T00:00:00.000Z']);
    const [monday, tuesday, wednesday] = body.buckets;
    expect(monday).toMatchObject({ incidents: 2, by_severity: { ...none, critical: 1, warning: 1 }, acknowledged: 2, resolved: 1 });
    expect(monday.mtta_seconds).toBe(600); // (5 + 15 minutes) / 2
    expect(monday.mttr_seconds).toBe(3600);
    expect(tuesday).toEqual({ start: '2026-03-03T00:00:00.000Z', incidents: 0, by_severity: none, acknowledged: 0, mtta_seconds: null, resolved: 0, mttr_seconds: null });
    expect(wednesday).toMatchObject({ incidents: 2, by_severity: { ...none, error: 1, info: 1 }, acknowledged: 1, mtta_seconds: 60, resolved: 1, mttr_seconds: 1800 });
    expect(body.totals).toEqual({
      incidents: 4,
      by_severity: { critical: 1, error: 1, warning: 1, info: 1 },
      acknowledged: 3,
      mtta_seconds: 420, // (5 + 15 + 1 minutes) / 3
      median_tta_seconds: 300,
      resolved: 2,
      mttr_seconds: 2700,
      median_ttr_seconds: 2700,
    });
    expect(body.open).toEqual({
      total: 2,
      by_severity: { ...none, warning: 1, info: 1 },
      by_service: [
        { service_id: org.checkout, service_name: 'Checkout', total: 1, triggered: 1, acknowledged: 0, ...none, info: 1 },
        { service_id: org.search, service_name: 'Search', total: 1, triggered: 0, acknowledged: 1, ...none, warning: 1 },
      ],
    });

    // One service; weeks (a start inside the week is moved back to its Monday); the last 30 days by default.
    const checkout = await overview(org.token, `?since=2026-03-02T00:00:00Z&until=2026-03-05T00:00:00Z&service_id=${org.checkout}`);
    expect(checkout.totals).toMatchObject({ incidents: 3, acknowledged: 2, resolved: 2 });
    expect(checkout.open).toMatchObject({ total: 1, by_service: [{ service_id: org.checkout, triggered: 1 }] });
    const weeks = await overview(org.token, '?since=2026-03-04T00:00:00Z&until=2026-03-10T00:00:00Z&bucket=week');
    expect(weeks.since).toBe('2026-03-02T00:00:00.000Z');
    expect(weeks.buckets).toHaveLength(2);
    expect(weeks.buckets[0]).toMatchObject({ start: '2026-03-02T00:00:00.000Z', incidents: 4, acknowledged: 3, resolved: 2 });
    expect(weeks.buckets[1]).toMatchObject({ start: '2026-03-09T00:00:00.000Z', incidents: 0 });
    later(MINUTE);
    const recent = await overview(org.token);
    expect(recent.since).toBe('2026-02-03T00:00:00.000Z');
    expect(recent.buckets).toHaveLength(30);
    expect(recent.buckets.at(-1).start).toBe('2026-03-04T00:00:00.000Z');
    expect(recent.totals.incidents).toBe(4);
  });

  it("buckets by the time zone's local days, 23 hours long on the day its clocks go forward", async () => {
    const org = await newOrganisation(t);
    const api = await service(org.token, 'API');
    // Berlin moves from UTC+1 to UTC+2 at 01:00Z on 29 March 2026.
    for (const instant of ['2026-03-28T23:30:00Z', '2026-03-29T12:00:00Z', '2026-03-29T22:30:00Z']) {
      at(instant);
      await open(org.token, api, 'error');
    }
    const range = `since=${encodeURIComponent('2026-03-28T00:00:00+01:00')}&until=${encodeURIComponent('2026-03-31T00:00:00+02:00')}`;
    const berlin = await overview(org.token, `?${range}&time_zone=Europe/Berlin`);
    expect(berlin.buckets.map((b: { start: string; incidents: number }) => [b.start, b.incidents])).toEqual([
      ['2026-03-27T23:00:00.000Z', 0],
      ['2026-03-28T23:00:00.000Z', 2],
      ['2026-03-29T22:00:00.000Z', 1],
    ]);
    const utc = await overview(org.token, `?${range}`);
    expect(utc.buckets.map((b: { start: string; incidents: number }) => [b.start, b.incidents])).toEqual([
      ['2026-03-27T00:00:00.000Z', 0],
      ['2026-03-28T00:00:00.000Z', 1],
      ['2026-03-29T00:00:00.000Z', 2],
      ['2026-03-30T00:00:00.000Z', 0],
    ]);
    // New York's clocks go back on Sunday 1 November 2026: that week is 169 hours long.
    const weeks = await overview(org.token, '?since=2026-10-26T12:00:00Z&until=2026-11-10T00:00:00Z&bucket=week&time_zone=America/New_York');
    expect(weeks.buckets.map((b: { start: string }) => b.start)).toEqual(['2026-10-26T04:00:00.000Z', '2026-11-02T05:00:00.000Z', '2026-11-09T05:00:00.000Z']);
  });

  it("shows an organisation only its own incidents, and another organisation's service as not found", async () => {
    const mine = await newOrganisation(t);
    const theirs = await fourIncidents();
    const body = await overview(mine.token, '?since=2026-03-02T00:00:00Z&until=2026-03-05T00:00:00Z');
    expect(body.totals.incidents).toBe(0);
    expect(body.open).toEqual({ total: 0, by_severity: none, by_service: [] });
    const foreign = await request(t, 'GET', `/api/v1/analytics/overview?service_id=${theirs.checkout}`, { token: mine.token });
    expect(foreign.status).toBe(404);
    expect((await request(t, 'GET', '/api/v1/analytics/overview')).status).toBe(401);
  });

  it('refuses bad parameters with 400 naming the field', async () => {
    const { token } = await newOrganisation(t);
    at('2026-06-01T12:00:00Z');
    const cases: Array<[string, string, RegExp]> = [
      ['since=yesterday', 'since', /ISO 8601/],
      ['until=2026-06-01', 'until', /ISO 8601/],
      ['bucket=month', 'bucket', /"day", "week"/],
      ['time_zone=Mars/Olympus_Mons', 'time_zone', /IANA time zone/],
      ['time_zone=%2B01:00', 'time_zone', /IANA time zone/],
      ['since=2026-05-02T00:00:00Z&until=2026-05-01T00:00:00Z', 'since', /before until/],
      ['since=2026-07-01T00:00:00Z', 'since', /before until/],
      ['since=2025-01-01T00:00:00Z&until=2026-01-03T00:00:00Z', 'since', /366 days/],
      ['service_id=checkout', 'service_id', /UUID/i],
      ['colour=red', 'querystring', /unknown field "colour"/],
    ];
    for (const [query, field, says] of cases) {
      const response = await request(t, 'GET', `/api/v1/analytics/overview?${query}`, { token });
      expect(response.status, query).toBe(400);
      expect(response.body.error.details[0].field, query).toBe(field);
      expect(response.body.error.message, query).toMatch(says);
    }
  });

  it('answers from the cache until an incident changes, then at once from the store', async () => {
    const org = await newOrganisation(t);
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    at('2026-05-01T10:00:00Z');
    const incident = await open(org.token, serviceId, 'critical');
    const hits = async () => sample(String((await request(t, 'GET', '/metrics')).body), 'vigil_cache_lookups_total', { cache: 'overviews', result: 'hit' }) ?? 0;
    await pastSecondInvalidation();
    const first = await overview(org.token);
    const before = await hits();
    expect(await overview(org.token)).toEqual(first);
    expect(await hits()).toBe(before + 1);

    at('2026-05-01T10:02:00Z');
    await act(org.token, incident, 'acknowledge');
    const acknowledged = await overview(org.token);
    expect(acknowledged.open.by_service[0]).toMatchObject({ triggered: 0, acknowledged: 1 });
    expect(acknowledged.totals.mtta_seconds).toBe(120);

    // Through the fold: an event opens an incident, and the next answer counts it.
    expect((await enqueue(t, triggerEvent(routingKey, 'cache-1'))).status).toBe(202);
    await t.settle();
    expect((await overview(org.token)).open).toMatchObject({ total: 2, by_severity: { critical: 2 } });
    // Another organisation's writes leave this one's answer cached.
    const other = await newOrganisation(t);
    await open(other.token, await service(other.token, 'Elsewhere'), 'info');
    await pastSecondInvalidation();
    await overview(org.token);
    const cached = await hits();
    await overview(org.token);
    expect(await hits()).toBe(cached + 1);
  });
});
