import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newIntegration, newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

const webhook = JSON.parse(readFileSync(new URL('../fixtures/grafana-webhook-v1.json', import.meta.url), 'utf8')) as { alerts: Array<Record<string, unknown>> } & Record<string, unknown>;

function withStatus(status: 'firing' | 'resolved') {
  return { ...webhook, status, alerts: [{ ...webhook.alerts[0], status, ...(status === 'resolved' && { endsAt: '2026-11-20T09:40:00Z' }) }] };
}

describeEachStore('Grafana alerting webhooks', (kind) => {
  let t: TestVigil;
  let token: string;
  beforeAll(async () => {
    t = await startVigil(kind);
    ({ token } = await newOrganisation(t));
  });
  afterAll(() => t.stop());

  const incidentsOf = async (serviceId: string) => (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents;

  it('tells where to point Grafana and how', async () => {
    const { integrationId, routingKey } = await newIntegration(t, token, 'grafana');
    const integration = (await request(t, 'GET', `/api/v1/integrations/${integrationId}`, { token })).body;
    expect(integration.url).toMatch(new RegExp(`/integrations/${routingKey}$`));
    expect(integration.setup_instructions).toContain('Contact points');
    expect(integration.setup_instructions).toContain(integration.url);
  });

  it('opens an incident for a firing alert and resolves it when Grafana sends it resolved', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token, 'grafana');
    const fired = await request(t, 'POST', `/integrations/${routingKey}`, { body: withStatus('firing') });
    expect(fired.status).toBe(202);
    expect(fired.body).toEqual({ status: 'success', message: 'Event processed', events: 1 });
    // Grafana repeats a firing alert at each repeat interval: the same alert, no new incident.
    await request(t, 'POST', `/integrations/${routingKey}`, { body: withStatus('firing') });
    await t.settle();
    const [incident] = await incidentsOf(serviceId);
    expect(incident).toMatchObject({ title: 'Disk on db-1 is 91% full', status: 'triggered', severity: 'warning', alert_count: 1 });
    const detail = (await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token })).body;
    expect(detail.alerts[0]).toMatchObject({ dedup_key: '57c6d9296de2ad39', source: 'db-1', event_count: 2 });

    expect((await request(t, 'POST', `/integrations/${routingKey}`, { body: withStatus('resolved') })).status).toBe(202);
    await t.settle();
    expect((await incidentsOf(serviceId)).map((i: { status: string }) => i.status)).toEqual(['resolved']);
  });

  it('refuses a payload that is not Grafana\'s with a 400 naming the field, and stores nothing', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token, 'grafana');
    const response = await request(t, 'POST', `/integrations/${routingKey}`, { body: { ...webhook, alerts: [{ status: 'firing', labels: {} }] } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toContainEqual({ field: 'alerts.0.fingerprint', message: 'is required' });
    await t.settle();
    expect(await incidentsOf(serviceId)).toEqual([]);
  });
});
