import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

describeEachStore('Events API v2 through to incidents', (kind) => {
  let t: TestVigil;
  let token: string;
  beforeAll(async () => {
    t = await startVigil(kind);
    ({ token } = await newOrganisation(t));
  });
  afterAll(() => t.stop());

  const openIncidents = async (serviceId: string) =>
    (await request(t, 'GET', `/api/v1/incidents?status=triggered,acknowledged&service_id=${serviceId}`, { token })).body.incidents;

  it('answers a trigger with 202 and the dedup key, and opens one incident with one alert', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token);
    const response = await enqueue(t, triggerEvent(routingKey, 'disk-1'));
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'disk-1' });
    await t.settle();
    const [incident] = await openIncidents(serviceId);
    expect(incident).toMatchObject({ title: 'disk full on disk-1', status: 'triggered', severity: 'critical', alert_count: 1, service_id: serviceId });
    const detail = await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token });
    expect(detail.body.alerts).toHaveLength(1);
    expect(detail.body.alerts[0]).toMatchObject({ dedup_key: 'disk-1', status: 'triggered', source: 'db-1' });
    expect(detail.body.timeline.map((entry: { type: string }) => entry.type)).toEqual(['triggered']);
  });

  it('stores text exactly as sent, whatever quotes, backslashes and SQL it holds, alone and in a batch of concurrent events', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token);
    // The embedded store sends the rows as one SQL string literal: every way out of a literal is tried here.
    const awkward = ["it's", "''", "\\'", "ends in a backslash \\", "'); drop table events; --", '$$ $tag$ "quoted"', 'tab\tnew\nline', '\\x00 \\u0041 E\'\\n\'', 'ü 🔥 \u202e'];
    const sent = awkward.map((text, index) => {
      const payload = { summary: text, source: text, severity: 'info', custom_details: { [text]: text, nested: [text, { text }] } };
      return { ...triggerEvent(routingKey, `awkward-${index}-${text}`, { payload }), dedup_key: `awkward-${index}-${text}`, payload };
    });
    expect((await enqueue(t, sent[0])).status).toBe(202); // alone: a batch of one
    const rest = await Promise.all(sent.slice(1).map((body) => enqueue(t, body)));
    expect(rest.map((response) => response.status)).toEqual(sent.slice(1).map(() => 202));
    const stored = await request(t, 'GET', `/api/v1/events?service_id=${serviceId}&limit=100`, { token });
    const byKey = new Map(stored.body.events.map((event: { dedup_key: string; payload: unknown }) => [event.dedup_key, event.payload]));
    for (const { dedup_key: key, payload } of sent) {
      expect(byKey.get(key)).toMatchObject({ summary: payload.summary, source: payload.source, customDetails: payload.custom_details });
    }
    await t.settle();
    const incidents = await openIncidents(serviceId);
    expect(incidents.map((incident: { title: string }) => incident.title).sort()).toEqual([...awkward].sort());
  });

  it('generates a dedup key when none is given, so each such trigger opens its own incident', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token);
    const first = await enqueue(t, triggerEvent(routingKey));
    const second = await enqueue(t, triggerEvent(routingKey));
    expect(first.body.dedup_key).toMatch(/^[a-f0-9]{32}$/);
    expect(second.body.dedup_key).not.toBe(first.body.dedup_key);
    await t.settle();
    expect(await openIncidents(serviceId)).toHaveLength(2);
  });

  it('adds a repeated trigger to the open alert, and does not re-page an acknowledged incident', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token);
    await enqueue(t, triggerEvent(routingKey, 'k'));
    await enqueue(t, { routing_key: routingKey, event_action: 'acknowledge', dedup_key: 'k' });
    await enqueue(t, triggerEvent(routingKey, 'k'));
    await t.settle();
    const incidents = await openIncidents(serviceId);
    expect(incidents).toHaveLength(1);
    expect(incidents[0].status).toBe('acknowledged');
    const detail = await request(t, 'GET', `/api/v1/incidents/${incidents[0].id}`, { token });
    expect(detail.body.alerts[0].event_count).toBe(2);
  });

  it('resolves the incident when its alert resolves, and a later trigger opens a new incident', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token);
    await enqueue(t, triggerEvent(routingKey, 'k'));
    await enqueue(t, { routing_key: routingKey, event_action: 'resolve', dedup_key: 'k' });
    await t.settle();
    const all = (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'resolved' });
    expect(all[0].resolved_at).not.toBeNull();
    await enqueue(t, triggerEvent(routingKey, 'k'));
    await t.settle();
    const again = (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents;
    expect(again.map((incident: { status: string }) => incident.status)).toEqual(['triggered', 'resolved']);
    expect(again[0].number).toBe(again[1].number + 1);
  });

  it('accepts and drops acknowledge and resolve for keys it does not know', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token);
    for (const action of ['acknowledge', 'resolve']) {
      const response = await enqueue(t, { routing_key: routingKey, event_action: action, dedup_key: 'never-seen' });
      expect(response.status).toBe(202);
    }
    await t.settle();
    expect((await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents).toEqual([]);
    const stats = await request(t, 'GET', `/api/v1/services/${serviceId}/event-stats`, { token });
    expect(stats.body.outcomes).toEqual({ dropped: 2 });
  });

  it('scopes a dedup key to its routing key', async () => {
    const a = await newIntegration(t, token);
    const b = await newIntegration(t, token);
    await enqueue(t, triggerEvent(a.routingKey, 'shared'));
    await enqueue(t, triggerEvent(b.routingKey, 'shared'));
    await enqueue(t, { routing_key: b.routingKey, event_action: 'resolve', dedup_key: 'shared' });
    await t.settle();
    expect(await openIncidents(a.serviceId)).toHaveLength(1);
    expect(await openIncidents(b.serviceId)).toHaveLength(0);
  });

  it('accepts events for a disabled service and counts them without opening incidents', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token);
    expect((await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token, body: { status: 'disabled' } })).status).toBe(200);
    expect((await enqueue(t, triggerEvent(routingKey, 'quiet'))).status).toBe(202);
    await t.settle();
    expect(await openIncidents(serviceId)).toEqual([]);
    const stats = await request(t, 'GET', `/api/v1/services/${serviceId}/event-stats`, { token });
    expect(stats.body.outcomes).toEqual({ service_disabled: 1 });
  });

  it('stores change events and lists them per service', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token, 'change_events');
    const response = await request(t, 'POST', '/v2/change/enqueue', {
      body: { routing_key: routingKey, payload: { summary: 'Deployed v42', timestamp: '2026-11-20T10:00:00Z', source: 'ci', custom_details: { sha: 'abc' } }, links: [{ href: 'https://ci.example.com/1', text: 'build' }] },
    });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'success', message: 'Change event processed' });
    await t.settle();
    const list = await request(t, 'GET', `/api/v1/changes?service_id=${serviceId}`, { token });
    expect(list.body.changes).toEqual([
      expect.objectContaining({ summary: 'Deployed v42', source: 'ci', timestamp: '2026-11-20T10:00:00.000Z', custom_details: { sha: 'abc' }, links: [{ href: 'https://ci.example.com/1', text: 'build' }] }),
    ]);
  });

  it('takes Alertmanager’s PagerDuty receiver payload as it sends it (group dedup key, string details, no timestamp)', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token);
    const body = JSON.parse(readFileSync(new URL('../fixtures/alertmanager-pagerduty-v2.json', import.meta.url), 'utf8'));
    const response = await enqueue(t, { ...body, routing_key: routingKey });
    expect(response.status).toBe(202);
    expect(response.body.dedup_key).toBe(body.dedup_key);
    await enqueue(t, { ...body, routing_key: routingKey, event_action: 'resolve' });
    await t.settle();
    const [incident] = (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents;
    expect(incident).toMatchObject({ title: '[FIRING:1] HighLatency checkout (critical)', severity: 'error', status: 'resolved' });
    const detail = await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token });
    expect(detail.body.alerts[0]).toMatchObject({ client: 'Alertmanager', custom_details: { num_firing: '1' } });
  });

  it('refuses a NUL character, which the database cannot store, naming the field, while concurrent events commit', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token);
    const [bad, good] = await Promise.all([
      enqueue(t, triggerEvent(routingKey, 'nul', { payload: { summary: 'a\u0000b', source: 's', severity: 'info' } })),
      enqueue(t, triggerEvent(routingKey, 'fine')),
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(['payload.summary: contains a NUL character']);
    expect(good.status).toBe(202);
    await t.settle();
    expect(await openIncidents(serviceId)).toHaveLength(1);
  });

  it('answers an unknown routing key with 400 in PagerDuty’s shape', async () => {
    const response = await enqueue(t, triggerEvent('0123456789abcdef0123456789abcdef', 'x'));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: ['routing_key: no integration has this routing key'] });
  });
});
