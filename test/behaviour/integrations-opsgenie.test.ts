import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newIntegration, newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

/** The create-alert request exactly as Opsgenie's Alert API documentation shows it. */
const documentedAlert = {
  message: 'An example alert message',
  alias: 'Life is too short for no alias',
  description: 'Every alert needs a description',
  responders: [
    { id: '4513b7ea-3b91-438f-b7e4-e3e54af9147c', type: 'team' },
    { name: 'NOC', type: 'team' },
    { id: 'bb4d9938-c3c2-455d-aaab-727aa701c0d8', type: 'user' },
    { username: 'trinity@opsgenie.com', type: 'user' },
    { id: 'aee8a0de-c80f-4515-a232-501c0bc9d715', type: 'escalation' },
    { name: 'Nightwatch Escalation', type: 'escalation' },
    { id: '80564037-1984-4f38-b98e-8a1f662df552', type: 'schedule' },
    { name: 'First Responders Schedule', type: 'schedule' },
  ],
  visibleTo: [
    { id: '4513b7ea-3b91-438f-b7e4-e3e54af9147c', type: 'team' },
    { name: 'rocket_team', type: 'team' },
    { id: 'bb4d9938-c3c2-455d-aaab-727aa701c0d8', type: 'user' },
    { username: 'trinity@opsgenie.com', type: 'user' },
  ],
  actions: ['Restart', 'AnExampleAction'],
  tags: ['OverwriteQuietHours', 'Critical'],
  details: { key1: 'value1', key2: 'value2' },
  entity: 'An example entity',
  priority: 'P1',
};
const documentedAction = { user: 'Monitoring Script', source: 'AWS Lambda', note: 'Action executed via Alert API' };

describeEachStore('Opsgenie-compatible Alert API', (kind) => {
  let t: TestVigil;
  let token: string;
  let base: string;
  beforeAll(async () => {
    t = await startVigil(kind);
    ({ token } = await newOrganisation(t));
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.stop());

  /** What an Opsgenie client sends: JSON with `Authorization: GenieKey …`, over a real socket. */
  async function opsgenie(path: string, key: string | undefined, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(key !== undefined && { Authorization: `GenieKey ${key}` }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const incidentsOf = async (serviceId: string) => (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents;
  const alias = encodeURIComponent(documentedAlert.alias);

  it('creates, acknowledges and closes an incident by alias, answering as Opsgenie does', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token, 'opsgenie');
    const created = await opsgenie('/v2/alerts', routingKey, documentedAlert);
    expect(created.status).toBe(202);
    expect(created.body).toEqual({ result: 'Request will be processed', took: expect.any(Number), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    await t.settle();
    const [incident] = await incidentsOf(serviceId);
    expect(incident).toMatchObject({ title: 'An example alert message', status: 'triggered', severity: 'critical' });
    const detail = (await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token })).body;
    expect(detail.alerts[0]).toMatchObject({ dedup_key: 'Life is too short for no alias', source: 'An example entity' });

    const acknowledged = await opsgenie(`/v2/alerts/${alias}/acknowledge?identifierType=alias`, routingKey, documentedAction);
    expect(acknowledged).toMatchObject({ status: 202, body: { result: 'Request will be processed' } });
    await t.settle();
    expect((await incidentsOf(serviceId))[0].status).toBe('acknowledged');

    const closed = await opsgenie(`/v2/alerts/${alias}/close?identifierType=alias`, routingKey, documentedAction);
    expect(closed.status).toBe(202);
    expect(closed.body.requestId).not.toBe(created.body.requestId);
    await t.settle();
    expect((await incidentsOf(serviceId)).map((i: { status: string }) => i.status)).toEqual(['resolved']);
  });

  it('takes close without a body, and a second create with the same alias adds to the open alert', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token, 'opsgenie');
    await opsgenie('/v2/alerts', routingKey, { message: 'disk full', alias: 'disk-1', priority: 'P4' });
    await opsgenie('/v2/alerts', routingKey, { message: 'disk full', alias: 'disk-1', priority: 'P4' });
    await t.settle();
    expect(await incidentsOf(serviceId)).toMatchObject([{ status: 'triggered', severity: 'info', alert_count: 1 }]);
    const closed = await opsgenie('/v2/alerts/disk-1/close?identifierType=alias', routingKey);
    expect(closed.body).toMatchObject({ result: 'Request will be processed' });
    expect(closed.status).toBe(202);
    await t.settle();
    expect((await incidentsOf(serviceId))[0].status).toBe('resolved');
  });

  it('answers a missing or unknown GenieKey with 401, and another type\'s key with 403, in Opsgenie\'s error shape', async () => {
    const missing = await opsgenie('/v2/alerts', undefined, documentedAlert);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ message: expect.stringContaining('GenieKey'), took: expect.any(Number), requestId: expect.any(String) });
    expect((await opsgenie('/v2/alerts', 'x'.repeat(32), documentedAlert)).status).toBe(401);
    const other = await newIntegration(t, token, 'events_api_v2');
    const wrongType = await opsgenie('/v2/alerts', other.routingKey, documentedAlert);
    expect(wrongType.status).toBe(403);
    expect(wrongType.body.message).toMatch(/events_api_v2/);
  });

  it('answers invalid fields with 422 naming them, and stores nothing', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token, 'opsgenie');
    const invalid = await opsgenie('/v2/alerts', routingKey, { message: 'x'.repeat(131), priority: 'P9', details: { a: 1 } });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ message: 'Request body is not processable. Please check the errors.', requestId: expect.any(String) });
    expect(Object.keys(invalid.body.errors as object).sort()).toEqual(['details.a', 'message', 'priority']);
    expect((await opsgenie('/v2/alerts', routingKey, { description: 'no message' })).body.errors).toEqual({ message: 'is required' });
    const byId = await opsgenie(`/v2/alerts/${alias}/close`, routingKey, documentedAction);
    expect(byId.status).toBe(422);
    expect(byId.body.message).toMatch(/identifierType id is not supported/);
    expect((await opsgenie(`/v2/alerts/${alias}/close?identifierType=tiny`, routingKey)).status).toBe(422);
    const notJson = await fetch(`${base}/v2/alerts`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `GenieKey ${routingKey}` }, body: '{"message": ' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ message: expect.stringContaining('not valid JSON'), requestId: expect.any(String) });
    await t.settle();
    expect(await incidentsOf(serviceId)).toEqual([]);
  });

  it('limits requests per GenieKey, with a 429 in Opsgenie\'s shape', async () => {
    const { integrationId, routingKey } = await newIntegration(t, token, 'opsgenie');
    await request(t, 'PATCH', `/api/v1/integrations/${integrationId}`, { token, body: { rate_limit_per_minute: 2 } });
    expect((await opsgenie('/v2/alerts', routingKey, { message: 'a' })).status).toBe(202);
    expect((await opsgenie('/v2/alerts', routingKey, { message: 'b' })).status).toBe(202);
    const limited = await opsgenie('/v2/alerts', routingKey, { message: 'c' });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ message: expect.stringContaining('2 requests per minute'), requestId: expect.any(String) });
  });

  it('tells an Opsgenie user what to change', async () => {
    const { integrationId, routingKey } = await newIntegration(t, token, 'opsgenie');
    const integration = (await request(t, 'GET', `/api/v1/integrations/${integrationId}`, { token })).body;
    expect(integration.url).toMatch(/\/v2\/alerts$/);
    expect(integration.setup_instructions).toContain(`GenieKey ${routingKey}`);
    expect(integration.setup_instructions).toContain('identifierType=alias');
  });
});
