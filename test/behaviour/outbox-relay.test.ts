import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { outbox, outboxRelay } from '../../src/modules/outbox/outbox.tables.ts';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { movableClock } from '../movable-clock.ts';

describeEachStore('outbox relay', (kind) => {
  let t: TestVigil;
  const time = movableClock();
  beforeAll(async () => {
    t = await startVigil(kind, { clock: time.clock, env: { VIGIL_ENGINE_TICK_MS: '100' } });
  });
  afterAll(() => t?.stop());

  it('stops paging when an integration resolves the incident: escalation stopped, reminders cancelled', async () => {
    const org = await newOrganisation(t);
    const me = await request(t, 'GET', '/api/v1/me', { token: org.token });
    // A reminder 10 minutes after the immediate mail, for high urgency.
    const methods = await request(t, 'GET', `/api/v1/users/${me.body.user.id}/contact-methods`, { token: org.token });
    const reminder = await request(t, 'POST', `/api/v1/users/${me.body.user.id}/notification-rules`, {
      token: org.token,
      body: { urgency: 'high', contact_method_id: methods.body.contact_methods[0].id, delay_minutes: 10 },
    });
    expect(reminder.status).toBe(201);
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', { token: org.token, body: { name: 'Relay', levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: me.body.user.id }] }] } });
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } });

    await enqueue(t, triggerEvent(routingKey, 'relay-me'));
    await t.settle();
    const incidentId = (await request(t, 'GET', '/api/v1/incidents', { token: org.token })).body.incidents[0].id as string;
    const notifications = async () => (await request(t, 'GET', `/api/v1/incidents/${incidentId}/notifications`, { token: org.token })).body.notifications as Array<{ status: string; due_at: string }>;
    await expect.poll(async () => (await notifications()).map((n) => n.status).sort(), { timeout: 10_000 }).toEqual(['scheduled', 'sent']);

    await enqueue(t, { routing_key: routingKey, event_action: 'resolve', dedup_key: 'relay-me' });
    await t.settle();
    await expect.poll(async () => (await notifications()).map((n) => n.status).sort(), { timeout: 10_000 }).toEqual(['cancelled', 'sent']);
    const escalation = await request(t, 'GET', `/api/v1/incidents/${incidentId}/escalation`, { token: org.token });
    expect(escalation.body.escalation).toMatchObject({ status: 'stopped', next_escalation_at: null });
  }, 30_000);
});

describeEachStore('domain events of the fold', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind);
  });
  afterAll(() => t?.stop());

  it('announces an incident event about the incident, and names the alert that opened it in its data', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    await enqueue(t, triggerEvent(routingKey, 'subject-check'));
    await t.settle();
    const incident = (await request(t, 'GET', '/api/v1/incidents', { token: org.token })).body.incidents[0] as { id: string };
    const [row] = await t.vigil.deps.store.db.select().from(outbox).where(and(eq(outbox.orgId, org.orgId), eq(outbox.type, 'incident.triggered')));
    expect(row?.subjectId).toBe(incident.id);
    expect(row?.data).toMatchObject({ incident: { id: incident.id }, dedup_key: 'subject-check' });
  });
});

describeEachStore('engine kicks from the fold', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    // No tick within the test: only the fold's kicks can page and relay.
    t = await startVigil(kind, { env: { VIGIL_ENGINE_TICK_MS: '60000' } });
  });
  afterAll(() => t?.stop());

  it('pages as soon as a fold pass starts an escalation, and cancels the reminder as soon as one writes the resolution', async () => {
    const org = await newOrganisation(t);
    const me = await request(t, 'GET', '/api/v1/me', { token: org.token });
    // The immediate mail, and a reminder 10 minutes later that only the relay's stop-paging reaction cancels.
    const methods = await request(t, 'GET', `/api/v1/users/${me.body.user.id}/contact-methods`, { token: org.token });
    await request(t, 'POST', `/api/v1/users/${me.body.user.id}/notification-rules`, { token: org.token, body: { urgency: 'high', contact_method_id: methods.body.contact_methods[0].id, delay_minutes: 10 } });
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', { token: org.token, body: { name: 'Kicked', levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: me.body.user.id }] }] } });
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } });

    await enqueue(t, triggerEvent(routingKey, 'kicked'));
    const incidentId = async () => (await request(t, 'GET', '/api/v1/incidents', { token: org.token })).body.incidents[0]?.id as string | undefined;
    await expect.poll(incidentId, { timeout: 10_000 }).toBeDefined();
    const id = (await incidentId())!;
    const notifications = async () => (await request(t, 'GET', `/api/v1/incidents/${id}/notifications`, { token: org.token })).body.notifications as Array<{ status: string }>;
    await expect.poll(async () => (await notifications()).map((n) => n.status).sort(), { timeout: 10_000 }).toEqual(['scheduled', 'sent']);

    await enqueue(t, { routing_key: routingKey, event_action: 'resolve', dedup_key: 'kicked' });
    await expect.poll(async () => (await notifications()).map((n) => n.status).sort(), { timeout: 10_000 }).toEqual(['cancelled', 'sent']);
  }, 30_000);
});

describeEachStore('domain events no reaction wants', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    // An api process: it folds but never relays, so what is left in outbox_relay is what the fold left.
    t = await startVigil(kind, { role: 'api' });
  });
  afterAll(() => t?.stop());

  const waitingForRelay = async (orgId: string) =>
    (await t.vigil.deps.store.db.select({ orgId: outboxRelay.orgId }).from(outboxRelay).where(eq(outboxRelay.orgId, orgId))).length;

  it('are let go by the fold pass that writes them; a wanted one is left for the relay', async () => {
    const quiet = await newOrganisation(t);
    const quietService = await newIntegration(t, quiet.token);
    const subscribed = await newOrganisation(t);
    const subscribedService = await newIntegration(t, subscribed.token);
    const webhook = await request(t, 'POST', '/api/v1/webhooks', { token: subscribed.token, body: { url: 'http://127.0.0.1:9/hook', event_types: ['incident.triggered'], allow_private_network: true } });
    expect(webhook.status).toBe(201);

    await enqueue(t, triggerEvent(quietService.routingKey, 'nobody-listens'));
    await enqueue(t, triggerEvent(subscribedService.routingKey, 'a-webhook-listens'));
    await t.settle();
    expect((await request(t, 'GET', '/api/v1/incidents', { token: quiet.token })).body.incidents).toHaveLength(1);
    expect(await waitingForRelay(quiet.orgId)).toBe(0);
    expect(await waitingForRelay(subscribed.orgId)).toBe(1);
  });
});
