import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.ts';
import { newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, describeScaled, startVigil, type StoreKind, type TestVigil } from '../harness.ts';
import { dropPrefix, randomPrefix } from '../redis-prefix.ts';

interface LogLine {
  msg: string;
  reqId?: string;
  jobId?: string;
  queue?: string;
  [field: string]: unknown;
}

/** The lines logged by jobs (they name their job) that name the request `reqId`. */
const jobLinesOf = (lines: LogLine[], reqId: string) => lines.filter((line) => line.reqId === reqId && typeof line.jobId === 'string');
const queuesOf = (lines: LogLine[], reqId: string) => [...new Set(jobLinesOf(lines, reqId).map((line) => line.queue))].sort();

function journey(kind: StoreKind, queueEnv: () => Record<string, string>) {
  const lines: LogLine[] = [];
  let t: TestVigil;
  let receiver: Server;
  let receiverUrl: string;

  beforeAll(async () => {
    receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // The app's own logger, at debug (each completed job logs a line), writing JSON lines here.
    const log = createLogger({ LOG_LEVEL: 'debug', VIGIL_LOG_PRETTY: false }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
    t = await startVigil(kind, { log, env: { VIGIL_ENGINE_TICK_MS: '100', ...queueEnv() } });
  });
  afterAll(async () => {
    await t?.stop();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('names the acknowledging request in the log lines of the domain-events and webhook jobs it led to, and the ingest request in those of the trigger', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    expect((await request(t, 'POST', '/api/v1/webhooks', { token: org.token, body: { url: receiverUrl, event_types: ['*'], allow_private_network: true } })).status).toBe(201);
    const triggerId = `trigger-${randomUUID()}`;
    expect((await request(t, 'POST', '/v2/enqueue', { body: triggerEvent(routingKey, 'disk'), headers: { 'x-request-id': triggerId } })).status).toBe(202);
    await t.settle();
    await expect.poll(() => queuesOf(lines, triggerId), { timeout: 15_000 }).toEqual(['domain-events', 'webhooks']);

    const [incident] = (await request(t, 'GET', '/api/v1/incidents', { token: org.token })).body.incidents;
    const ackId = `ack-${randomUUID()}`;
    const acknowledged = await request(t, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token: org.token, headers: { 'x-request-id': ackId } });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.headers['x-request-id']).toBe(ackId);
    await expect.poll(() => queuesOf(lines, ackId), { timeout: 15_000 }).toEqual(['domain-events', 'webhooks']);
    // Each job names one request: the acknowledgement's jobs are not the trigger's.
    const ackJobs = new Set(jobLinesOf(lines, ackId).map((line) => line.jobId));
    expect(jobLinesOf(lines, triggerId).some((line) => ackJobs.has(line.jobId))).toBe(false);
  }, 30_000);

  it('reacts to one batch of domain events from two requests as caused by each: their webhook jobs name their own request', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    expect((await request(t, 'POST', '/api/v1/webhooks', { token: org.token, body: { url: receiverUrl, event_types: ['incident.note_added'], allow_private_network: true } })).status).toBe(201);
    const triggerId = `trigger-${randomUUID()}`;
    expect((await request(t, 'POST', '/v2/enqueue', { body: triggerEvent(routingKey, 'batch'), headers: { 'x-request-id': triggerId } })).status).toBe(202);
    await t.settle();
    // The subscription takes notes only and no Slack workspace is connected: no reaction wants the trigger's
    // domain event, so the relay lets it go without a job.
    const unrelayed = async () => ((await t.vigil.deps.store.db.execute(sql`select count(*)::int as n from outbox_relay`)) as unknown as { rows: Array<{ n: number }> }).rows[0]?.n;
    await expect.poll(unrelayed, { timeout: 15_000 }).toBe(0);
    expect(queuesOf(lines, triggerId)).toEqual([]);
    const [incident] = (await request(t, 'GET', '/api/v1/incidents', { token: org.token })).body.incidents;
    // Two requests' notes committed together, so that the relay hands them on in one job.
    const [first, second] = [`note-a-${randomUUID()}`, `note-b-${randomUUID()}`];
    const from = lines.length;
    const note = (text: string) => JSON.stringify({ incident, note: text });
    await t.vigil.deps.store.writeStatement(sql`insert into outbox (org_id, type, subject_id, data, created_at, caused_by) values
      (${org.orgId}, 'incident.note_added', ${incident.id}, ${note('first')}::jsonb, now(), ${` ${first}`}),
      (${org.orgId}, 'incident.note_added', ${incident.id}, ${note('second')}::jsonb, now(), ${` ${second}`})`);
    t.vigil.deps.kickEngine();
    await expect.poll(() => [queuesOf(lines, first), queuesOf(lines, second)], { timeout: 15_000 }).toEqual([['domain-events', 'webhooks'], ['webhooks']]);
    // One domain-events job (caused by its first event's request) handled both.
    const domainEventJobs = lines.slice(from).filter((line) => line.queue === 'domain-events' && line.msg === 'job completed');
    expect(domainEventJobs.map((line) => line.reqId)).toEqual([first]);
    const jobOf = (reqId: string, queue: string) => jobLinesOf(lines, reqId).find((line) => line.queue === queue)?.jobId;
    expect(jobOf(first, 'webhooks')).not.toBe(jobOf(second, 'webhooks'));
  }, 30_000);

  it('names the ingest request in the log line of the notification its escalation sends', async () => {
    const org = await newOrganisation(t);
    const me = (await request(t, 'GET', '/api/v1/me', { token: org.token })).body.user.id as string;
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', { token: org.token, body: { name: 'Page me', levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: me }] }] } });
    expect(policy.status).toBe(201);
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    expect((await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } })).status).toBe(200);
    const pageId = `page-${randomUUID()}`;
    expect((await request(t, 'POST', '/v2/enqueue', { body: triggerEvent(routingKey, 'cpu'), headers: { 'x-request-id': pageId } })).status).toBe(202);
    await t.settle();
    await expect.poll(() => queuesOf(lines, pageId), { timeout: 15_000 }).toContain('notifications');
    expect(jobLinesOf(lines, pageId).find((line) => line.queue === 'notifications')).toMatchObject({ msg: 'job completed', job: 'deliver' });
  }, 30_000);

  it('names the request that retried a dead job in the lines of its new run', async () => {
    const org = await newOrganisation(t);
    const { id } = await t.vigil.deps.queue.enqueue('notifications', { name: 'no-such-job', data: { org_id: org.orgId }, maxAttempts: 1 });
    await expect.poll(async () => (await t.vigil.deps.queue.listDead({ queue: 'notifications', limit: 100 })).jobs.some((job) => job.id === id), { timeout: 10_000 }).toBe(true);
    expect(lines.filter((line) => line.jobId === id).every((line) => line.reqId === undefined)).toBe(true);
    const retryId = `retry-${randomUUID()}`;
    expect((await request(t, 'POST', `/api/v1/jobs/dead/notifications/${id}/retry`, { token: org.token, headers: { 'x-request-id': retryId } })).status).toBe(202);
    await expect.poll(() => jobLinesOf(lines, retryId).map((line) => line.jobId), { timeout: 10_000 }).toContain(id);
    expect(jobLinesOf(lines, retryId).find((line) => line.jobId === id)?.msg).toMatch(/dead-lettered/);
  }, 30_000);

  it('logs request ids only where a request led to the job: housekeeping’s cron jobs name none', async () => {
    await t.vigil.deps.queue.enqueue('housekeeping', { name: 'purge-expired-sessions', data: {} });
    await expect.poll(() => lines.filter((line) => line.queue === 'housekeeping' && line.msg === 'job completed').length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(lines.filter((line) => line.queue === 'housekeeping').every((line) => line.reqId === undefined)).toBe(true);
  });
}

describeEachStore('request ids in the log lines of the jobs a request led to', (kind) => journey(kind, () => ({})));

describeScaled('request ids in the log lines of jobs on BullMQ', (redisUrl) => {
  const prefix = randomPrefix('reqids');
  afterAll(() => dropPrefix(redisUrl, prefix));
  journey('postgres', () => ({ REDIS_URL: redisUrl, VIGIL_REDIS_PREFIX: prefix }));
});
