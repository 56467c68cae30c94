import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { freshDatabase, postgresUrl, startVigil, type TestVigil } from '../harness.ts';
import { movableClock } from '../movable-clock.ts';

const ENGINES = 20;
const INCIDENTS = 30;

/**
 * Twenty instances on one PostgreSQL, each with its own store connections, as ten `vigil scheduler` processes
 * (escalation timers, cron ticks) and ten `vigil worker` processes (notification jobs) would be: each
 * incident is assigned once, escalated once, and each notification delivered once.
 */
function manyEngines() {
  const time = movableClock();
  const instances: TestVigil[] = [];
  let api: TestVigil;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    const env = { VIGIL_ENGINE_TICK_MS: '50', DATABASE_POOL_SIZE: '2' };
    api = await startVigil('postgres', { databaseUrl: database.url, clock: time.clock, role: 'api', env });
    for (let index = 0; index < ENGINES; index += 1) instances.push(await startVigil('postgres', { databaseUrl: database.url, clock: time.clock, role: index % 2 === 0 ? 'scheduler' : 'worker', env }));
  }, 120_000);
  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await api?.stop();
    await drop?.();
  });

  const countsBy = async (query: ReturnType<typeof sql>) => {
    const result = (await api.vigil.deps.store.db.execute(query)) as unknown as { rows: Array<{ n: number | string }> };
    return result.rows.map((row) => Number(row.n));
  };

  it('assigns and escalates every incident exactly once and delivers each notification once', async () => {
    const org = await newOrganisation(api);
    const me = await request(api, 'GET', '/api/v1/me', { token: org.token });
    const other = await request(api, 'POST', '/api/v1/users', { token: org.token, body: { email: `l2-${Date.now()}@example.com`, name: 'Level Two', password: 'correct horse battery staple' } });
    const policy = await request(api, 'POST', '/api/v1/escalation-policies', {
      token: org.token,
      body: { name: 'Busy', levels: [{ delay_minutes: 1, targets: [{ type: 'user', id: me.body.user.id }] }, { delay_minutes: 1, targets: [{ type: 'user', id: other.body.user.id }] }] },
    });
    const { serviceId, routingKey } = await newIntegration(api, org.token);
    await request(api, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } });
    for (let index = 0; index < INCIDENTS; index += 1) expect((await enqueue(api, triggerEvent(routingKey, `many-${index}`))).status).toBe(202);
    await api.settle();

    const levelReached = (level: number) =>
      countsBy(sql`select count(*) as n from incident_escalations where org_id = ${org.orgId} and level = ${level - 1}`).then(([n]) => n);
    await expect.poll(() => levelReached(1), { timeout: 20_000, interval: 100 }).toBe(INCIDENTS);
    time.advance(61_000);
    await expect.poll(() => levelReached(2), { timeout: 20_000, interval: 100 }).toBe(INCIDENTS);
    const sentAll = () => countsBy(sql`select count(*) as n from notifications where org_id = ${org.orgId} and status = 'sent'`).then(([n]) => n);
    await expect.poll(sentAll, { timeout: 20_000, interval: 200 }).toBe(INCIDENTS * 2);

    const steps = await countsBy(sql`select count(*) as n from incident_log where org_id = ${org.orgId} and type in ('assigned', 'escalated') group by incident_id, type`);
    expect(steps).toHaveLength(INCIDENTS * 2);
    expect(new Set(steps)).toEqual(new Set([1]));
    const perNotification = await countsBy(sql`select count(*) as n from notification_attempts where org_id = ${org.orgId} and outcome = 'sent' group by notification_id`);
    expect(perNotification).toHaveLength(INCIDENTS * 2);
    expect(new Set(perNotification)).toEqual(new Set([1]));
    const [mails] = await countsBy(sql`select count(*) as n from mail_outbox where org_id = ${org.orgId}`);
    expect(mails).toBe(INCIDENTS * 2);
  }, 90_000);
}

if (postgresUrl) describe('escalation with twenty engines on one PostgreSQL', manyEngines);
else describe.skip('escalation with twenty engines on one PostgreSQL (skipped: TEST_DATABASE_URL is unset)', manyEngines);
