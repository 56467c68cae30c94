import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newIntegration, newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describeEachStore('Datadog webhooks', (kind) => {
  let t: TestVigil;
  let token: string;
  beforeAll(async () => {
    t = await startVigil(kind);
    ({ token } = await newOrganisation(t));
  });
  afterAll(() => t.stop());

  const incidentsOf = async (serviceId: string) => (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents;

  it('opens an incident from the default payload and resolves it on [Recovered]', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token, 'datadog');
    const triggered = fixture('datadog-webhook-default.json');
    expect((await request(t, 'POST', `/integrations/${routingKey}`, { body: triggered })).status).toBe(202);
    await t.settle();
    expect(await incidentsOf(serviceId)).toMatchObject([{ title: 'High CPU on web-3', status: 'triggered', severity: 'critical' }]);

    const recovered = { ...triggered, title: '[Recovered] High CPU on web-3', id: '7418529700', body: '%%%\nCPU back to normal\n%%%' };
    expect((await request(t, 'POST', `/integrations/${routingKey}`, { body: recovered })).status).toBe(202);
    await t.settle();
    expect((await incidentsOf(serviceId)).map((i: { status: string }) => i.status)).toEqual(['resolved']);
  });

  it('uses the recommended template: aggregation key, priority and the event link', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token, 'datadog');
    const triggered = fixture('datadog-webhook-vigil-template.json');
    await request(t, 'POST', `/integrations/${routingKey}`, { body: triggered });
    await request(t, 'POST', `/integrations/${routingKey}`, { body: { ...triggered, alert_transition: 'Re-Triggered', title: '[P2] [Re-Triggered on {host:web-3}] High CPU' } });
    await t.settle();
    const [incident] = await incidentsOf(serviceId);
    expect(incident).toMatchObject({ status: 'triggered', severity: 'error', alert_count: 1 });
    const detail = (await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token })).body;
    expect(detail.alerts[0]).toMatchObject({ dedup_key: '9bd4ac313a4d1e8fae2482df7b77628', event_count: 2 });

    await request(t, 'POST', `/integrations/${routingKey}`, { body: { ...triggered, alert_transition: 'Recovered', alert_type: 'success', title: '[P2] [Recovered on {host:web-3}] High CPU' } });
    await t.settle();
    expect((await incidentsOf(serviceId)).map((i: { status: string }) => i.status)).toEqual(['resolved']);
  });

  it('refuses a payload without a title with a 400 naming it', async () => {
    const { routingKey } = await newIntegration(t, token, 'datadog');
    const response = await request(t, 'POST', `/integrations/${routingKey}`, { body: { body: 'no title here' } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toContainEqual({ field: 'title', message: 'is required' });
  });
});
