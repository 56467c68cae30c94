import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { WsStreamClient } from '../stream-client.ts';

/** One sample's value from Prometheus' text format, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const given = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => given[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describeEachStore('Prometheus metrics', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind);
  });
  afterAll(() => t?.stop());

  it('counts what happened: requests by route, events ingested and folded, domain events, open incidents, stream clients', async () => {
    const scrape = async () => {
      const response = await request(t, 'GET', '/metrics');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      return String(response.body);
    };
    const before = await scrape();
    expect(sample(before, 'vigil_events_ingested_total', { source: 'events_api_v2' })).toBeUndefined();
    expect(sample(before, 'vigil_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    const client = await WsStreamClient.open(`ws://127.0.0.1:${await t.vigil.listen()}/api/v1/stream`, { token: org.token });
    for (const key of ['m-1', 'm-2', 'm-1']) expect((await enqueue(t, triggerEvent(routingKey, key))).status).toBe(202);
    expect((await enqueue(t, { routing_key: routingKey })).status).toBe(400);
    await t.settle();
    await client.waitFor((message) => message.type === 'incident.triggered' && message.data['dedup_key'] === 'm-2');

    const after = await scrape();
    expect(sample(after, 'vigil_events_ingested_total', { source: 'events_api_v2' })).toBe(3);
    expect(sample(after, 'vigil_events_folded_total', { outcome: 'alert_created' })).toBe(2);
    expect(sample(after, 'vigil_events_folded_total', { outcome: 'deduplicated' })).toBe(1);
    expect(sample(after, 'vigil_http_requests_total', { route: '/v2/enqueue', method: 'POST', status: '202' })).toBe(3);
    expect(sample(after, 'vigil_http_requests_total', { route: '/v2/enqueue', method: 'POST', status: '400' })).toBe(1);
    expect(sample(after, 'vigil_http_request_duration_seconds_count', { route: '/v2/enqueue', method: 'POST' })).toBe(4);
    expect(sample(after, 'vigil_ingest_batch_events_sum')).toBe(3);
    expect(sample(after, 'vigil_domain_events_total', { type: 'incident.triggered', severity: 'critical' })).toBe(2);
    expect(sample(after, 'vigil_open_incidents', { severity: 'critical' })).toBe(2);
    expect(sample(after, 'vigil_stream_connections', { transport: 'websocket' })).toBe(1);
    expect(sample(after, 'vigil_stream_messages_sent_total')).toBeGreaterThanOrEqual(2);
    await client.close();
  });
});
