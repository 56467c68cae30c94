import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, postgresUrl, startVigil, type StoreKind, type TestVigil } from '../harness.ts';
import { movableClock } from '../movable-clock.ts';
import { sample } from '../prometheus-text.ts';
import { dropPrefix, randomPrefix } from '../redis-prefix.ts';

const redisUrl = process.env['TEST_REDIS_URL'];
const hour = 3_600_000;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A real HTTP receiver. Each path answers by a rule of how many times that webhook-id came before. */
class Receiver {
  readonly received: Received[] = [];
  private server: Server | undefined;
  private port = 0;
  private readonly rules = new Map<string, (seen: number) => number>();

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const id = String(req.headers['webhook-id']);
        const seen = this.received.filter((r) => r.path === path && r.headers['webhook-id'] === id).length;
        const status = (this.rules.get(path) ?? (() => 200))(seen);
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'thanks' : `no luck (${status})`);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** A new path on this receiver answering `rule(times this webhook-id came before)`. */
  endpoint(name: string, rule: (seen: number) => number = () => 200): string {
    const path = `/${name}-${this.rules.size}`;
    this.rules.set(path, rule);
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(url: string): Received[] {
    const path = new URL(url).pathname;
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** Standard Webhooks verification written from the spec with node:crypto alone (not the library Vigil signs with). */
function verifies(secret: string, received: Received): boolean {
  const id = String(received.headers['webhook-id']);
  const timestamp = String(received.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${received.body}`).digest('base64'));
  return String(received.headers['webhook-signature'])
    .split(' ')
    .some((signature) => {
      const [version, value] = signature.split(',');
      const given = Buffer.from(value ?? '');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

async function subscribe(t: TestVigil, token: string, body: Record<string, unknown>) {
  const response = await request(t, 'POST', '/api/v1/webhooks', { token, body: { allow_private_network: true, ...body } });
  if (response.status !== 201) throw new Error(`subscribe answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as { id: string; secret: string };
}

async function triggerIncident(t: TestVigil, routingKey: string, dedupKey: string) {
  await enqueue(t, triggerEvent(routingKey, dedupKey));
  await t.settle();
}

/** Waits until every committed domain event has been relayed and reacted to. */
async function relayed(t: TestVigil): Promise<void> {
  await t.vigil.engine.settle();
  await expect
    .poll(async () => {
      const counts = (await t.vigil.deps.queue.counts())['domain-events'];
      return (counts?.waiting ?? 0) + (counts?.active ?? 0) + (counts?.delayed ?? 0);
    })
    .toBe(0);
}

const deliveries = async (t: TestVigil, token: string, subscriptionId: string) =>
  (await request(t, 'GET', `/api/v1/webhooks/${subscriptionId}/deliveries`, { token })).body.deliveries as Array<{
    id: string;
    status: string;
    event_type: string;
    attempt_count: number;
    created_at: string;
    payload: { type: string; timestamp: string; data: Record<string, unknown> };
    attempts: Array<{ attempt: number; trigger: string; succeeded: boolean; status_code: number | null; response_body: string | null; error: string | null }>;
  }>;

/** The journey: a receiver failing twice, then answering 200, gets each event once; retries move with the clock. */
function retryJourney(kind: StoreKind, env: () => Record<string, string>) {
  const time = movableClock();
  const receiver = new Receiver();
  let t: TestVigil;
  beforeAll(async () => {
    await receiver.start();
    t = await startVigil(kind, { clock: time.clock, env: { VIGIL_ENGINE_TICK_MS: '100', ...env() } });
  });
  afterAll(async () => {
    await t?.stop();
    await receiver.stop();
  });

  it('a receiver that fails twice then succeeds gets exactly one successful delivery per event, signed, with 3 attempts logged', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    const url = receiver.endpoint('flaky', (seen) => (seen < 2 ? 500 : 200));
    const subscription = await subscribe(t, org.token, { url, event_types: ['incident.triggered'] });
    expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    await triggerIncident(t, routingKey, 'flaky-1');
    await triggerIncident(t, routingKey, 'flaky-2');
    // The first retry is due 5 s after a failure and the second 5 min after that: once each failure is
    // recorded, move the clock past the retry.
    const attemptCounts = async () => (await deliveries(t, org.token, subscription.id)).map((d) => d.attempt_count);
    await expect.poll(attemptCounts, { timeout: 15_000 }).toEqual([1, 1]);
    time.advance(hour);
    await expect.poll(attemptCounts, { timeout: 15_000 }).toEqual([2, 2]);
    time.advance(hour);
    await expect.poll(async () => (await deliveries(t, org.token, subscription.id)).map((d) => d.status), { timeout: 15_000 }).toEqual(['succeeded', 'succeeded']);

    const log = await deliveries(t, org.token, subscription.id);
    for (const delivery of log) {
      expect(delivery.attempts.map((a) => [a.attempt, a.trigger, a.status_code, a.succeeded])).toEqual([
        [1, 'scheduled', 500, false],
        [2, 'scheduled', 500, false],
        [3, 'scheduled', 200, true],
      ]);
      expect(delivery.attempts[0]!.response_body).toBe('no luck (500)');
      expect(delivery.attempts[0]!.error).toBe('HTTP 500');
      expect(delivery.attempt_count).toBe(3);
    }
    // Newest first: the second incident's delivery leads.
    expect(log.map((d) => (d.payload.data['incident'] as { title: string }).title)).toEqual(['disk full on flaky-2', 'disk full on flaky-1']);

    const received = receiver.at(url);
    expect(received).toHaveLength(6);
    const successes = received.filter((r) => r.status === 200);
    expect(successes.map((r) => r.headers['webhook-id']).sort()).toEqual(log.map((d) => d.id).sort());
    for (const r of received) {
      expect(verifies(subscription.secret, r)).toBe(true);
      expect(Math.abs(Number(r.headers['webhook-timestamp']) * 1000 - time.clock.now().getTime())).toBeLessThan(3 * hour);
      const body = JSON.parse(r.body) as { type: string; timestamp: string; data: { incident: { status: string } } };
      expect(body.type).toBe('incident.triggered');
      expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
      expect(body.data.incident.status).toBe('triggered');
      expect(verifies(subscription.secret, { ...r, body: r.body.replace('triggered', 'resolved') })).toBe(false);
    }
    // A second pass of the engine changes nothing: each event was delivered once.
    await t.vigil.engine.settle();
    expect(receiver.at(url).filter((r) => r.status === 200)).toHaveLength(2);
  }, 60_000);
}

describeEachStore('outgoing webhooks', (kind) => {
  describe('retries', () => retryJourney(kind, () => ({})));

  describe('subscriptions, filters, redelivery, disabling, SSRF guard', () => {
    const time = movableClock();
    const receiver = new Receiver();
    let t: TestVigil;
    beforeAll(async () => {
      await receiver.start();
      t = await startVigil(kind, { clock: time.clock, env: { VIGIL_ENGINE_TICK_MS: '100' } });
    });
    afterAll(async () => {
      await t?.stop();
      await receiver.stop();
    });

    it('delivers only the event types a subscription asks for, and nothing to a disabled one', async () => {
      const org = await newOrganisation(t);
      const { routingKey, serviceId } = await newIntegration(t, org.token);
      const acks = receiver.endpoint('acks');
      const everything = receiver.endpoint('all');
      const paused = receiver.endpoint('paused');
      await subscribe(t, org.token, { url: acks, event_types: ['incident.acknowledged'] });
      const all = await subscribe(t, org.token, { url: everything, event_types: ['*'] });
      await subscribe(t, org.token, { url: paused, event_types: ['*'], enabled: false });

      await triggerIncident(t, routingKey, 'filtered');
      const incident = (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token: org.token })).body.incidents[0];
      expect((await request(t, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token: org.token })).status).toBe(200);
      const types = (url: string) => receiver.at(url).map((r) => (JSON.parse(r.body) as { type: string }).type);
      await expect.poll(() => types(everything).sort(), { timeout: 15_000 }).toEqual(['incident.acknowledged', 'incident.triggered']);
      await expect.poll(() => types(acks), { timeout: 15_000 }).toEqual(['incident.acknowledged']);
      expect(receiver.at(paused)).toEqual([]);
      const sent = receiver.at(everything);
      expect(new Set(sent.map((r) => r.headers['webhook-id'])).size).toBe(2);
      expect(sent.every((r) => verifies(all.secret, r))).toBe(true);
    }, 30_000);

    it('queues no job for events nobody takes; a subscription made, changed or deleted counts from the very next event', async () => {
      const org = await newOrganisation(t);
      const { routingKey, serviceId } = await newIntegration(t, org.token);
      const jobsRun = async () => sample(String((await request(t, 'GET', '/metrics')).body), 'vigil_jobs_total', { queue: 'domain-events', outcome: 'completed' }) ?? 0;
      const titles = (url: string) => receiver.at(url).map((r) => (JSON.parse(r.body) as { data: { incident: { title: string } } }).data.incident.title);
      const newIncident = async (key: string) => {
        await triggerIncident(t, routingKey, key);
        await relayed(t);
      };

      // No subscription and no Slack: the relay asks (and remembers) that nobody wants this organisation's events.
      const before = await jobsRun();
      await newIncident('unheard-1');
      expect(await jobsRun()).toBe(before);

      const url = receiver.endpoint('late');
      const late = await subscribe(t, org.token, { url, event_types: ['incident.triggered'] });
      await newIncident('heard-1');
      await expect.poll(() => titles(url), { timeout: 15_000 }).toEqual(['disk full on heard-1']);
      const change = async (body: Record<string, unknown>) => expect((await request(t, 'PATCH', `/api/v1/webhooks/${late.id}`, { token: org.token, body })).status).toBe(200);
      // Each change is seen by the very next event: disabled, then taking other types, nobody wants it.
      await change({ enabled: false });
      const afterDisable = await jobsRun();
      await newIncident('unheard-2');
      await change({ enabled: true, event_types: ['incident.acknowledged'] });
      await newIncident('unheard-3');
      expect(await jobsRun()).toBe(afterDisable);
      await change({ event_types: ['*'] });
      await newIncident('heard-2');
      await expect.poll(() => titles(url), { timeout: 15_000 }).toEqual(['disk full on heard-1', 'disk full on heard-2']);
      expect((await request(t, 'DELETE', `/api/v1/webhooks/${late.id}`, { token: org.token })).status).toBe(204);
      const afterDelete = await jobsRun();
      await newIncident('unheard-4');
      expect(await jobsRun()).toBe(afterDelete);
      const incidents = (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token: org.token })).body.incidents as unknown[];
      expect(incidents).toHaveLength(6);
      expect(titles(url)).toEqual(['disk full on heard-1', 'disk full on heard-2']);
    }, 30_000);

    it('redelivers on request: a new attempt with the same webhook-id, logged as manual', async () => {
      const org = await newOrganisation(t);
      const { routingKey } = await newIntegration(t, org.token);
      const url = receiver.endpoint('redeliver');
      const subscription = await subscribe(t, org.token, { url, event_types: ['incident.triggered'] });
      await triggerIncident(t, routingKey, 'again');
      await expect.poll(async () => (await deliveries(t, org.token, subscription.id))[0]?.status, { timeout: 15_000 }).toBe('succeeded');
      const [delivery] = await deliveries(t, org.token, subscription.id);

      const redelivered = await request(t, 'POST', `/api/v1/webhooks/${subscription.id}/deliveries/${delivery!.id}/redeliver`, { token: org.token });
      expect(redelivered.status).toBe(202);
      await expect.poll(async () => (await deliveries(t, org.token, subscription.id))[0]?.attempts.map((a) => [a.attempt, a.trigger, a.succeeded]), { timeout: 15_000 }).toEqual([
        [1, 'scheduled', true],
        [2, 'manual', true],
      ]);
      const received = receiver.at(url);
      expect(received.map((r) => r.headers['webhook-id'])).toEqual([delivery!.id, delivery!.id]);
      expect(received[1]!.body).toBe(received[0]!.body);

      const other = await newOrganisation(t);
      expect((await request(t, 'POST', `/api/v1/webhooks/${subscription.id}/deliveries/${delivery!.id}/redeliver`, { token: other.token })).status).toBe(404);
      expect((await request(t, 'POST', `/api/v1/webhooks/${subscription.id}/deliveries/${crypto.randomUUID()}/redeliver`, { token: org.token })).status).toBe(404);
      const audit = await request(t, 'GET', '/api/v1/audit', { token: org.token });
      expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['webhook.create', 'webhook.redeliver']));
    }, 30_000);

    it('rotates the secret: shown once, and the previous one signs beside it for a day', async () => {
      const org = await newOrganisation(t);
      const { routingKey } = await newIntegration(t, org.token);
      const url = receiver.endpoint('rotated');
      const subscription = await subscribe(t, org.token, { url, event_types: ['*'] });
      const shown = await request(t, 'GET', `/api/v1/webhooks/${subscription.id}`, { token: org.token });
      expect(shown.body).not.toHaveProperty('secret');
      expect(JSON.stringify(shown.body)).not.toContain(subscription.secret.slice(6, 20));
      const rotated = await request(t, 'POST', `/api/v1/webhooks/${subscription.id}/rotate-secret`, { token: org.token });
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(subscription.secret);
      expect(rotated.body.previous_secret_expires_at).not.toBeNull();

      await triggerIncident(t, routingKey, 'rotated');
      await expect.poll(() => receiver.at(url).length, { timeout: 15_000 }).toBe(1);
      const [received] = receiver.at(url);
      expect(String(received!.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifies(rotated.body.secret, received!)).toBe(true);
      expect(verifies(subscription.secret, received!)).toBe(true);
    }, 30_000);

    it('disables a subscription whose every delivery failed for 5 days and e-mails the admins; enabling clears it', async () => {
      const org = await newOrganisation(t);
      const { routingKey } = await newIntegration(t, org.token);
      const url = receiver.endpoint('down', () => 503);
      const subscription = await subscribe(t, org.token, { url, event_types: ['incident.triggered'] });
      await triggerIncident(t, routingKey, 'down-1');
      await expect.poll(() => receiver.at(url).length, { timeout: 15_000 }).toBe(1);
      await expect.poll(async () => (await request(t, 'GET', `/api/v1/webhooks/${subscription.id}`, { token: org.token })).body.failing_since, { timeout: 10_000 }).not.toBeNull();

      time.advance(5 * 24 * hour + hour);
      await expect.poll(async () => (await request(t, 'GET', `/api/v1/webhooks/${subscription.id}`, { token: org.token })).body.enabled, { timeout: 15_000 }).toBe(false);
      const disabled = (await request(t, 'GET', `/api/v1/webhooks/${subscription.id}`, { token: org.token })).body;
      expect(disabled.disabled_reason).toMatch(/Every delivery attempt failed for 5 days/);
      expect(disabled.disabled_at).not.toBeNull();
      const [delivery] = await deliveries(t, org.token, subscription.id);
      expect(delivery).toMatchObject({ status: 'failed', attempt_count: 2 });

      await expect
        .poll(async () => (await request(t, 'GET', '/api/v1/mail-outbox', { token: org.token })).body.mails.filter((m: { subject: string }) => m.subject.startsWith('Webhook disabled')), { timeout: 15_000 })
        .toHaveLength(1);
      const [mail] = (await request(t, 'GET', '/api/v1/mail-outbox', { token: org.token })).body.mails.filter((m: { subject: string }) => m.subject.startsWith('Webhook disabled'));
      expect(mail.to).toBe(org.email);
      expect(mail.text).toContain('Every delivery attempt failed for 5 days');
      expect(mail.text).toContain(subscription.id);

      // Disabled: new events are not delivered, and redelivery is refused until it is enabled again.
      await triggerIncident(t, routingKey, 'down-2');
      await relayed(t);
      expect((await request(t, 'POST', `/api/v1/webhooks/${subscription.id}/deliveries/${delivery!.id}/redeliver`, { token: org.token })).status).toBe(409);
      const enabled = await request(t, 'PATCH', `/api/v1/webhooks/${subscription.id}`, { token: org.token, body: { enabled: true } });
      expect(enabled.body).toMatchObject({ enabled: true, disabled_at: null, disabled_reason: null, failing_since: null });
      await t.vigil.engine.settle();
      expect(await deliveries(t, org.token, subscription.id)).toHaveLength(1);
      expect(receiver.at(url)).toHaveLength(2);
    }, 60_000);

    it('disables at once a subscription whose receiver answers 410 Gone', async () => {
      const org = await newOrganisation(t);
      const { routingKey } = await newIntegration(t, org.token);
      const url = receiver.endpoint('gone', () => 410);
      const subscription = await subscribe(t, org.token, { url, event_types: ['*'] });
      await triggerIncident(t, routingKey, 'gone');
      await expect.poll(async () => (await request(t, 'GET', `/api/v1/webhooks/${subscription.id}`, { token: org.token })).body.disabled_reason, { timeout: 15_000 }).toMatch(/410 Gone/);
      expect((await deliveries(t, org.token, subscription.id))[0]).toMatchObject({ status: 'failed', attempt_count: 1 });
    }, 30_000);

    it('refuses private, loopback and link-local destinations unless allowed, naming the url', async () => {
      const org = await newOrganisation(t);
      const refused = async (url: string, extra: Record<string, unknown> = {}) => {
        const response = await request(t, 'POST', '/api/v1/webhooks', { token: org.token, body: { url, event_types: ['*'], ...extra } });
        expect(response.status).toBe(400);
        expect(response.body.error.details[0].field).toBe('url');
        return response.body.error.details[0].message as string;
      };
      expect(await refused('http://127.0.0.1:8080/hook')).toMatch(/loopback/);
      expect(await refused('http://10.1.2.3/hook')).toMatch(/private/);
      expect(await refused('http://192.168.0.10/hook')).toMatch(/private/);
      expect(await refused('http://169.254.169.254/latest/meta-data/')).toMatch(/link-local/);
      expect(await refused('http://[fd00::1]/hook')).toMatch(/unique local/);
      expect(await refused('http://localhost:9000/hook')).toMatch(/localhost resolves to .*loopback/);
      expect(await refused('https://user:pass@hooks.example.com/x', { allow_private_network: true })).toMatch(/credentials/);
      expect(await refused('ftp://hooks.example.com/x', { allow_private_network: true })).toMatch(/http or https/);
      const badType = await request(t, 'POST', '/api/v1/webhooks', { token: org.token, body: { url: 'http://10.0.0.1/', event_types: ['incident.exploded'], allow_private_network: true } });
      expect(badType.status).toBe(400);
      expect(badType.body.error.details[0].field).toBe('event_types.0');

      const allowed = await request(t, 'POST', '/api/v1/webhooks', { token: org.token, body: { url: 'http://10.1.2.3/hook', event_types: ['*'], allow_private_network: true } });
      expect(allowed.status).toBe(201);
      expect(allowed.body.allow_private_network).toBe(true);
      // Turning the allowance off checks the URL again.
      const off = await request(t, 'PATCH', `/api/v1/webhooks/${allowed.body.id}`, { token: org.token, body: { allow_private_network: false } });
      expect(off.status).toBe(400);
      expect(off.body.error.details[0].field).toBe('url');

      // Only admins manage webhooks, private networks included.
      const password = 'correct horse battery staple';
      const responder = await request(t, 'POST', '/api/v1/users', { token: org.token, body: { email: `wh-r-${Date.now()}@example.com`, name: 'R', role: 'responder', password } });
      const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email: responder.body.user.email, password } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      expect((await request(t, 'POST', '/api/v1/webhooks', { headers: { cookie }, body: { url: 'http://10.1.2.3/', event_types: ['*'], allow_private_network: true } })).status).toBe(403);
      expect((await request(t, 'GET', '/api/v1/webhooks', { headers: { cookie } })).status).toBe(403);
    });

    it("answers 404 for another organisation's subscription, and lists, changes and deletes its own", async () => {
      const a = await newOrganisation(t);
      const b = await newOrganisation(t);
      const subscription = await subscribe(t, a.token, { url: receiver.endpoint('mine'), event_types: ['incident.resolved'], description: 'ops bridge' });
      for (const [method, path] of [
        ['GET', `/api/v1/webhooks/${subscription.id}`],
        ['PATCH', `/api/v1/webhooks/${subscription.id}`],
        ['DELETE', `/api/v1/webhooks/${subscription.id}`],
        ['POST', `/api/v1/webhooks/${subscription.id}/rotate-secret`],
        ['GET', `/api/v1/webhooks/${subscription.id}/deliveries`],
      ] as const) {
        const response = await request(t, method, path, { token: b.token, ...(method === 'PATCH' && { body: { description: 'mine now' } }) });
        expect(response.status, `${method} ${path}`).toBe(404);
      }
      expect((await request(t, 'GET', '/api/v1/webhooks', { token: b.token })).body.webhooks).toEqual([]);

      const listed = await request(t, 'GET', '/api/v1/webhooks', { token: a.token });
      expect(listed.body.webhooks).toEqual([expect.objectContaining({ id: subscription.id, description: 'ops bridge', event_types: ['incident.resolved'], enabled: true })]);
      const changed = await request(t, 'PATCH', `/api/v1/webhooks/${subscription.id}`, { token: a.token, body: { event_types: ['incident.triggered', 'incident.triggered', 'change.created'] } });
      expect(changed.body.event_types).toEqual(['incident.triggered', 'change.created']);
      expect((await request(t, 'PATCH', `/api/v1/webhooks/${subscription.id}`, { token: a.token, body: {} })).status).toBe(400);
      expect((await request(t, 'DELETE', `/api/v1/webhooks/${subscription.id}`, { token: a.token })).status).toBe(204);
      expect((await request(t, 'GET', `/api/v1/webhooks/${subscription.id}`, { token: a.token })).status).toBe(404);
    });

    // Embedded mode always has a key (generated into the data dir): only scaled mode can lack one.
    if (kind === 'postgres') it('refuses to make a subscription without VIGIL_SECRET_KEY (422 naming it)', async () => {
      const keyless = await startVigil(kind, { env: { VIGIL_SECRET_KEY: '' } });
      try {
        const org = await newOrganisation(keyless);
        const response = await request(keyless, 'POST', '/api/v1/webhooks', { token: org.token, body: { url: 'http://10.0.0.1/', event_types: ['*'], allow_private_network: true } });
        expect(response.status).toBe(422);
        expect(response.body.error.message).toContain('VIGIL_SECRET_KEY');
      } finally {
        await keyless.stop();
      }
    });
  });

  it('deletes the delivery log after 30 days, checking about once an hour', async () => {
    const time = movableClock();
    const receiver = new Receiver();
    await receiver.start();
    const t = await startVigil(kind, { clock: time.clock, env: { VIGIL_ENGINE_TICK_MS: '100' } });
    try {
      const org = await newOrganisation(t);
      const { routingKey } = await newIntegration(t, org.token);
      const url = receiver.endpoint('kept-a-month');
      const subscription = await subscribe(t, org.token, { url, event_types: ['incident.triggered'] });
      await triggerIncident(t, routingKey, 'old');
      await expect.poll(async () => (await deliveries(t, org.token, subscription.id)).map((delivery) => delivery.status), { timeout: 15_000 }).toEqual(['succeeded']);
      time.advance(29 * 86_400_000);
      await triggerIncident(t, routingKey, 'recent');
      await expect.poll(async () => (await deliveries(t, org.token, subscription.id)).length, { timeout: 15_000 }).toBe(2);
      // A day and an hour later the first is 30 days old and the purge is due again; the second is 1 day old.
      time.advance(86_400_000 + 3_600_000);
      await expect.poll(async () => (await deliveries(t, org.token, subscription.id)).length, { timeout: 15_000 }).toBe(1);
      const [kept] = await deliveries(t, org.token, subscription.id);
      expect(new Date(kept!.created_at).getTime()).toBeGreaterThan(time.clock.now().getTime() - 2 * 86_400_000);
    } finally {
      await t.stop();
      await receiver.stop();
    }
  }, 40_000);
});

const redisStore: StoreKind = postgresUrl ? 'postgres' : 'pglite';
if (redisUrl) {
  describe(`outgoing webhooks with the queue on Redis (BullMQ) [${redisStore}]`, () => {
    const prefix = randomPrefix('wh');
    afterAll(() => dropPrefix(redisUrl, prefix));
    retryJourney(redisStore, () => ({ REDIS_URL: redisUrl, VIGIL_REDIS_PREFIX: prefix }));
  });
} else {
  describe.skip('outgoing webhooks with the queue on Redis (BullMQ) (skipped: TEST_REDIS_URL is unset)', () => {
    it('retries through BullMQ', () => undefined);
  });
}
