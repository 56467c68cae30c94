// OpenTelemetry tracing end to end: a real `vigil start` exporting OTLP/HTTP (JSON) to a receiver in this test.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ensureBuilt, ensureWebBuilt } from '../../bin/build.js';
import { describeEachStore, freshStoreEnv } from '../harness.ts';
import { call, setUpTenant } from './client.ts';
import { ProcessGroup } from './process.ts';

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
type Attribute = { key: string; value: AnyValue };

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: Attribute[];
}

interface Exported {
  resource: Record<string, unknown>;
  span: OtlpSpan;
  attributes: Record<string, unknown>;
}

const valueOf = (value: AnyValue) => value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.boolValue);
const attributesOf = (list: Attribute[] | undefined) => Object.fromEntries((list ?? []).map((attribute) => [attribute.key, valueOf(attribute.value)]));

/** An OTLP/HTTP receiver taking JSON export requests at /v1/traces; keeps each raw body and the spans in it. */
class OtlpReceiver {
  readonly bodies: string[] = [];
  readonly spans: Exported[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      this.bodies.push(body);
      if (req.url === '/v1/traces') {
        const request = JSON.parse(body) as { resourceSpans: Array<{ resource: { attributes: Attribute[] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
        for (const resourceSpans of request.resourceSpans) {
          const resource = attributesOf(resourceSpans.resource.attributes);
          for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) this.spans.push({ resource, span, attributes: attributesOf(span.attributes) });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const alertmanagerPayload = readFileSync(new URL('../../src/integrations/alertmanager/fixtures/webhook-v4.json', import.meta.url), 'utf8');

describeEachStore('OpenTelemetry tracing of a `vigil start` process', (kind) => {
  const processes = new ProcessGroup();
  let receiver: OtlpReceiver;
  let storeEnv: Record<string, string>;
  let cleanup: () => Promise<void> | void;

  // Built here rather than by the child, whose start would then outlast its readiness timeout on a busy machine.
  beforeAll(async () => {
    await ensureWebBuilt();
    await ensureBuilt();
  }, 180_000);

  beforeEach(async () => {
    receiver = new OtlpReceiver();
    ({ env: storeEnv, cleanup } = await freshStoreEnv(kind));
  });

  afterEach(async () => {
    await processes.killAll();
    await receiver.stop();
    await cleanup();
  });

  it('exports request, query and job spans in one trace per request, flushed at shutdown, with no secret in them', async () => {
    const endpoint = await receiver.start();
    const secretKey = randomBytes(32).toString('hex');
    const vigil = await processes.start('start', {
      ...storeEnv,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=e2e',
      // Nothing is exported before the shutdown: what arrives was flushed by it.
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      OTEL_BSP_MAX_QUEUE_SIZE: '100000',
      VIGIL_ENGINE_TICK_MS: '100',
      // Seals the webhook's signing secret (PostgreSQL has no data dir to keep a generated key in).
      VIGIL_SECRET_KEY: secretKey,
    });
    const { token, serviceId } = await setUpTenant(vigil.baseUrl);
    const integration = await call<{ integration_key: string }>(vigil.baseUrl, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'alertmanager' } });
    expect(integration.status).toBe(201);
    const key = integration.body.integration_key;
    // A subscriber to new incidents, so the trigger's domain event is relayed in a job (one no reaction wants is not).
    const webhook = await call<{ secret: string }>(vigil.baseUrl, 'POST', '/api/v1/webhooks', { token, body: { url: `${endpoint}/webhook`, event_types: ['incident.triggered'], allow_private_network: true } });
    expect(webhook.status).toBe(201);

    // The integration key is in the URL of the request: the span must name the route, not the path.
    const completed = async () => Number(/vigil_jobs_total\{queue="domain-events",outcome="completed"\} (\d+)/.exec(await (await fetch(`${vigil.baseUrl}/metrics`)).text())?.[1] ?? 0);
    const received = await fetch(`${vigil.baseUrl}/integrations/${key}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'trace-ingest' }, body: alertmanagerPayload });
    expect(received.status).toBe(202);
    let incidentId: string | undefined;
    for (let waited = 0; !incidentId && waited < 15_000; waited += 100) {
      incidentId = (await call<{ incidents: Array<{ id: string }> }>(vigil.baseUrl, 'GET', '/api/v1/incidents', { token })).body.incidents[0]?.id;
      if (!incidentId) await delay(100);
    }
    expect(incidentId, vigil.describe()).toBeDefined();
    for (let waited = 0; (await completed()) < 1 && waited < 15_000; waited += 100) await delay(100);
    await delay(500);
    const beforeAck = await completed();
    expect(beforeAck, vigil.describe()).toBeGreaterThan(0);
    const acknowledged = await fetch(`${vigil.baseUrl}/api/v1/incidents/${incidentId}/acknowledge`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-ack' } });
    expect(acknowledged.status).toBe(200);
    // The acknowledgement's domain event reacted to.
    for (let waited = 0; (await completed()) <= beforeAck && waited < 15_000; waited += 100) await delay(100);
    expect(await completed(), vigil.describe()).toBeGreaterThan(beforeAck);
    expect(receiver.spans, 'nothing exported before the shutdown').toEqual([]);

    expect(await vigil.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    const { spans } = receiver;
    expect(spans.length, vigil.describe()).toBeGreaterThan(0);
    for (const { resource } of spans) expect(resource).toMatchObject({ 'service.name': 'vigil', 'deployment.environment.name': 'e2e' });
    expect(spans.filter(({ span }) => span.name.includes('/readyz')), 'health probes are not traced').toEqual([]);

    const server = (reqId: string) => spans.find(({ span, attributes }) => span.kind === 2 && attributes['vigil.request_id'] === reqId);
    const ingest = server('trace-ingest');
    expect(ingest?.span.name).toBe('POST /integrations/:key');
    expect(ingest?.attributes).toMatchObject({ 'http.route': '/integrations/:key', 'http.request.method': 'POST', 'http.response.status_code': 202 });
    const ack = server('trace-ack');
    expect(ack?.span.name).toBe('POST /api/v1/incidents/:id/acknowledge');

    // Each request's domain events are handled by a job whose span is its child, in its trace.
    for (const request of [ingest!, ack!]) {
      const jobs = spans.filter(({ span }) => span.traceId === request.span.traceId && span.name === 'process domain-events');
      expect(jobs.length, `a domain-events job in the trace of ${request.span.name}`).toBeGreaterThan(0);
      for (const job of jobs) {
        expect(job.span).toMatchObject({ kind: 5, parentSpanId: request.span.spanId });
        expect(job.attributes).toMatchObject({ 'messaging.destination.name': 'domain-events', 'vigil.job.name': 'events' });
      }
    }
    if (kind === 'postgres') {
      const queries = spans.filter(({ span, attributes }) => span.traceId === ack!.span.traceId && (attributes['db.system'] === 'postgresql' || attributes['db.system.name'] === 'postgresql'));
      expect(queries.length, 'PostgreSQL query spans in the acknowledgement’s trace').toBeGreaterThan(0);
      expect(queries.some(({ span }) => span.parentSpanId === ack!.span.spanId)).toBe(true);
    }

    const everything = receiver.bodies.join('\n');
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(webhook.body.secret);
    expect(everything).not.toContain(secretKey);
  }, 90_000);
});
