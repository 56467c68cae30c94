import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

const webhook = JSON.parse(readFileSync(new URL('../../src/integrations/alertmanager/fixtures/webhook-v4.json', import.meta.url), 'utf8')) as {
  alerts: Array<Record<string, unknown>>;
} & Record<string, unknown>;
const pagerdutyConfigs = JSON.parse(readFileSync(new URL('../fixtures/alertmanager-pagerduty-v2.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** A webhook payload holding only the first sample alert, with the given status. */
function oneAlert(status: 'firing' | 'resolved', fingerprint = '1a30ba71cca2921f'): Record<string, unknown> & { alerts: Array<Record<string, unknown>> } {
  const alert = { ...webhook.alerts[0], status, fingerprint, ...(status === 'resolved' && { endsAt: '2026-11-20T13:20:00Z' }) };
  return { ...webhook, status, alerts: [alert] };
}

interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown> | undefined;
}

/** Alertmanager's silences API as far as Vigil uses it, recording each call; `failNext` answers 503s first. */
class FakeAlertmanager {
  readonly calls: Recorded[] = [];
  failNext = 0;
  /** What GET /api/v2/alerts answers. */
  firing: Array<{ labels: Record<string, string> }> = [];
  private server!: Server;
  private silences = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    this.calls.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined });
    res.setHeader('content-type', 'application/json');
    if (this.failNext > 0) {
      this.failNext -= 1;
      res.writeHead(503).end('{"message":"not ready"}');
    } else if (req.method === 'POST' && req.url === '/api/v2/silences') {
      this.silences += 1;
      res.writeHead(200).end(JSON.stringify({ silenceID: `silence-${this.silences}` }));
    } else if (req.method === 'GET' && req.url?.startsWith('/api/v2/alerts?')) {
      res.writeHead(200).end(JSON.stringify(this.firing));
    } else if (req.method === 'DELETE' && req.url?.startsWith('/api/v2/silence/')) {
      res.writeHead(200).end();
    } else {
      res.writeHead(404).end('{"message":"not found"}');
    }
  }
}

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, limitMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

describeEachStore('Prometheus Alertmanager integration', (kind) => {
  let t: TestVigil;
  let token: string;
  beforeAll(async () => {
    t = await startVigil(kind, { env: { VIGIL_ENGINE_TICK_MS: '100', VIGIL_PUBLIC_URL: 'https://vigil.example.com' } });
    ({ token } = await newOrganisation(t));
  });
  afterAll(() => t.stop());

  const post = (key: string, body: unknown) => request(t, 'POST', `/integrations/${key}`, { body });
  const incidentsOf = async (serviceId: string) => (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents as Array<Record<string, unknown>>;
  const detail = async (id: unknown) => (await request(t, 'GET', `/api/v1/incidents/${String(id)}`, { token })).body;

  async function alertmanagerIntegration(settings?: Record<string, unknown>) {
    const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: `alertmanager-${Math.random().toString(36).slice(2)}` } });
    const created = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'alertmanager', ...(settings && { settings }) } });
    return { serviceId: service.body.id as string, created };
  }

  describe('webhook_configs payloads', () => {
    it('gives the webhook URL and setup instructions for webhook_configs and pagerduty_configs', async () => {
      const { created } = await alertmanagerIntegration();
      expect(created.status).toBe(201);
      const key = created.body.integration_key as string;
      expect(created.body.url).toBe(`https://vigil.example.com/integrations/${key}`);
      const shown = await request(t, 'GET', `/api/v1/integrations/${created.body.id}`, { token });
      expect(shown.body.setup_instructions).toContain(`url: https://vigil.example.com/integrations/${key}`);
      expect(shown.body.setup_instructions).toContain('send_resolved: true');
      expect(shown.body.setup_instructions).toContain('pagerduty_configs');
      expect(shown.body.setup_instructions).toContain('https://vigil.example.com/v2/enqueue');
      expect(shown.body.settings).toEqual({ default_severity: 'error', silence_on_acknowledge: false, silence_hours: 24, silence_check_seconds: 60 });
    });

    it('opens an incident for the firing alert and keeps its labels, annotations and links', async () => {
      const { serviceId, created } = await alertmanagerIntegration();
      const response = await post(created.body.integration_key, webhook);
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ status: 'success', message: '2 events processed', events: 2 });
      await t.settle();
      const incidents = await incidentsOf(serviceId);
      expect(incidents).toHaveLength(1); // the resolved alert of the sample was never open here: dropped
      expect(incidents[0]).toMatchObject({ title: 'Blackbox probe failure: https://shop.example.org', status: 'triggered', severity: 'critical' });
      const [alert] = (await detail(incidents[0]!.id)).alerts;
      expect(alert).toMatchObject({
        dedup_key: '1a30ba71cca2921f',
        source: 'https://shop.example.org',
        class: 'ProbeFailure',
        client: 'Alertmanager',
        client_url: 'http://alertmanager.example.org:9093',
        custom_details: { labels: { alertname: 'ProbeFailure', instance: 'https://shop.example.org', severity: 'critical' }, annotations: { description: 'HTTP probe has failed for 5 minutes' }, receiver: 'vigil', status: 'firing' },
      });
      expect(alert.links.map((link: { href: string }) => link.href)).toEqual(['http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0', 'http://alertmanager.example.org:9093']);
    });

    it('adds a repeated firing to the open alert instead of opening another incident', async () => {
      const { serviceId, created } = await alertmanagerIntegration();
      for (let i = 0; i < 3; i += 1) expect((await post(created.body.integration_key, oneAlert('firing'))).status).toBe(202);
      await t.settle();
      const incidents = await incidentsOf(serviceId);
      expect(incidents).toHaveLength(1);
      expect((await detail(incidents[0]!.id)).alerts[0].event_count).toBe(3);
    });

    it('resolves the incident when Alertmanager sends the alert resolved, and a new firing opens a new one', async () => {
      const { serviceId, created } = await alertmanagerIntegration();
      await post(created.body.integration_key, oneAlert('firing'));
      await post(created.body.integration_key, oneAlert('resolved'));
      await t.settle();
      expect((await incidentsOf(serviceId)).map((incident) => incident.status)).toEqual(['resolved']);
      await post(created.body.integration_key, oneAlert('firing'));
      await t.settle();
      expect((await incidentsOf(serviceId)).map((incident) => incident.status)).toEqual(['triggered', 'resolved']);
    });

    it('keeps one alert per fingerprint in a group, resolving only the one that resolved', async () => {
      const { serviceId, created } = await alertmanagerIntegration();
      const group = { ...webhook, alerts: [oneAlert('firing', 'aaaa').alerts[0], oneAlert('firing', 'bbbb').alerts[0]] };
      await post(created.body.integration_key, group);
      await post(created.body.integration_key, oneAlert('resolved', 'aaaa'));
      await t.settle();
      const byKey: Record<string, string> = {};
      for (const incident of await incidentsOf(serviceId)) {
        const [alert] = (await detail(incident.id)).alerts;
        byKey[alert.dedup_key] = `${String(incident.status)}/${String(alert.status)}`;
      }
      expect(byKey).toEqual({ aaaa: 'resolved/resolved', bbbb: 'triggered/triggered' });
    });

    it('refuses a malformed payload with a 400 naming the field, and stores nothing of it', async () => {
      const { serviceId, created } = await alertmanagerIntegration();
      const bad = { ...webhook, alerts: [webhook.alerts[0], { ...webhook.alerts[1], labels: ['x'] }] };
      const response = await post(created.body.integration_key, bad);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', details: [{ field: 'alerts[1].labels' }] });
      const old = await post(created.body.integration_key, { ...webhook, version: '3' });
      expect(old.body.error.details[0].field).toBe('version');
      const text = await request(t, 'POST', `/integrations/${created.body.integration_key}`, { rawBody: 'hello', headers: { 'content-type': 'text/plain' } });
      expect(text.status).toBe(415);
      await t.settle();
      expect((await request(t, 'GET', `/api/v1/services/${serviceId}/event-stats`, { token })).body.outcomes).toEqual({});
    });

    it('uses the default_severity setting for alerts without a severity label Vigil knows', async () => {
      const { serviceId, created } = await alertmanagerIntegration({ default_severity: 'warning' });
      const payload = oneAlert('firing');
      payload.alerts[0] = { ...payload.alerts[0], labels: { alertname: 'DiskFilling', severity: 'sev3', instance: 'db-1' } };
      await post(created.body.integration_key, payload);
      await t.settle();
      expect((await incidentsOf(serviceId))[0]).toMatchObject({ severity: 'warning' });
    });
  });

  describe("Alertmanager's pagerduty_configs", () => {
    it('opens an incident through /v2/enqueue of an events_api_v2 integration and resolves it by the group key', async () => {
      const { serviceId, routingKey } = await newIntegration(t, token, 'events_api_v2');
      const trigger: Record<string, unknown> = { ...pagerdutyConfigs, routing_key: routingKey };
      const response = await enqueue(t, trigger);
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({ status: 'success', dedup_key: pagerdutyConfigs['dedup_key'] });
      await t.settle();
      const [incident] = await incidentsOf(serviceId);
      expect(incident).toMatchObject({ title: '[FIRING:1] HighLatency checkout (critical)', status: 'triggered', severity: 'error' });
      expect((await detail(incident!.id)).alerts[0]).toMatchObject({ source: 'Alertmanager', client: 'Alertmanager', custom_details: { num_firing: '1' } });
      // What Alertmanager sends when the group resolves (send_resolved: true): the same dedup key.
      const resolve = { ...trigger, event_action: 'resolve', payload: { ...(trigger['payload'] as object), summary: '[RESOLVED] HighLatency checkout (critical)' } };
      expect((await enqueue(t, resolve)).status).toBe(202);
      await t.settle();
      expect((await incidentsOf(serviceId)).map((i) => i.status)).toEqual(['resolved']);
    });
  });

  describe('silences in Alertmanager (two-way sync)', () => {
    let alertmanager: FakeAlertmanager;
    beforeAll(async () => {
      alertmanager = new FakeAlertmanager();
      await alertmanager.start();
    });
    beforeEach(() => {
      alertmanager.calls.length = 0;
      alertmanager.failNext = 0;
      alertmanager.firing = [];
    });
    afterAll(() => alertmanager.stop());

    it('refuses settings that cannot work, naming the field', async () => {
      const noUrl = await alertmanagerIntegration({ silence_on_acknowledge: true });
      expect(noUrl.created.status).toBe(400);
      expect(noUrl.created.body.error.details).toContainEqual({ field: 'settings.alertmanager_url', message: 'is required when silence_on_acknowledge is true' });
      const withCredentials = await alertmanagerIntegration({ alertmanager_url: 'http://admin:secret@alertmanager:9093' });
      expect(withCredentials.created.body.error.details[0].field).toBe('settings.alertmanager_url');
      const halfBasic = await alertmanagerIntegration({ alertmanager_url: 'http://alertmanager:9093', api_username: 'vigil' });
      expect(halfBasic.created.body.error.details[0].field).toBe('settings.api_password');
      const notHttp = await alertmanagerIntegration({ alertmanager_url: 'file:///etc/passwd' });
      expect(notHttp.created.body.error.details[0].field).toBe('settings.alertmanager_url');
    });

    it('silences the alert on acknowledge with equal matchers for its labels, and expires the silence on resolve', async () => {
      const { serviceId, created } = await alertmanagerIntegration({ alertmanager_url: `${alertmanager.url}/`, silence_on_acknowledge: true, silence_hours: 6, api_username: 'vigil', api_password: 'hunter2' });
      expect(created.status).toBe(201);
      expect(created.body.settings).not.toHaveProperty('api_password');
      expect(JSON.stringify(created.body)).not.toContain('hunter2');
      await post(created.body.integration_key, oneAlert('firing'));
      await t.settle();
      const [incident] = await incidentsOf(serviceId);
      expect(alertmanager.calls).toEqual([]); // nothing until someone acknowledges
      expect((await request(t, 'POST', `/api/v1/incidents/${String(incident!.id)}/acknowledge`, { token })).status).toBe(200);

      const silence = await eventually(() => alertmanager.calls.find((call) => call.method === 'POST'), 'the silence');
      expect(silence.url).toBe('/api/v2/silences');
      expect(silence.authorization).toBe(`Basic ${Buffer.from('vigil:hunter2').toString('base64')}`);
      const body = silence.body as { matchers: unknown[]; startsAt: string; endsAt: string; createdBy: string; comment: string };
      expect(body.matchers).toEqual([
        { name: 'alertname', value: 'ProbeFailure', isRegex: false, isEqual: true },
        { name: 'instance', value: 'https://shop.example.org', isRegex: false, isEqual: true },
        { name: 'severity', value: 'critical', isRegex: false, isEqual: true },
      ]);
      expect(body.createdBy).toBe('Vigil');
      expect(body.comment).toContain(`incident #${String(incident!.number)}`);
      expect(body.comment).toContain(`https://vigil.example.com/incidents/${String(incident!.id)}`);
      expect(Date.parse(body.endsAt) - Date.parse(body.startsAt)).toBe(6 * 3_600_000);

      expect((await request(t, 'POST', `/api/v1/incidents/${String(incident!.id)}/resolve`, { token })).status).toBe(200);
      const expiry = await eventually(() => alertmanager.calls.find((call) => call.method === 'DELETE'), 'the expiry');
      expect(expiry.url).toBe('/api/v2/silence/silence-1');
      expect(expiry.authorization).toBe(silence.authorization);
      await delay(300);
      expect(alertmanager.calls.map((call) => call.method)).toEqual(['POST', 'DELETE']); // once each
    });

    it('retries through the queue while Alertmanager answers errors, with a bearer token', async () => {
      const { serviceId, created } = await alertmanagerIntegration({ alertmanager_url: alertmanager.url, silence_on_acknowledge: true, api_token: 'tok-123' });
      await post(created.body.integration_key, oneAlert('firing', 'retry-me'));
      await t.settle();
      const [incident] = await incidentsOf(serviceId);
      alertmanager.failNext = 1;
      await request(t, 'POST', `/api/v1/incidents/${String(incident!.id)}/acknowledge`, { token });
      await eventually(() => alertmanager.calls.filter((call) => call.method === 'POST').length === 2, 'the retried silence');
      expect(alertmanager.calls.map((call) => call.authorization)).toEqual(['Bearer tok-123', 'Bearer tok-123']);
    });

    it('resolves a silenced alert itself once Alertmanager no longer has it (Alertmanager mutes silenced resolutions)', async () => {
      const { serviceId, created } = await alertmanagerIntegration({ alertmanager_url: alertmanager.url, silence_on_acknowledge: true, silence_check_seconds: 2 });
      await post(created.body.integration_key, oneAlert('firing', 'watched'));
      await t.settle();
      const [incident] = await incidentsOf(serviceId);
      const labels = webhook.alerts[0]!['labels'] as Record<string, string>;
      // Still firing at the first look (with one more label: another alert, which does not count), gone at the next.
      alertmanager.firing = [{ labels }, { labels: { ...labels, extra: 'x' } }];
      await request(t, 'POST', `/api/v1/incidents/${String(incident!.id)}/acknowledge`, { token });
      await eventually(() => alertmanager.calls.find((call) => call.method === 'GET'), 'the first look');
      await delay(200);
      expect((await incidentsOf(serviceId))[0]).toMatchObject({ status: 'acknowledged' });
      const look = alertmanager.calls.find((call) => call.method === 'GET')!;
      expect(new URL(look.url, 'http://x').searchParams.getAll('filter')).toEqual(['alertname="ProbeFailure"', 'instance="https://shop.example.org"', 'severity="critical"']);
      alertmanager.firing = [{ labels: { ...labels, extra: 'x' } }];
      await eventually(async () => {
        await t.settle();
        return (await incidentsOf(serviceId))[0]!.status === 'resolved';
      }, 'the incident to resolve');
      await eventually(() => alertmanager.calls.find((call) => call.method === 'DELETE'), 'the silence to expire');
      const looks = alertmanager.calls.filter((call) => call.method === 'GET').length;
      await delay(2500);
      expect(alertmanager.calls.filter((call) => call.method === 'GET')).toHaveLength(looks); // no more looks once resolved
    });

    it('leaves Alertmanager alone when the integration does not silence, or the alerts came from elsewhere', async () => {
      const quiet = await alertmanagerIntegration({ alertmanager_url: alertmanager.url });
      await post(quiet.created.body.integration_key, oneAlert('firing', 'quiet'));
      const { serviceId, routingKey } = await newIntegration(t, token, 'events_api_v2');
      await enqueue(t, { ...pagerdutyConfigs, routing_key: routingKey });
      await t.settle();
      for (const id of [(await incidentsOf(quiet.serviceId))[0]!.id, (await incidentsOf(serviceId))[0]!.id]) {
        await request(t, 'POST', `/api/v1/incidents/${String(id)}/acknowledge`, { token });
      }
      await delay(1500); // the relay ticks every 100 ms; a job would have run by now
      expect(alertmanager.calls).toEqual([]);
    });
  });
});
