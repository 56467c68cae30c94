import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeScaled, freshDatabase, TEST_SECRET_KEY } from '../harness.ts';
import { dropPrefix, randomPrefix } from '../redis-prefix.ts';
import { SseStreamClient, type StreamMessage, WsStreamClient } from '../stream-client.ts';
import { call, setUpTenant, type Tenant, trigger } from './client.ts';
import { ProcessGroup, type VigilProcess } from './process.ts';

const name = 'the live stream across `vigil api` processes on PostgreSQL and Redis';

const incidentOf = (dedupKey: string) => (message: StreamMessage) => message.type === 'incident.triggered' && message.data['dedup_key'] === dedupKey;

describeScaled(name, (redisUrl) => {
  const processes = new ProcessGroup();
  const prefix = randomPrefix('stream');
  let drop: () => Promise<void> = async () => undefined;
  let a: VigilProcess;
  let b: VigilProcess;
  let tenant: Tenant;
  const clients: Array<{ close(): unknown }> = [];

  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl, VIGIL_REDIS_PREFIX: prefix, VIGIL_SECRET_KEY: TEST_SECRET_KEY };
    a = await processes.start('api', env);
    [b] = await Promise.all([processes.start('api', env), processes.start('worker', env)]);
    tenant = await setUpTenant(a.baseUrl);
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await processes.killAll();
    await drop();
    if (redisUrl) await dropPrefix(redisUrl, prefix);
  });

  const wsOn = async (process: VigilProcess, query = '') => {
    const client = await WsStreamClient.open(`${process.baseUrl.replace('http', 'ws')}/api/v1/stream${query}`, { token: tenant.token });
    clients.push(client);
    return client;
  };

  it('brings an event ingested through one process to clients of both, and an acknowledgement through the other to both', async () => {
    const onA = await wsOn(a);
    const onB = await SseStreamClient.open(`${b.baseUrl}/api/v1/stream`, { authorization: `Bearer ${tenant.token}`, accept: 'text/event-stream' });
    clients.push(onB);

    const accepted = await call(a.baseUrl, 'POST', '/v2/enqueue', { body: trigger(tenant.routingKey, 'across-1') });
    expect(accepted.status).toBe(202);
    const [fromA, fromB] = await Promise.all([onA.waitFor(incidentOf('across-1')), onB.waitFor(incidentOf('across-1'))]);
    expect(fromB).toEqual(fromA);

    const incidentId = fromA.data['incident'].id as string;
    expect((await call(b.baseUrl, 'POST', `/api/v1/incidents/${incidentId}/acknowledge`, { token: tenant.token })).status).toBe(200);
    const acknowledged = (message: StreamMessage) => message.type === 'incident.acknowledged' && message.data['incident'].id === incidentId;
    const [ackA, ackB] = await Promise.all([onA.waitFor(acknowledged), onB.waitFor(acknowledged)]);
    expect(ackB).toEqual(ackA);
    expect(Number(ackA.id)).toBeGreaterThan(Number(fromA.id));

    // Presence crosses processes too: a viewer on A is seen by a client of B and by B's API.
    const viewerOnB = await wsOn(b);
    onA.send({ view: incidentId });
    const seen = await viewerOnB.waitFor((message) => message.type === 'presence' && message.data['incident_id'] === incidentId && message.data['viewers'].length === 1);
    expect(seen.data['viewers'][0]).toMatchObject({ name: expect.any(String) });
    expect((await call<{ viewers: unknown[] }>(b.baseUrl, 'GET', `/api/v1/incidents/${incidentId}/viewers`, { token: tenant.token })).body.viewers).toHaveLength(1);
    onA.send({ view: null });
    await viewerOnB.waitFor((message) => message.type === 'presence' && message.data['incident_id'] === incidentId && message.data['viewers'].length === 0);
  });

  it('lets a client of a process killed with -9 resume on the other from its last id, missing nothing', async () => {
    const onA = await wsOn(a);
    const watcher = await wsOn(b);
    await call(a.baseUrl, 'POST', '/v2/enqueue', { body: trigger(tenant.routingKey, 'resume-0') });
    const last = await onA.waitFor(incidentOf('resume-0'));
    await a.kill('SIGKILL');
    await onA.waitClosed();

    const keys = ['resume-1', 'resume-2', 'resume-3'];
    for (const key of keys) expect((await call(b.baseUrl, 'POST', '/v2/enqueue', { body: trigger(tenant.routingKey, key) })).status).toBe(202);
    await watcher.waitFor(incidentOf('resume-3'));

    const resumed = await wsOn(b, `?last_event_id=${last.id}`);
    await resumed.waitFor(incidentOf('resume-3'));
    expect(resumed.events().map((message) => message.data['dedup_key'])).toEqual(keys);
    expect(resumed.messages.some((message) => message.type === 'reset')).toBe(false);
  });
});
