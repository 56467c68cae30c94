import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

describeEachStore('background jobs through the API', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind);
  });
  afterAll(() => t?.stop());

  /** A job the notifications worker refuses (it has no handler for its name): dead after its one attempt. */
  const deadJob = async (orgId: string) => {
    const { id } = await t.vigil.deps.queue.enqueue('notifications', { name: 'no-such-job', data: { org_id: orgId }, maxAttempts: 1 });
    return id;
  };

  it('lists an organisation its own dead jobs only, retries and discards them, and audits both', async () => {
    const mine = await newOrganisation(t);
    const theirs = await newOrganisation(t);
    const id = await deadJob(mine.orgId);
    const otherId = await deadJob(theirs.orgId);
    const listed = async (token: string) => (await request(t, 'GET', '/api/v1/jobs/dead?queue=notifications', { token })).body.jobs.map((job: { id: string }) => job.id) as string[];
    await expect.poll(() => listed(mine.token), { timeout: 10_000 }).toContain(id);
    expect(await listed(mine.token)).not.toContain(otherId);
    const dead = (await request(t, 'GET', '/api/v1/jobs/dead', { token: mine.token })).body.jobs.find((job: { id: string }) => job.id === id);
    expect(dead).toMatchObject({ queue: 'notifications', name: 'no-such-job', attempts: 1 });
    expect(dead.error).toContain('no-such-job');

    // Another organisation cannot touch it.
    expect((await request(t, 'POST', `/api/v1/jobs/dead/notifications/${id}/retry`, { token: theirs.token })).status).toBe(404);

    // Retried: it runs again (and, still unhandled, dies again with a fresh attempt count).
    expect((await request(t, 'POST', `/api/v1/jobs/dead/notifications/${id}/retry`, { token: mine.token })).status).toBe(202);
    await expect.poll(() => listed(mine.token), { timeout: 10_000 }).toContain(id);

    expect((await request(t, 'DELETE', `/api/v1/jobs/dead/notifications/${id}`, { token: mine.token })).status).toBe(204);
    expect(await listed(mine.token)).not.toContain(id);
    expect((await request(t, 'DELETE', `/api/v1/jobs/dead/notifications/${id}`, { token: mine.token })).status).toBe(404);

    const audit = await request(t, 'GET', '/api/v1/audit', { token: mine.token });
    const actions = audit.body.entries.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['job.retry', 'job.discard']));
  }, 30_000);

  it('is for admins only and validates the queue name', async () => {
    const org = await newOrganisation(t);
    const responder = await request(t, 'POST', '/api/v1/users', { token: org.token, body: { email: `r-${Date.now()}@example.com`, name: 'R', role: 'responder', password: 'correct horse battery staple' } });
    const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email: responder.body.user.email, password: 'correct horse battery staple' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect((await request(t, 'GET', '/api/v1/jobs/dead', { headers: { cookie } })).status).toBe(403);
    const bad = await request(t, 'GET', '/api/v1/jobs/dead?queue=no%20spaces', { token: org.token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('queue');
  });

  it('runs housekeeping chores as cron jobs on the queue: expired sessions are purged', async () => {
    const org = await newOrganisation(t);
    const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email: org.email, password: 'correct horse battery staple' } });
    expect(login.status).toBe(200);
    const db = t.vigil.deps.store.db;
    await t.vigil.deps.store.writeStatement(sql`update sessions set expires_at = now() - interval '1 minute' where org_id = ${org.orgId}`);
    const count = async () => Number(((await db.execute(sql`select count(*) as n from sessions where org_id = ${org.orgId}`)) as unknown as { rows: Array<{ n: string }> }).rows[0]!.n);
    expect(await count()).toBe(1);
    // The chore is scheduled by cron; run its job now rather than wait for the tick.
    await t.vigil.deps.queue.enqueue('housekeeping', { name: 'purge-expired-sessions', data: {} });
    await expect.poll(count, { timeout: 10_000 }).toBe(0);
    const counts = await t.vigil.deps.queue.counts();
    expect(Object.keys(counts)).toContain('housekeeping');
  });

  it('deletes folded events and relayed domain events older than the retention, and keeps the rest', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    for (const key of ['old-1', 'old-2', 'new-1']) expect((await enqueue(t, triggerEvent(routingKey, key))).status).toBe(202);
    await t.settle();
    const db = t.vigil.deps.store.db;
    const days = t.config.VIGIL_EVENT_RETENTION_DAYS;
    await t.vigil.deps.store.writeStatement(sql`update events set received_at = now() - make_interval(days => ${days + 1}) where org_id = ${org.orgId} and dedup_key in ('old-1', 'old-2')`);
    const keys = async () => ((await db.execute(sql`select dedup_key from events where org_id = ${org.orgId} order by id`)) as unknown as { rows: Array<{ dedup_key: string }> }).rows.map((row) => row.dedup_key);
    expect(await keys()).toEqual(['old-1', 'old-2', 'new-1']);
    await t.vigil.deps.queue.enqueue('housekeeping', { name: 'purge-old-events', data: {} });
    await expect.poll(keys, { timeout: 10_000 }).toEqual(['new-1']);
    // The incidents the events made stay.
    expect((await request(t, 'GET', '/api/v1/incidents', { token: org.token })).body.incidents).toHaveLength(3);

    await expect.poll(async () => Number(((await db.execute(sql`select count(*) as n from outbox_relay`)) as unknown as { rows: Array<{ n: string }> }).rows[0]!.n), { timeout: 10_000 }).toBe(0);
    await t.vigil.deps.store.writeStatement(sql`update outbox set created_at = now() - make_interval(days => ${days + 1}) where org_id = ${org.orgId}`);
    const outboxRows = async () => Number(((await db.execute(sql`select count(*) as n from outbox where org_id = ${org.orgId}`)) as unknown as { rows: Array<{ n: string }> }).rows[0]!.n);
    expect(await outboxRows()).toBeGreaterThan(0);
    await t.vigil.deps.queue.enqueue('housekeeping', { name: 'purge-old-outbox', data: {} });
    await expect.poll(outboxRows, { timeout: 10_000 }).toBe(0);
  });
});
