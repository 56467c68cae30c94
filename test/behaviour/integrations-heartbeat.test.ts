import { afterAll, beforeAll, expect, it } from 'vitest';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { movableClock } from '../movable-clock.ts';

const SECOND = 1000;

/** What Alertmanager's webhook_configs posts for the always-firing Watchdog alert (payload version 4). */
const watchdog = {
  version: '4',
  groupKey: '{}/{alertname="Watchdog"}:{alertname="Watchdog"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'vigil-heartbeat',
  groupLabels: { alertname: 'Watchdog' },
  commonLabels: { alertname: 'Watchdog', severity: 'none' },
  commonAnnotations: { summary: 'An alert that should always be firing to certify that Alertmanager is working properly.' },
  externalURL: 'http://alertmanager.example.org:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'Watchdog', severity: 'none' },
      annotations: { summary: 'An alert that should always be firing to certify that Alertmanager is working properly.' },
      startsAt: '2026-11-20T13:08:45.828Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.org:9090/graph?g0.expr=vector%281%29',
      fingerprint: 'e2d8a5a1f1c4b6d3',
    },
  ],
};

describeEachStore('heartbeat integrations (dead man’s switch)', (kind) => {
  let t: TestVigil;
  let token: string;
  const time = movableClock();
  beforeAll(async () => {
    t = await startVigil(kind, { clock: time.clock });
    ({ token } = await newOrganisation(t));
  });
  afterAll(() => t?.stop());

  async function newHeartbeat(settings: Record<string, unknown> = { interval_seconds: 300 }, as = token) {
    const service = await request(t, 'POST', '/api/v1/services', { token: as, body: { name: `cron ${Math.random()}` } });
    expect(service.status).toBe(201);
    const integration = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token: as, body: { type: 'heartbeat', name: 'nightly backup', settings } });
    expect(integration.status).toBe(201);
    return { serviceId: service.body.id as string, id: integration.body.id as string, key: integration.body.integration_key as string, url: integration.body.url as string };
  }

  const heartbeat = async (id: string, as = token) => request(t, 'GET', `/api/v1/integrations/${id}/heartbeat`, { token: as });
  const incidents = async (serviceId: string) => (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents;
  /** Time passes; the engine notices what became due, and the fold turns stored events into incidents. */
  async function after(ms: number) {
    time.advance(ms);
    await t.vigil.engine.settle();
    await t.settle();
  }

  it('is created with a URL at /integrations/{key}, a default grace, and starts waiting', async () => {
    const { id, key, url } = await newHeartbeat();
    expect(url).toMatch(new RegExp(`/integrations/${key}$`));
    const state = await heartbeat(id);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ integration_id: id, status: 'waiting', interval_seconds: 300, grace_seconds: 60, last_ping_at: null, down_since: null });
    const created = (await request(t, 'GET', `/api/v1/integrations/${id}`, { token })).body;
    expect(new Date(state.body.next_due_at).getTime()).toBe(new Date(created.created_at).getTime() + 360 * SECOND);
    expect(created.setup_instructions).toContain('Watchdog');
  });

  it('is created from its type alone with a 10-minute interval, and refuses bad settings naming the field', async () => {
    const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: 'refusals' } });
    const plain = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'heartbeat' } });
    expect(plain.status).toBe(201);
    expect(plain.body.settings).toEqual({ interval_seconds: 600, grace_seconds: 120, severity: 'critical' });
    for (const [settings, field] of [
      [{ interval_seconds: 10 }, 'settings.interval_seconds'],
      [{ interval_seconds: 300, severity: 'page' }, 'settings.severity'],
      [{ interval_seconds: 300, grace_seconds: 'soon' }, 'settings.grace_seconds'],
    ] as const) {
      const response = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'heartbeat', settings } });
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
  });

  it('opens an incident when an interval is missed, and the next ping resolves it', async () => {
    const { serviceId, id, key } = await newHeartbeat();
    const first = await request(t, 'POST', `/integrations/${key}`, { body: watchdog });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ status: 'success', message: 'Heartbeat received', events: 0 });
    expect((await heartbeat(id)).body.status).toBe('up');

    await after(300 * SECOND);
    expect(await incidents(serviceId)).toEqual([]);
    await after(61 * SECOND);
    const [incident] = await incidents(serviceId);
    expect(incident).toMatchObject({ status: 'triggered', severity: 'critical' });
    expect(incident.title).toMatch(/^No heartbeat from nightly backup since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const down = (await heartbeat(id)).body;
    expect(down).toMatchObject({ status: 'down', next_due_at: null });
    expect(down.down_since).not.toBeNull();

    // Still silent: the engine does not trigger again while it stays down.
    await after(3600 * SECOND);
    const detail = await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token });
    expect(detail.body.alerts).toHaveLength(1);
    expect(detail.body.alerts[0]).toMatchObject({ dedup_key: 'heartbeat', event_count: 1 });

    const back = await request(t, 'GET', `/integrations/${key}`);
    expect(back.status).toBe(200);
    expect(back.body.events).toBe(1);
    await t.settle();
    expect((await incidents(serviceId)).map((row: { status: string }) => row.status)).toEqual(['resolved']);
    const up = (await heartbeat(id)).body;
    expect(up).toMatchObject({ status: 'up', down_since: null });
    expect(new Date(up.next_due_at).getTime() - new Date(up.last_ping_at).getTime()).toBe(360 * SECOND);

    // A later miss is a new outage: a new incident.
    await after(361 * SECOND);
    expect((await incidents(serviceId)).map((row: { status: string }) => row.status)).toEqual(['triggered', 'resolved']);
  });

  it('stays quiet while pings come in time, whichever way they come', async () => {
    const { serviceId, id, key } = await newHeartbeat({ interval_seconds: 120, grace_seconds: 30 });
    const pings = [
      () => request(t, 'POST', `/integrations/${key}`),
      () => request(t, 'POST', `/integrations/${key}`, { rawBody: 'done', headers: { 'content-type': 'text/plain' } }),
      () => request(t, 'HEAD', `/integrations/${key}`),
      () => request(t, 'GET', `/integrations/${key}`),
      () => request(t, 'POST', `/integrations/${key}`, { body: watchdog }),
    ];
    for (const send of pings) {
      await after(140 * SECOND);
      expect((await send()).status).toBeLessThan(300);
    }
    await after(140 * SECOND);
    expect(await incidents(serviceId)).toEqual([]);
    expect((await heartbeat(id)).body.status).toBe('up');
  });

  it('watches from creation: a heartbeat never pinged alerts after interval + grace', async () => {
    const { serviceId, id } = await newHeartbeat({ interval_seconds: 60, grace_seconds: 0 });
    await after(30 * SECOND);
    expect(await incidents(serviceId)).toEqual([]);
    expect((await heartbeat(id)).body.status).toBe('waiting');
    await after(31 * SECOND);
    const [incident] = await incidents(serviceId);
    expect(incident.title).toMatch(/never pinged\)$/);
  });

  it('follows a changed interval: longer does not alarm early, shorter alarms sooner', async () => {
    const { serviceId, id, key } = await newHeartbeat({ interval_seconds: 300, grace_seconds: 0 });
    await request(t, 'POST', `/integrations/${key}`);
    expect((await request(t, 'PATCH', `/api/v1/integrations/${id}`, { token, body: { settings: { interval_seconds: 3600, grace_seconds: 0 } } })).status).toBe(200);
    await after(301 * SECOND);
    expect(await incidents(serviceId)).toEqual([]);
    expect((await heartbeat(id)).body).toMatchObject({ status: 'up', interval_seconds: 3600 });

    expect((await request(t, 'PATCH', `/api/v1/integrations/${id}`, { token, body: { settings: { interval_seconds: 60, grace_seconds: 0 } } })).status).toBe(200);
    await after(31 * SECOND);
    expect(await incidents(serviceId)).toHaveLength(1);
  });

  it('answers pings for unknown keys with 404 and GET pings for other integration types with 422', async () => {
    expect((await request(t, 'GET', '/integrations/nosuchkey')).status).toBe(404);
    const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: 'events' } });
    const other = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'events_api_v2' } });
    const response = await request(t, 'GET', `/integrations/${other.body.integration_key}`);
    expect(response.status).toBe(422);
    expect(response.body.error.details[0].field).toBe('integration_key');
    expect((await heartbeat(other.body.id)).status).toBe(404);
  });

  it("keeps a heartbeat's state to its organisation", async () => {
    const { id } = await newHeartbeat();
    const stranger = await newOrganisation(t);
    expect((await heartbeat(id, stranger.token)).status).toBe(404);
    expect((await request(t, 'GET', `/api/v1/integrations/${id}/heartbeat`)).status).toBe(401);
  });

  it('stops watching a deleted integration', async () => {
    const { serviceId, id, key } = await newHeartbeat({ interval_seconds: 60, grace_seconds: 0 });
    await request(t, 'POST', `/integrations/${key}`);
    expect((await request(t, 'DELETE', `/api/v1/integrations/${id}`, { token })).status).toBe(204);
    await after(120 * SECOND);
    expect((await heartbeat(id)).status).toBe(404);
    expect(await incidents(serviceId)).toEqual([]);
  });
});
