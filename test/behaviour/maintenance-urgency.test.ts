import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { movableClock } from '../movable-clock.ts';
import { addMember, userIdOf } from './oncall.helpers.ts';

interface Incident {
  id: string;
  title: string;
  status: string;
  severity: string;
  urgency: string;
}
interface Delivery {
  user: { id: string };
  status: string;
  due_at: string;
  created_at: string;
}

const MINUTE = 60_000;
const POLL = { timeout: 15_000, interval: 50 };

describeEachStore('maintenance windows and urgency', (kind) => {
  let t: TestVigil;
  const time = movableClock();
  beforeAll(async () => {
    t = await startVigil(kind, { clock: time.clock, env: { VIGIL_ENGINE_TICK_MS: '100' } });
  });
  afterAll(() => t?.stop());

  const iso = (offsetMs: number) => new Date(time.clock.now().getTime() + offsetMs).toISOString();
  const incidentsOf = async (token: string) => (await request(t, 'GET', '/api/v1/incidents?limit=100', { token })).body.incidents as Incident[];
  const incidentFor = async (token: string, dedupKey: string) => (await incidentsOf(token)).find((incident) => incident.title === `disk full on ${dedupKey}`);
  const deliveriesOf = async (token: string, id: string) => (await request(t, 'GET', `/api/v1/incidents/${id}/notifications`, { token })).body.notifications as Delivery[];
  const escalationOf = async (token: string, id: string) => (await request(t, 'GET', `/api/v1/incidents/${id}/escalation`, { token })).body.escalation;
  const mailCount = async (token: string) => (await request(t, 'GET', '/api/v1/mail-outbox?limit=100', { token })).body.mails.length as number;
  /** What folding did with the service's latest event. */
  const lastOutcome = async (token: string, serviceId: string) => (await request(t, 'GET', `/api/v1/events?service_id=${serviceId}&limit=1`, { token })).body.events[0].outcome as string;
  const windowsPath = (serviceId: string) => `/api/v1/services/${serviceId}/maintenance-windows`;
  const listWindows = async (token: string, serviceId: string, ongoingOrFuture?: boolean) =>
    (await request(t, 'GET', `${windowsPath(serviceId)}${ongoingOrFuture === undefined ? '' : `?ongoing_or_future=${ongoingOrFuture}`}`, { token })).body.maintenance_windows as Array<{ id: string; start: string; end: string }>;

  async function send(routingKey: string, dedupKey: string, action: 'trigger' | 'acknowledge' | 'resolve' = 'trigger', severity = 'critical') {
    const body = action === 'trigger' ? triggerEvent(routingKey, dedupKey, { payload: { summary: `disk full on ${dedupKey}`, source: 'db-1', severity } }) : { routing_key: routingKey, event_action: action, dedup_key: dedupKey };
    expect((await enqueue(t, body)).status).toBe(202);
    await t.settle();
  }

  /** An organisation whose admin a one-level policy pages at once, and a service with an integration on it. */
  async function pagedService() {
    const org = await newOrganisation(t);
    const me = await userIdOf(t, org.token);
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', { token: org.token, body: { name: 'Me', levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: me }] }] } });
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    expect((await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } })).status).toBe(200);
    return { org, me, policyId: policy.body.id as string, serviceId, routingKey };
  }

  /** Waits until the incident's first level was entered and every notification it scheduled at once went out. */
  async function paged(token: string, id: string) {
    await expect.poll(async () => (await escalationOf(token, id))?.level, POLL).toBe(1);
    await expect.poll(async () => (await deliveriesOf(token, id)).map((delivery) => delivery.status), POLL).toEqual(['sent']);
  }

  it('opens no incident and pages nobody for a trigger during a window, still acknowledges and resolves alerts opened before, and opens incidents again once the window is ended', async () => {
    const { org, serviceId, routingKey } = await pagedService();
    await send(routingKey, 'before-1');
    await send(routingKey, 'before-2');
    const [before1, before2] = [await incidentFor(org.token, 'before-1'), await incidentFor(org.token, 'before-2')];
    await paged(org.token, before1!.id);
    await paged(org.token, before2!.id);
    const mailsBefore = await mailCount(org.token);
    expect(mailsBefore).toBe(2);

    const body = { description: 'Database upgrade', start: iso(-MINUTE), end: iso(60 * MINUTE) };
    const created = await request(t, 'POST', windowsPath(serviceId), { token: org.token, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ service_id: serviceId, description: 'Database upgrade', start: body.start, end: body.end });

    await send(routingKey, 'during');
    expect(await lastOutcome(org.token, serviceId)).toBe('maintenance');
    expect(await incidentFor(org.token, 'during')).toBeUndefined();
    expect(await incidentsOf(org.token)).toHaveLength(2);

    await send(routingKey, 'before-2', 'acknowledge');
    expect(await lastOutcome(org.token, serviceId)).toBe('acknowledged');
    expect((await incidentFor(org.token, 'before-2'))!.status).toBe('acknowledged');
    await send(routingKey, 'before-1', 'resolve');
    expect(await lastOutcome(org.token, serviceId)).toBe('resolved');
    expect((await incidentFor(org.token, 'before-1'))!.status).toBe('resolved');
    // The outbox relay stops its paging shortly after.
    await expect.poll(() => escalationOf(org.token, before1!.id), POLL).toMatchObject({ status: 'stopped', next_escalation_at: null });

    await t.vigil.engine.settle();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailCount(org.token), 'nobody paged during the window').toBe(mailsBefore);
    const stats = await request(t, 'GET', `/api/v1/services/${serviceId}/event-stats`, { token: org.token });
    expect(stats.body.outcomes).toMatchObject({ alert_created: 2, maintenance: 1, acknowledged: 1, resolved: 1 });

    const ongoing = await listWindows(org.token, serviceId, true);
    expect(ongoing.map((window) => window.id)).toEqual([created.body.id]);
    expect((await request(t, 'DELETE', `${windowsPath(serviceId)}/${created.body.id}`, { token: org.token })).status).toBe(204);
    expect(await listWindows(org.token, serviceId, true)).toEqual([]);
    const ended = await listWindows(org.token, serviceId);
    expect(ended.map((window) => window.id)).toEqual([created.body.id]);
    expect(Date.parse(ended[0]!.end)).toBeLessThanOrEqual(time.clock.now().getTime());
    expect(Date.parse(ended[0]!.end)).toBeGreaterThan(Date.parse(body.start));

    await send(routingKey, 'after');
    expect(await lastOutcome(org.token, serviceId)).toBe('alert_created');
    const after = await incidentFor(org.token, 'after');
    expect(after).toMatchObject({ status: 'triggered' });
    await paged(org.token, after!.id);
    expect(await mailCount(org.token)).toBe(mailsBefore + 1);

    const audit = await request(t, 'GET', '/api/v1/audit?limit=500', { token: org.token });
    const actions = audit.body.entries.filter((entry: { action: string }) => entry.action.startsWith('maintenance_window.'));
    expect(actions.map((entry: { action: string; target_id: string }) => [entry.action, entry.target_id])).toEqual([
      ['maintenance_window.end', created.body.id],
      ['maintenance_window.create', created.body.id],
    ]);
  });

  it('holds triggers only between start and end: a future window not yet, a past one no longer; removes a window that has not begun', async () => {
    const { org, serviceId, routingKey } = await pagedService();
    const later = await request(t, 'POST', windowsPath(serviceId), { token: org.token, body: { start: iso(10 * MINUTE), end: iso(70 * MINUTE) } });
    expect(later.status).toBe(201);
    expect((await listWindows(org.token, serviceId, true)).map((window) => window.id)).toEqual([later.body.id]);

    await send(routingKey, 'too-early');
    expect(await lastOutcome(org.token, serviceId)).toBe('alert_created');
    time.advance(11 * MINUTE);
    await send(routingKey, 'inside');
    expect(await lastOutcome(org.token, serviceId)).toBe('maintenance');
    time.advance(60 * MINUTE);
    await send(routingKey, 'too-late');
    expect(await lastOutcome(org.token, serviceId)).toBe('alert_created');
    expect((await incidentsOf(org.token)).map((incident) => incident.title).sort()).toEqual(['disk full on too-early', 'disk full on too-late']);
    expect(await listWindows(org.token, serviceId, true)).toEqual([]);

    // Ending a window that is over changes nothing; one that has not begun is removed.
    expect((await request(t, 'DELETE', `${windowsPath(serviceId)}/${later.body.id}`, { token: org.token })).status).toBe(204);
    expect((await listWindows(org.token, serviceId)).map((window) => window.end)).toEqual([later.body.end]);
    const future = await request(t, 'POST', windowsPath(serviceId), { token: org.token, body: { start: iso(24 * 60 * MINUTE), end: iso(25 * 60 * MINUTE) } });
    expect((await listWindows(org.token, serviceId, true)).map((window) => window.id)).toEqual([future.body.id]);
    expect((await request(t, 'DELETE', `${windowsPath(serviceId)}/${future.body.id}`, { token: org.token })).status).toBe(204);
    expect((await listWindows(org.token, serviceId)).map((window) => window.id)).toEqual([later.body.id]);
    expect((await request(t, 'DELETE', `${windowsPath(serviceId)}/${future.body.id}`, { token: org.token })).status).toBe(404);
  });

  it('validates windows naming the field, hides other organisations’ services, and lets observers only read', async () => {
    const { org, serviceId } = await pagedService();
    const create = (body: Record<string, unknown>, token = org.token, id = serviceId) => request(t, 'POST', windowsPath(id), { token, body });
    const fieldsOf = async (body: Record<string, unknown>) => {
      const answer = await create(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      return answer.body.error.details.map((detail: { field: string }) => detail.field);
    };
    expect(await fieldsOf({ start: iso(0), end: iso(-MINUTE) })).toEqual(['end']);
    expect(await fieldsOf({ start: '2026-06-01T12:00:00+02:00', end: '2026-06-01T11:00:00+01:00' })).toEqual(['end']);
    expect(await fieldsOf({ end: iso(MINUTE) })).toEqual(['start']);
    expect(await fieldsOf({ start: 'tomorrow', end: iso(MINUTE) })).toEqual(['start']);
    expect(await fieldsOf({ start: '2026-06-01T12:00:00', end: '2026-06-01T13:00:00Z' })).toEqual(['start']);
    expect(await fieldsOf({ start: '0000-01-01T00:00:00Z', end: iso(MINUTE) })).toEqual(['start']);
    expect(await fieldsOf({ start: iso(0), end: '9999-12-31T23:59:59-05:00' })).toEqual(['end']);
    expect(await fieldsOf({ start: iso(0), end: iso(MINUTE), reason: 'deploy' })).toEqual(['body']);
    expect(await fieldsOf({ start: iso(0), end: iso(MINUTE), description: 'x'.repeat(2001) })).toEqual(['description']);
    expect((await request(t, 'GET', `${windowsPath(serviceId)}?ongoing_or_future=yes`, { token: org.token })).status).toBe(400);
    expect(await listWindows(org.token, serviceId)).toEqual([]);

    const window = await create({ start: iso(-MINUTE), end: iso(MINUTE * 30) });
    expect(window.status).toBe(201);
    const stranger = await newOrganisation(t);
    expect((await create({ start: iso(0), end: iso(MINUTE) }, stranger.token)).status).toBe(404);
    expect((await request(t, 'GET', windowsPath(serviceId), { token: stranger.token })).status).toBe(404);
    expect((await request(t, 'DELETE', `${windowsPath(serviceId)}/${window.body.id}`, { token: stranger.token })).status).toBe(404);
    expect((await create({ start: iso(0), end: iso(MINUTE) }, org.token, randomUUID())).status).toBe(404);
    expect((await request(t, 'DELETE', `${windowsPath(serviceId)}/${randomUUID()}`, { token: org.token })).status).toBe(404);
    const sibling = await request(t, 'POST', '/api/v1/services', { token: org.token, body: { name: 'Sibling' } });
    expect((await request(t, 'DELETE', `${windowsPath(sibling.body.id)}/${window.body.id}`, { token: org.token })).status).toBe(404);

    const observer = await addMember(t, org.token, 'observer');
    expect((await create({ start: iso(0), end: iso(MINUTE) }, observer.token)).status).toBe(403);
    expect((await request(t, 'DELETE', `${windowsPath(serviceId)}/${window.body.id}`, { token: observer.token })).status).toBe(403);
    expect((await listWindows(observer.token, serviceId, true)).map((item) => item.id)).toEqual([window.body.id]);
    const responder = await addMember(t, org.token, 'responder');
    expect((await create({ start: iso(0), end: iso(MINUTE) }, responder.token)).status).toBe(201);
  });

  /** A responder with only a high-urgency rule (at once), paged by a one-level policy. */
  async function highOnlyResponder() {
    const org = await newOrganisation(t);
    const ada = await addMember(t, org.token, 'responder', 'Ada');
    const rules = await request(t, 'GET', `/api/v1/users/${ada.id}/notification-rules`, { token: org.token });
    expect(rules.body.notification_rules.map((rule: { urgency: string; delay_minutes: number }) => `${rule.urgency}/${rule.delay_minutes}`)).toEqual(['high/0', 'low/0']);
    const low = rules.body.notification_rules.find((rule: { urgency: string }) => rule.urgency === 'low');
    expect((await request(t, 'DELETE', `/api/v1/users/${ada.id}/notification-rules/${low.id}`, { token: org.token })).status).toBe(204);
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', { token: org.token, body: { name: 'Ada', levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: ada.id }] }] } });
    return { org, ada, policyId: policy.body.id as string, contactMethodId: low.contact_method_id as string };
  }

  async function serviceWith(token: string, policyId: string, urgency: string) {
    const { serviceId, routingKey } = await newIntegration(t, token);
    const patched = await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token, body: { escalation_policy_id: policyId, urgency } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ urgency, escalation_policy_id: policyId });
    return { serviceId, routingKey };
  }

  it("opens low-urgency incidents on a low-urgency service, which follow only the assignees' low-urgency rules", async () => {
    const { org, ada, policyId, contactMethodId } = await highOnlyResponder();
    const quiet = await serviceWith(org.token, policyId, 'low');
    const loud = await serviceWith(org.token, policyId, 'high');

    await send(quiet.routingKey, 'quiet-1');
    const first = (await incidentFor(org.token, 'quiet-1'))!;
    expect(first).toMatchObject({ urgency: 'low', severity: 'critical' });
    await expect.poll(async () => (await escalationOf(org.token, first.id))?.assignees, POLL).toEqual([expect.objectContaining({ id: ada.id })]);
    await t.vigil.engine.settle();
    expect(await deliveriesOf(org.token, first.id), 'Ada has no low-urgency rule').toEqual([]);

    const rule = await request(t, 'POST', `/api/v1/users/${ada.id}/notification-rules`, { token: org.token, body: { urgency: 'low', contact_method_id: contactMethodId, delay_minutes: 7 } });
    expect(rule.status).toBe(201);
    await send(quiet.routingKey, 'quiet-2');
    const second = (await incidentFor(org.token, 'quiet-2'))!;
    expect(second.urgency).toBe('low');
    await expect.poll(async () => (await deliveriesOf(org.token, second.id)).length, POLL).toBe(1);
    const [reminder] = await deliveriesOf(org.token, second.id);
    expect(reminder).toMatchObject({ user: { id: ada.id }, status: 'scheduled' });
    expect(Date.parse(reminder!.due_at) - Date.parse(reminder!.created_at)).toBe(7 * MINUTE);

    await send(loud.routingKey, 'loud');
    const third = (await incidentFor(org.token, 'loud'))!;
    expect(third.urgency).toBe('high');
    await expect.poll(async () => (await deliveriesOf(org.token, third.id)).map((delivery) => delivery.status), POLL).toEqual(['sent']);
    expect(await deliveriesOf(org.token, first.id)).toEqual([]);
  });

  it('derives urgency from severity on a severity_based service: critical and error high, warning and info low', async () => {
    const { org, policyId } = await highOnlyResponder();
    const { serviceId, routingKey } = await serviceWith(org.token, policyId, 'severity_based');
    for (const severity of ['critical', 'error', 'warning', 'info']) await send(routingKey, `sev-${severity}`, 'trigger', severity);
    const urgencies = async () => Object.fromEntries((await incidentsOf(org.token)).map((incident) => [incident.title, `${incident.severity}/${incident.urgency}`]));
    expect(await urgencies()).toEqual({
      'disk full on sev-critical': 'critical/high',
      'disk full on sev-error': 'error/high',
      'disk full on sev-warning': 'warning/low',
      'disk full on sev-info': 'info/low',
    });
    // High urgency pages Ada's high rule; low urgency finds no rule of hers.
    const critical = (await incidentFor(org.token, 'sev-critical'))!;
    const info = (await incidentFor(org.token, 'sev-info'))!;
    await expect.poll(async () => (await deliveriesOf(org.token, critical.id)).map((delivery) => delivery.status), POLL).toEqual(['sent']);
    await expect.poll(async () => (await escalationOf(org.token, info.id))?.level, POLL).toBe(1);
    expect(await deliveriesOf(org.token, info.id)).toEqual([]);

    // A later change of rule applies to new incidents only.
    expect((await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { urgency: 'high' } })).body.urgency).toBe('high');
    await send(routingKey, 'sev-info-again', 'trigger', 'info');
    expect((await incidentFor(org.token, 'sev-info-again'))!.urgency).toBe('high');
    expect((await incidentFor(org.token, 'sev-info'))!.urgency).toBe('low');
  });

  it('takes the urgency given to a manual incident over the service rule, and the rule otherwise', async () => {
    const { org, ada, policyId } = await highOnlyResponder();
    const low = await serviceWith(org.token, policyId, 'low');
    const bySeverity = await serviceWith(org.token, policyId, 'severity_based');
    const high = await serviceWith(org.token, policyId, 'high');
    const open = (serviceId: string, fields: Record<string, unknown>) => request(t, 'POST', '/api/v1/incidents', { token: org.token, body: { service_id: serviceId, title: 'By hand', ...fields } });

    const overridden = await open(low.serviceId, { urgency: 'high' });
    expect(overridden.status).toBe(201);
    expect(overridden.body).toMatchObject({ urgency: 'high', severity: 'critical' });
    expect((await open(low.serviceId, {})).body.urgency).toBe('low');
    expect((await open(bySeverity.serviceId, { severity: 'warning' })).body.urgency).toBe('low');
    expect((await open(bySeverity.serviceId, { severity: 'error' })).body.urgency).toBe('high');
    expect((await open(bySeverity.serviceId, { severity: 'info', urgency: 'high' })).body.urgency).toBe('high');
    expect((await open(high.serviceId, { urgency: 'low' })).body.urgency).toBe('low');
    expect((await open(high.serviceId, {})).body.urgency).toBe('high');
    const refused = await open(high.serviceId, { urgency: 'medium' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('urgency');

    // The override decides which rules page: Ada's high rule for the high one opened on the low service.
    await expect.poll(async () => (await deliveriesOf(org.token, overridden.body.id)).map((delivery) => `${delivery.user.id}:${delivery.status}`), POLL).toEqual([`${ada.id}:sent`]);
    expect((await request(t, 'GET', `/api/v1/incidents/${overridden.body.id}`, { token: org.token })).body.urgency).toBe('high');
  });

  it("refuses another organisation's escalation policy for a service with 422 naming escalation_policy_id, and a bad urgency with 400", async () => {
    const { org, serviceId, policyId } = await pagedService();
    const stranger = await newOrganisation(t);
    const strangerId = await userIdOf(t, stranger.token);
    const theirs = await request(t, 'POST', '/api/v1/escalation-policies', { token: stranger.token, body: { name: 'Theirs', levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: strangerId }] }] } });
    expect(theirs.status).toBe(201);

    for (const id of [theirs.body.id, randomUUID()]) {
      const patched = await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: id, name: 'Renamed' } });
      expect(patched.status).toBe(422);
      expect(patched.body.error.details).toEqual([{ field: 'escalation_policy_id', message: 'is not an escalation policy of this organisation' }]);
      const created = await request(t, 'POST', '/api/v1/services', { token: org.token, body: { name: `With ${id}`, escalation_policy_id: id } });
      expect(created.status).toBe(422);
      expect(created.body.error.details[0].field).toBe('escalation_policy_id');
    }
    const unchanged = await request(t, 'GET', `/api/v1/services/${serviceId}`, { token: org.token });
    expect(unchanged.body).toMatchObject({ escalation_policy_id: policyId });
    expect(unchanged.body.name).not.toBe('Renamed');
    expect((await request(t, 'GET', '/api/v1/services', { token: org.token })).body.services).toHaveLength(1);

    const badUrgency = await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { urgency: 'medium' } });
    expect(badUrgency.status).toBe(400);
    expect(badUrgency.body.error.details[0].field).toBe('urgency');
    expect((await request(t, 'POST', '/api/v1/services', { token: org.token, body: { name: 'Odd', urgency: 'urgent' } })).body.error.details[0].field).toBe('urgency');

    const detached = await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: null } });
    expect(detached.status).toBe(200);
    expect(detached.body.escalation_policy_id).toBeNull();
    const created = await request(t, 'POST', '/api/v1/services', { token: org.token, body: { name: 'Own policy', escalation_policy_id: policyId, urgency: 'severity_based' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ escalation_policy_id: policyId, urgency: 'severity_based' });
  });
});
