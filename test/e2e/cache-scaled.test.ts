import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeScaled, freshDatabase, startVigil, type TestVigil } from '../harness.ts';
import { oncallUserIds, overrideNow, rotatingTeam } from '../oncall-team.ts';
import { sample } from '../prometheus-text.ts';
import { dropPrefix, randomPrefix } from '../redis-prefix.ts';

/** Invalidations cross processes on Redis pub/sub: well under the caches' ttl (30 s and more). */
const CROSSES = { timeout: 2_000, interval: 50 };

describeScaled('caches and rate limits shared by two API processes on PostgreSQL + Redis', (redisUrl) => {
  let a: TestVigil;
  let b: TestVigil;
  let drop: () => Promise<void>;
  const prefix = randomPrefix('cache');
  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    const env = { REDIS_URL: redisUrl, VIGIL_REDIS_PREFIX: prefix };
    a = await startVigil('postgres', { databaseUrl: database.url, role: 'api', env });
    b = await startVigil('postgres', { databaseUrl: database.url, role: 'api', env });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await drop?.();
    await dropPrefix(redisUrl, prefix);
  });

  it('holds an integration to its rate limit across both processes, not per process', async () => {
    const org = await newOrganisation(a);
    const { integrationId, routingKey } = await newIntegration(a, org.token);
    expect((await request(a, 'PATCH', `/api/v1/integrations/${integrationId}`, { token: org.token, body: { rate_limit_per_minute: 3 } })).status).toBe(200);
    const statuses = [];
    for (const [index, t] of [a, b, a, b, a].entries()) statuses.push((await enqueue(t, triggerEvent(routingKey, `limited-${index}`))).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    const other = await newIntegration(b, org.token);
    expect((await enqueue(b, triggerEvent(other.routingKey, 'free'))).status).toBe(202);
  });

  it('an integration deleted through one process is refused by the other at once', async () => {
    const org = await newOrganisation(a);
    const { integrationId, routingKey } = await newIntegration(a, org.token);
    expect((await enqueue(a, triggerEvent(routingKey, 's-1'))).status).toBe(202);
    expect((await enqueue(b, triggerEvent(routingKey, 's-2'))).status).toBe(202);
    expect((await request(b, 'DELETE', `/api/v1/integrations/${integrationId}`, { token: org.token })).status).toBe(204);
    await expect.poll(async () => (await enqueue(a, triggerEvent(routingKey, 's-3'))).status, CROSSES).toBe(400);
  });

  it('an API key revoked, or its user re-roled, through one process is refused by the other, which had it cached', async () => {
    const org = await newOrganisation(a);
    const key = await request(a, 'POST', '/api/v1/api-keys', { token: org.token, body: { name: 'second' } });
    const me = (await request(a, 'GET', '/api/v1/me', { token: org.token })).body.user.id as string;
    const deputy = await request(a, 'POST', '/api/v1/users', { token: org.token, body: { email: `d-${Date.now()}@example.com`, name: 'Deputy', role: 'admin', password: 'correct horse battery staple' } });
    expect(deputy.status).toBe(201);
    const status = async (t: TestVigil, token: string, url = '/api/v1/me') => (await request(t, 'GET', url, { token })).status;
    expect(await status(b, key.body.token)).toBe(200);
    expect(await status(b, key.body.token)).toBe(200);
    expect((await request(a, 'DELETE', `/api/v1/api-keys/${key.body.id}`, { token: org.token })).status).toBe(204);
    await expect.poll(() => status(b, key.body.token), CROSSES).toBe(401);

    expect(await status(b, org.token, '/api/v1/jobs/dead')).toBe(200);
    const login = await request(a, 'POST', '/api/v1/auth/login', { body: { email: deputy.body.user.email, password: 'correct horse battery staple' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect((await request(a, 'PATCH', `/api/v1/users/${me}`, { headers: { cookie }, body: { role: 'responder' } })).status).toBe(200);
    await expect.poll(() => status(b, org.token, '/api/v1/jobs/dead'), CROSSES).toBe(403);
  });

  it('who is on call, computed by one process, is served to the other from Redis; an override through either is seen by both', async () => {
    const org = await newOrganisation(a);
    const team = await rotatingTeam(a, org.token);
    const first = await oncallUserIds(a, org.token);
    const hitsOnB = async () => sample(String((await request(b, 'GET', '/metrics')).body), 'vigil_cache_lookups_total', { cache: 'oncalls', result: 'hit' }) ?? 0;
    const before = await hitsOnB();
    expect(await oncallUserIds(b, org.token)).toEqual(first);
    expect(await hitsOnB()).toBe(before + 1);

    const offDuty = first[0] === team.ownerId ? team.other.id : team.ownerId;
    await overrideNow(b, org.token, team.scheduleId, offDuty);
    expect(await oncallUserIds(b, org.token)).toEqual([offDuty]);
    await expect.poll(() => oncallUserIds(a, org.token), CROSSES).toEqual([offDuty]);
  });

  it('an incident acknowledged through one process is counted at once by the overview the other has cached', async () => {
    const org = await newOrganisation(a);
    const service = await request(a, 'POST', '/api/v1/services', { token: org.token, body: { name: 'Overview' } });
    const incident = await request(a, 'POST', '/api/v1/incidents', { token: org.token, body: { service_id: service.body.id, title: 'down', severity: 'error' } });
    const openOn = async (t: TestVigil) => (await request(t, 'GET', '/api/v1/analytics/overview', { token: org.token })).body.open.by_service[0];
    expect(await openOn(a)).toMatchObject({ triggered: 1, acknowledged: 0 });
    expect(await openOn(b)).toMatchObject({ triggered: 1, acknowledged: 0 });
    expect((await request(b, 'POST', `/api/v1/incidents/${incident.body.id}/acknowledge`, { token: org.token })).status).toBe(200);
    expect(await openOn(b)).toMatchObject({ triggered: 0, acknowledged: 1 });
    await expect.poll(() => openOn(a), CROSSES).toMatchObject({ triggered: 0, acknowledged: 1 });
  });
});
