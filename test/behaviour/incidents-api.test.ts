import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { outbox } from '../../src/modules/outbox/outbox.tables.ts';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

describeEachStore('incident API', (kind) => {
  let t: TestVigil;
  let token: string;
  let orgId: string;
  beforeAll(async () => {
    t = await startVigil(kind);
    ({ token, orgId } = await newOrganisation(t));
  });
  afterAll(() => t.stop());

  it('acknowledges and resolves an incident from an alert, with a timeline entry for each step', async () => {
    const { routingKey } = await newIntegration(t, token);
    await enqueue(t, triggerEvent(routingKey, 'api-1'));
    await t.settle();
    const [incident] = (await request(t, 'GET', '/api/v1/incidents?status=triggered', { token })).body.incidents;
    const ack = await request(t, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', number: incident.number });
    expect(ack.body.acknowledged_at).not.toBeNull();
    const again = await request(t, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token });
    expect(again.body.acknowledged_at).toBe(ack.body.acknowledged_at);
    const note = await request(t, 'POST', `/api/v1/incidents/${incident.id}/notes`, { token, body: { text: 'Restarted the primary' } });
    expect(note.status).toBe(201);
    const resolved = await request(t, 'POST', `/api/v1/incidents/${incident.id}/resolve`, { token });
    expect(resolved.body).toMatchObject({ status: 'resolved', open_alert_count: 0 });
    const detail = await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token });
    expect(detail.body.alerts[0].status).toBe('resolved');
    expect(detail.body.timeline.map((e: { type: string; message: string }) => [e.type, e.type === 'note' ? e.message : e.type])).toEqual([
      ['triggered', 'triggered'],
      ['acknowledged', 'acknowledged'],
      ['note', 'Restarted the primary'],
      ['resolved', 'resolved'],
    ]);
    expect(detail.body.timeline[1]).toMatchObject({ actor_type: 'api_key' });
    const late = await request(t, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token });
    expect(late.status).toBe(409);

    // the alert is closed: the same dedup key now opens a new incident
    await enqueue(t, triggerEvent(routingKey, 'api-1'));
    await t.settle();
    const open = (await request(t, 'GET', '/api/v1/incidents?status=triggered', { token })).body.incidents;
    expect(open.filter((i: { title: string }) => i.title === incident.title)).toHaveLength(1);
    expect(open[0].id).not.toBe(incident.id);
  });

  it('writes each change and its domain event in one transaction (outbox)', async () => {
    const { serviceId } = await newIntegration(t, token);
    const created = await request(t, 'POST', '/api/v1/incidents', { token, body: { service_id: serviceId, title: 'Checkout is slow', severity: 'warning' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Checkout is slow', severity: 'warning', status: 'triggered', alert_count: 0 });
    await request(t, 'POST', `/api/v1/incidents/${created.body.id}/acknowledge`, { token });
    await request(t, 'POST', `/api/v1/incidents/${created.body.id}/resolve`, { token });
    const rows = await t.vigil.deps.store.db.select().from(outbox).where(eq(outbox.subjectId, created.body.id)).orderBy(asc(outbox.id));
    expect(rows.map((row) => [row.type, (row.data['incident'] as { status: string }).status, row.orgId])).toEqual([
      ['incident.triggered', 'triggered', orgId],
      ['incident.acknowledged', 'acknowledged', orgId],
      ['incident.resolved', 'resolved', orgId],
    ]);
  });

  it('filters by status, severity, service and time, and pages with a cursor without repeats or gaps', async () => {
    const { token: own } = await newOrganisation(t);
    const { serviceId, routingKey } = await newIntegration(t, own);
    const other = await newIntegration(t, own);
    for (let i = 0; i < 7; i += 1) await enqueue(t, triggerEvent(routingKey, `p-${i}`, { payload: { summary: `p-${i}`, source: 's', severity: i % 2 ? 'warning' : 'critical' } }));
    await enqueue(t, triggerEvent(other.routingKey, 'elsewhere'));
    await t.settle();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { incidents: Array<{ title: string }>; next_cursor: string | null } } = await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: own });
      seen.push(...page.body.incidents.map((i) => i.title));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const warnings = await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}&severity=warning`, { token: own });
    expect(warnings.body.incidents.map((i: { title: string }) => i.title).sort()).toEqual(['p-1', 'p-3', 'p-5']);
    const both = await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId},${other.serviceId}&status=triggered`, { token: own });
    expect(both.body.incidents).toHaveLength(8);
    const future = await request(t, 'GET', `/api/v1/incidents?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: own });
    expect(future.body.incidents).toEqual([]);
    const past = await request(t, 'GET', `/api/v1/incidents?until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&limit=100`, { token: own });
    expect(past.body.incidents).toHaveLength(8);
  });

  it('keeps the highest severity an alert has reported on its incident', async () => {
    const { routingKey } = await newIntegration(t, token);
    await enqueue(t, triggerEvent(routingKey, 'sev', { payload: { summary: 'sev', source: 's', severity: 'warning' } }));
    await enqueue(t, triggerEvent(routingKey, 'sev', { payload: { summary: 'sev', source: 's', severity: 'critical' } }));
    await enqueue(t, triggerEvent(routingKey, 'sev', { payload: { summary: 'sev', source: 's', severity: 'info' } }));
    await t.settle();
    const [incident] = (await request(t, 'GET', '/api/v1/incidents?limit=1', { token })).body.incidents;
    expect(incident).toMatchObject({ title: 'sev', severity: 'critical' });
  });
});
