import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

/** When the service's events were received, oldest first, as the event log shows them. */
async function eventTimes(t: TestVigil, token: string, serviceId: string): Promise<string[]> {
  const response = await request(t, 'GET', `/api/v1/events?service_id=${serviceId}`, { token });
  return response.body.events.map((e: { received_at: string }) => e.received_at).sort();
}

describeEachStore('services and integrations', (kind) => {
  let t: TestVigil;
  let token: string;
  beforeAll(async () => {
    t = await startVigil(kind, { env: { VIGIL_PUBLIC_URL: 'https://vigil.example.com' } });
    ({ token } = await newOrganisation(t));
  });
  afterAll(() => t.stop());

  it('creates a service and an integration whose key and URL a sender can use', async () => {
    const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: 'Checkout', description: 'Payments front end' } });
    expect(service.status).toBe(201);
    expect(service.body).toMatchObject({ name: 'Checkout', status: 'active', escalation_policy_id: null });
    const integration = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'events_api_v2' } });
    expect(integration.status).toBe(201);
    expect(integration.body.integration_key).toMatch(/^[a-z0-9]{32}$/);
    expect(integration.body.url).toBe('https://vigil.example.com/v2/enqueue');
    expect(integration.body.setup_instructions).toContain(integration.body.integration_key);
    const change = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'change_events' } });
    expect(change.body.url).toBe('https://vigil.example.com/v2/change/enqueue');
    const list = await request(t, 'GET', `/api/v1/services/${service.body.id}/integrations`, { token });
    expect(list.body.integrations.map((i: { type: string }) => i.type)).toEqual(['events_api_v2', 'change_events']);
  });

  it('refuses a duplicate service name with 409 and an integration type it does not know with 400', async () => {
    await request(t, 'POST', '/api/v1/services', { token, body: { name: 'Unique' } });
    const duplicate = await request(t, 'POST', '/api/v1/services', { token, body: { name: 'Unique' } });
    expect(duplicate.status).toBe(409);
    const { serviceId } = await newIntegration(t, token);
    const bogus = await request(t, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'carrier_pigeon' } });
    expect(bogus.status).toBe(400);
    expect(bogus.body.error.details[0].field).toBe('type');
  });

  it('stops accepting events for a deleted integration', async () => {
    const { integrationId, routingKey } = await newIntegration(t, token);
    expect((await enqueue(t, triggerEvent(routingKey, 'a'))).status).toBe(202);
    expect((await request(t, 'DELETE', `/api/v1/integrations/${integrationId}`, { token })).status).toBe(204);
    const refused = await enqueue(t, triggerEvent(routingKey, 'b'));
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatch(/routing_key/);
  });

  it("shows each service's open incidents and the time of its newest event, in the list and on its own", async () => {
    const { token: own } = await newOrganisation(t);
    const { serviceId, routingKey } = await newIntegration(t, own);
    const quiet = await request(t, 'POST', '/api/v1/services', { token: own, body: { name: 'Quiet' } });
    expect(quiet.body).toMatchObject({ open_incidents: { triggered: 0, acknowledged: 0 }, last_event_at: null });
    for (const key of ['h-1', 'h-2', 'h-3']) expect((await enqueue(t, triggerEvent(routingKey, key))).status).toBe(202);
    expect((await enqueue(t, { routing_key: routingKey, event_action: 'acknowledge', dedup_key: 'h-2' })).status).toBe(202);
    expect((await enqueue(t, { routing_key: routingKey, event_action: 'resolve', dedup_key: 'h-3' })).status).toBe(202);
    await t.settle();
    const newest = (await eventTimes(t, own, serviceId)).at(-1);
    expect(newest).toEqual(expect.any(String));
    const one = await request(t, 'GET', `/api/v1/services/${serviceId}`, { token: own });
    expect(one.body).toMatchObject({ open_incidents: { triggered: 1, acknowledged: 1 }, last_event_at: newest });
    const list = await request(t, 'GET', '/api/v1/services', { token: own });
    const byName = Object.fromEntries(list.body.services.map((s: { name: string }) => [s.name, s]));
    expect(byName['Quiet']).toMatchObject({ open_incidents: { triggered: 0, acknowledged: 0 }, last_event_at: null });
    expect(list.body.services.find((s: { id: string }) => s.id === serviceId)).toMatchObject(one.body);
    const renamed = await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: own, body: { description: 'checked' } });
    expect(renamed.body).toMatchObject({ open_incidents: { triggered: 1, acknowledged: 1 }, last_event_at: newest });
  });

  it('tells until when a service is in maintenance, in the list and on its own, and nothing for a window still to come', async () => {
    const { token: own } = await newOrganisation(t);
    const { serviceId } = await newIntegration(t, own);
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const later = await request(t, 'POST', `/api/v1/services/${serviceId}/maintenance-windows`, { token: own, body: { start: at(60), end: at(120) } });
    expect(later.status).toBe(201);
    expect((await request(t, 'GET', `/api/v1/services/${serviceId}`, { token: own })).body.maintenance_until).toBeNull();
    const now = await request(t, 'POST', `/api/v1/services/${serviceId}/maintenance-windows`, { token: own, body: { start: at(-5), end: at(30) } });
    const overlapping = await request(t, 'POST', `/api/v1/services/${serviceId}/maintenance-windows`, { token: own, body: { start: at(-1), end: at(45) } });
    expect(now.status).toBe(201);
    const one = await request(t, 'GET', `/api/v1/services/${serviceId}`, { token: own });
    expect(one.body.maintenance_until).toBe(overlapping.body.end);
    const listed = (await request(t, 'GET', '/api/v1/services', { token: own })).body.services.find((s: { id: string }) => s.id === serviceId);
    expect(listed.maintenance_until).toBe(overlapping.body.end);
    for (const window of [now, overlapping]) expect((await request(t, 'DELETE', `/api/v1/services/${serviceId}/maintenance-windows/${window.body.id}`, { token: own })).status).toBe(204);
    expect((await request(t, 'GET', `/api/v1/services/${serviceId}`, { token: own })).body.maintenance_until).toBeNull();
  });

  it('pages through services with a cursor', async () => {
    const { token: own } = await newOrganisation(t);
    for (let i = 0; i < 5; i += 1) await request(t, 'POST', '/api/v1/services', { token: own, body: { name: `s${i}` } });
    const first = await request(t, 'GET', '/api/v1/services?limit=3', { token: own });
    const second = await request(t, 'GET', `/api/v1/services?limit=3&cursor=${first.body.next_cursor}`, { token: own });
    const names = [...first.body.services, ...second.body.services].map((s: { name: string }) => s.name);
    expect(names.sort()).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(second.body.next_cursor).toBeNull();
  });
});

describeEachStore('per-integration rate limits', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind, { env: { VIGIL_INGEST_RATE_LIMIT_PER_MINUTE: '1000' } });
  });
  afterAll(() => t.stop());

  it('answers 429 with Retry-After and a body naming the limit and the integration, per key', async () => {
    const { token } = await newOrganisation(t);
    const limited = await newIntegration(t, token);
    const patched = await request(t, 'PATCH', `/api/v1/integrations/${limited.integrationId}`, { token, body: { rate_limit_per_minute: 3 } });
    expect(patched.body.rate_limit_per_minute).toBe(3);
    const other = await newIntegration(t, token);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await enqueue(t, triggerEvent(limited.routingKey, `r${i}`))).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    const throttled = await enqueue(t, triggerEvent(limited.routingKey, 'again'));
    expect(throttled.headers['retry-after']).toMatch(/^\d+$/);
    expect(throttled.body.status).toBe('throttle event');
    expect(throttled.body.message).toContain(limited.routingKey);
    expect(throttled.body.message).toMatch(/3 events per minute/);
    expect((await enqueue(t, triggerEvent(other.routingKey, 'free'))).status).toBe(202);
    expect((await request(t, 'GET', `/api/v1/integrations/${other.integrationId}`, { token })).body.rate_limit_per_minute).toBe(1000);
  });
});
