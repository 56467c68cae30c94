import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeScaled, freshDatabase, TEST_SECRET_KEY } from '../harness.ts';
import { dropPrefix, randomPrefix } from '../redis-prefix.ts';
import { type SmtpSink, startSmtpSink } from '../smtp-sink.ts';
import { call, setUpTenant, type Tenant, trigger } from './client.ts';
import { ProcessGroup, type VigilProcess } from './process.ts';

const name = 'scaled mode: 2 × vigil api, 2 × vigil worker and a vigil scheduler on PostgreSQL + Redis';

const INCIDENTS = 40;
/** Level 1 pages the owner at once; level 2 pages a second responder after the policy's one minute. */
const ESCALATION_WAIT_MS = 150_000;

describeScaled(name, (redisUrl) => {
  const processes = new ProcessGroup();
  const prefix = randomPrefix('scaled');
  let drop: () => Promise<void> = async () => undefined;
  let db: pg.Client;
  let sink: SmtpSink;
  let apis: VigilProcess[];
  let workers: VigilProcess[];
  let tenant: Tenant;

  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    // Each mail takes a moment to accept, so a worker killed mid-run has sends in flight.
    sink = await startSmtpSink(undefined, { acceptDelayMs: 150 });
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      VIGIL_REDIS_PREFIX: prefix,
      VIGIL_SECRET_KEY: TEST_SECRET_KEY,
      SMTP_URL: sink.url,
      VIGIL_ENGINE_TICK_MS: '200',
      VIGIL_JOB_LEASE_MS: '3000',
      DATABASE_POOL_SIZE: '4',
    };
    // The first process migrates; the rest start together.
    const first = await processes.start('api', env);
    const rest = await Promise.all([processes.start('api', env), processes.start('worker', env), processes.start('worker', env), processes.start('scheduler', env)]);
    apis = [first, rest[0]!];
    workers = [rest[1]!, rest[2]!];
    tenant = await setUpTenant(first.baseUrl);
  }, 90_000);

  afterAll(async () => {
    await processes.killAll();
    await db?.end();
    await sink?.close();
    await drop();
    if (redisUrl) await dropPrefix(redisUrl, prefix);
  });

  const rows = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) => (await db.query<T>(text, values)).rows;

  it(
    'creates every incident once from events sent round-robin, pages and escalates each once, and loses nothing when a worker is killed -9 mid-run',
    async () => {
      const api = apis[0]!.baseUrl;
      const owner = (await call<{ user: { id: string; email: string } }>(api, 'GET', '/api/v1/me', { token: tenant.token })).body.user;
      const second = (
        await call<{ user: { id: string } }>(api, 'POST', '/api/v1/users', { token: tenant.token, body: { email: 'second@example.com', name: 'Second Level', role: 'responder', password: 'correct horse battery staple' } })
      ).body.user;
      const policy = await call<{ id: string }>(api, 'POST', '/api/v1/escalation-policies', {
        token: tenant.token,
        body: { name: 'Two levels', levels: [{ delay_minutes: 1, targets: [{ type: 'user', id: owner.id }] }, { delay_minutes: 1, targets: [{ type: 'user', id: second.id }] }] },
      });
      expect(policy.status).toBe(201);
      expect((await call(api, 'PATCH', `/api/v1/services/${tenant.serviceId}`, { token: tenant.token, body: { escalation_policy_id: policy.body.id } })).status).toBe(200);

      // Every alert twice, each copy through the other api process.
      const sends = [];
      for (let index = 0; index < INCIDENTS; index += 1) {
        for (const copy of [0, 1]) sends.push(call(apis[(index + copy) % 2]!.baseUrl, 'POST', '/v2/enqueue', { body: trigger(tenant.routingKey, `scaled-${index}`) }));
      }
      expect((await Promise.all(sends)).map((response) => response.status)).toEqual(new Array(INCIDENTS * 2).fill(202));

      // Kill a worker while the first pages are being sent.
      await sink.waitFor(3, 30_000);
      await workers[0]!.kill('SIGKILL');
      const sentTo = async (userId: string) =>
        Number((await rows<{ n: string }>(`select count(*) as n from notifications where user_id = $1 and status = 'sent'`, [userId]))[0]!.n);
      expect(await sentTo(owner.id), 'the worker died with pages still to send').toBeLessThan(INCIDENTS);

      const deadline = Date.now() + ESCALATION_WAIT_MS;
      while ((await sentTo(owner.id)) < INCIDENTS || (await sentTo(second.id)) < INCIDENTS) {
        if (Date.now() > deadline) throw new Error(`pages sent: ${await sentTo(owner.id)} to level 1, ${await sentTo(second.id)} to level 2, of ${INCIDENTS} each`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }

      const incidents = await rows<{ id: string; alert_count: number }>(`select id, alert_count from incidents`);
      expect(incidents).toHaveLength(INCIDENTS);
      expect(incidents.every((incident) => incident.alert_count === 1)).toBe(true);
      const alerts = await rows<{ event_count: number }>(`select event_count from alerts`);
      expect(alerts.map((alert) => Number(alert.event_count))).toEqual(new Array(INCIDENTS).fill(2));

      // Each incident was assigned once and escalated once; each level paged its target once.
      const steps = await rows<{ type: string; n: string }>(`select type, count(*) as n from incident_log where type in ('assigned', 'escalated') group by incident_id, type`);
      expect(steps.filter((step) => step.type === 'assigned').map((step) => Number(step.n))).toEqual(new Array(INCIDENTS).fill(1));
      expect(steps.filter((step) => step.type === 'escalated').map((step) => Number(step.n))).toEqual(new Array(INCIDENTS).fill(1));
      const perTarget = await rows<{ n: string }>(`select count(*) as n from notifications group by incident_id, user_id, channel`);
      expect(perTarget).toHaveLength(INCIDENTS * 2);
      expect(perTarget.every((row) => Number(row.n) === 1)).toBe(true);
      const sentRecords = await rows<{ n: string }>(`select count(*) as n from notification_attempts where outcome = 'sent' group by notification_id`);
      expect(sentRecords).toHaveLength(INCIDENTS * 2);
      expect(sentRecords.every((row) => Number(row.n) === 1)).toBe(true);

      // Every page reached the mail server; only sends in flight when the worker died could go twice.
      const mails = new Map<string, number>();
      for (const mail of sink.received) {
        const key = `${String(mail.headers.get('x-vigil-incident-id'))} ${JSON.stringify(mail.to)}`;
        mails.set(key, (mails.get(key) ?? 0) + 1);
      }
      expect(mails.size).toBe(INCIDENTS * 2);
      const duplicates = [...mails.values()].reduce((sum, count) => sum + count - 1, 0);
      expect(duplicates).toBeLessThanOrEqual(10);
      for (const survivor of [...apis, workers[1]!]) expect(survivor.running, survivor.describe()).toBe(true);
    },
    ESCALATION_WAIT_MS + 60_000,
  );
});
