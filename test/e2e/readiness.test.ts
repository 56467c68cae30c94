import { afterAll, beforeAll, expect, it } from 'vitest';
import { request } from '../factories.ts';
import { describeScaled, freshDatabase, startVigil, type TestVigil } from '../harness.ts';
import { dropPrefix, randomPrefix } from '../redis-prefix.ts';


describeScaled('/readyz in scaled mode', (redisUrl) => {
  let t: TestVigil;
  let drop: () => Promise<void>;
  const prefix = randomPrefix('ready');
  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    t = await startVigil('postgres', { databaseUrl: database.url, role: 'worker', env: { REDIS_URL: redisUrl, VIGIL_REDIS_PREFIX: prefix } });
  });
  afterAll(async () => {
    await t?.stop().catch(() => undefined);
    await drop?.();
    await dropPrefix(redisUrl, prefix);
  });

  it('checks PostgreSQL and Redis, names the role, and answers 503 naming the dependency that fails', async () => {
    const ready = await request(t, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', role: 'worker', checks: { postgres: { status: 'ok' }, redis: { status: 'ok' } } });

    await drop();
    const failing = await request(t, 'GET', '/readyz');
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({ status: 'not ready', checks: { postgres: { status: 'failing', error: expect.any(String) }, redis: { status: 'ok' } } });
    expect((await request(t, 'GET', '/healthz')).status).toBe(200);
  });
});
