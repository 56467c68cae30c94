import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { WsStreamClient } from '../stream-client.ts';
import { type SmtpSink, startSmtpSink } from '../smtp-sink.ts';
import { userIdOf } from './oncall.helpers.ts';
import { sample } from '../prometheus-text.ts';
import { movableClock } from '../movable-clock.ts';

describeEachStore('Prometheus metrics', (kind) => {
  let t: TestVigil;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startVigil(kind, { env: { SMTP_URL: sink.url, VIGIL_ENGINE_TICK_MS: '100' } });
  });
  afterAll(async () => {
    await t?.stop();
    await sink?.close();
  });

  const scrape = async () => {
    const response = await request(t, 'GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    return String(response.body);
  };

  it('counts what happened: requests by route, events ingested, rejected and folded, domain events, open incidents, stream clients', async () => {
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
    expect(sample(after, 'vigil_events_rejected_total', { source: 'events_api_v2', status: '400' })).toBe(1);
    expect(sample(after, 'vigil_http_request_duration_seconds_count', { route: '/v2/enqueue', method: 'POST' })).toBe(4);
    expect(sample(after, 'vigil_ingest_batch_events_sum')).toBe(3);
    expect(sample(after, 'vigil_domain_events_total', { type: 'incident.triggered', severity: 'critical' })).toBe(2);
    expect(sample(after, 'vigil_open_incidents', { severity: 'critical' })).toBe(2);
    expect(sample(after, 'vigil_stream_connections', { transport: 'websocket' })).toBe(1);
    expect(sample(after, 'vigil_stream_messages_sent_total')).toBeGreaterThanOrEqual(2);
    await client.close();
  });

  it('follows a page: incidents by transition and service, notifications by channel, job runs and queue depth, time to acknowledge', async () => {
    const org = await newOrganisation(t);
    const userId = await userIdOf(t, org.token);
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', { token: org.token, body: { name: 'Owner', levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: userId }] }] } });
    expect(policy.status).toBe(201);
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    expect((await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } })).status).toBe(200);
    const before = sink.received.length;

    expect((await enqueue(t, triggerEvent(routingKey, 'paged-1'))).status).toBe(202);
    await t.settle();
    await sink.waitFor(before + 1);
    const listed = await request(t, 'GET', '/api/v1/incidents?limit=100', { token: org.token });
    const incident = listed.body.incidents.find((candidate: { service_id: string }) => candidate.service_id === serviceId);
    expect((await request(t, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token: org.token })).status).toBe(200);

    await expect.poll(async () => sample(await scrape(), 'vigil_incidents_total', { transition: 'acknowledged', service: serviceId, severity: 'critical' }), { timeout: 10_000 }).toBe(1);
    // The sink has the mail before the job that sent it records its outcome and completes.
    const jobRecorded = (scraped: string) =>
      [sample(scraped, 'vigil_notifications_total', { channel: 'email', outcome: 'sent' }), sample(scraped, 'vigil_jobs_total', { queue: 'notifications', outcome: 'completed' }), sample(scraped, 'vigil_queue_jobs', { queue: 'notifications', state: 'completed' })].every((value) => (value ?? 0) >= 1);
    await expect.poll(async () => jobRecorded(await scrape()), { timeout: 10_000 }).toBe(true);
    const text = await scrape();
    expect(sample(text, 'vigil_incidents_total', { transition: 'triggered', service: serviceId, severity: 'critical' })).toBe(1);
    expect(sample(text, 'vigil_incident_time_to_acknowledge_seconds_count', { severity: 'critical' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vigil_notifications_total', { channel: 'email', outcome: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vigil_notification_latency_seconds_count', { channel: 'email' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vigil_jobs_total', { queue: 'notifications', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vigil_job_wait_seconds_count', { queue: 'notifications' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vigil_job_duration_seconds_count', { queue: 'notifications' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vigil_queue_jobs', { queue: 'notifications', state: 'completed' })).toBeGreaterThanOrEqual(1);
  });

  it('tells how far the fold is behind: events stored and not folded, and how long the oldest has waited', async () => {
    const moved = movableClock();
    const behind = await startVigil(kind, { clock: moved.clock });
    try {
      const org = await newOrganisation(behind);
      const { routingKey } = await newIntegration(behind, org.token);
      const scrapeBehind = async () => String((await request(behind, 'GET', '/metrics')).body);
      // A fold held up, as under a flood that ingestion wins: the events are stored (202) and wait.
      await behind.vigil.folder.stop();
      for (const key of ['lag-1', 'lag-2', 'lag-1']) expect((await enqueue(behind, triggerEvent(routingKey, key))).status).toBe(202);
      moved.advance(42_000);
      const waiting = await scrapeBehind();
      expect(sample(waiting, 'vigil_events_unfolded')).toBe(3);
      expect(sample(waiting, 'vigil_fold_lag_seconds')).toBeGreaterThanOrEqual(42);
      expect(sample(waiting, 'vigil_fold_lag_seconds')).toBeLessThan(60);

      behind.vigil.folder.start();
      await behind.settle();
      const caughtUp = await scrapeBehind();
      expect(sample(caughtUp, 'vigil_events_unfolded')).toBe(0);
      expect(sample(caughtUp, 'vigil_fold_lag_seconds')).toBe(0);
      expect(sample(caughtUp, 'vigil_events_folded_total', { outcome: 'alert_created' })).toBe(2);
    } finally {
      await behind.stop();
    }
  });
});
