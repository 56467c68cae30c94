import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { oncallUserIds, overrideNow, rotatingTeam } from '../oncall-team.ts';
import { sample } from '../prometheus-text.ts';

describeEachStore('caching hot reads', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind);
  });
  afterAll(() => t?.stop());

  const lookups = async (cache: string, result: string) => sample(String((await request(t, 'GET', '/metrics')).body), 'vigil_cache_lookups_total', { cache, result }) ?? 0;

  it('answers who is on call from the cache until a schedule changes, then at once from the store', async () => {
    const org = await newOrganisation(t);
    const team = await rotatingTeam(t, org.token);
    const first = await oncallUserIds(t, org.token);
    expect(first).toHaveLength(1);
    const hits = await lookups('oncalls', 'hit');
    expect(await oncallUserIds(t, org.token)).toEqual(first);
    expect(await lookups('oncalls', 'hit')).toBe(hits + 1);

    const offDuty = first[0] === team.ownerId ? team.other.id : team.ownerId;
    await overrideNow(t, org.token, team.scheduleId, offDuty);
    expect(await oncallUserIds(t, org.token)).toEqual([offDuty]);
    // Another organisation's answer is its own.
    const stranger = await newOrganisation(t);
    expect(await oncallUserIds(t, stranger.token)).toEqual([]);
  });

  describe('credentials: cached, and forgotten the moment they are revoked, ended or re-roled', () => {
    const PASSWORD = 'correct horse battery staple';
    /** A responder with a browser session and an API key of their own. */
    async function responderOf(org: { token: string }) {
      const email = `r-${randomUUID()}@example.com`;
      const user = await request(t, 'POST', '/api/v1/users', { token: org.token, body: { email, name: 'R', role: 'responder', password: PASSWORD } });
      expect(user.status).toBe(201);
      const signIn = async () => String((await request(t, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).headers['set-cookie']).split(';')[0]!;
      const cookie = await signIn();
      const key = await request(t, 'POST', '/api/v1/api-keys', { headers: { cookie }, body: { name: 'laptop' } });
      expect(key.status).toBe(201);
      return { id: user.body.user.id as string, cookie, signIn, key: { id: key.body.id as string, token: key.body.token as string } };
    }
    const statusWithKey = async (token: string, url = '/api/v1/me') => (await request(t, 'GET', url, { token })).status;
    const statusWithCookie = async (cookie: string, url = '/api/v1/me') => (await request(t, 'GET', url, { headers: { cookie } })).status;

    it('serves a key from the cache and refuses it on the very next request once revoked', async () => {
      const org = await newOrganisation(t);
      const responder = await responderOf(org);
      expect(await statusWithKey(responder.key.token)).toBe(200);
      const hits = await lookups('credentials', 'hit');
      expect(await statusWithKey(responder.key.token)).toBe(200);
      expect(await lookups('credentials', 'hit')).toBe(hits + 1);
      expect((await request(t, 'DELETE', `/api/v1/api-keys/${responder.key.id}`, { token: org.token })).status).toBe(204);
      expect(await statusWithKey(responder.key.token)).toBe(401);
    });

    it('applies a new role to cached keys and sessions at once, both ways', async () => {
      const org = await newOrganisation(t);
      const responder = await responderOf(org);
      expect(await statusWithKey(responder.key.token, '/api/v1/jobs/dead')).toBe(403);
      expect(await statusWithCookie(responder.cookie, '/api/v1/jobs/dead')).toBe(403);
      expect((await request(t, 'PATCH', `/api/v1/users/${responder.id}`, { token: org.token, body: { role: 'admin' } })).status).toBe(200);
      expect(await statusWithKey(responder.key.token, '/api/v1/jobs/dead')).toBe(200);
      expect(await statusWithCookie(responder.cookie, '/api/v1/jobs/dead')).toBe(200);
      expect((await request(t, 'PATCH', `/api/v1/users/${responder.id}`, { token: org.token, body: { role: 'responder' } })).status).toBe(200);
      expect(await statusWithKey(responder.key.token, '/api/v1/jobs/dead')).toBe(403);
      expect(await statusWithCookie(responder.cookie, '/api/v1/jobs/dead')).toBe(403);
    });

    it('ends a cached session at logout, and the other sessions at a password change', async () => {
      const org = await newOrganisation(t);
      const responder = await responderOf(org);
      const other = await responder.signIn();
      expect(await statusWithCookie(responder.cookie)).toBe(200);
      expect(await statusWithCookie(other)).toBe(200);
      const password = await request(t, 'POST', '/api/v1/me/password', { headers: { cookie: responder.cookie }, body: { current_password: PASSWORD, new_password: 'a different horse battery' } });
      expect(password.status).toBe(204);
      expect(await statusWithCookie(other)).toBe(401);
      expect(await statusWithCookie(responder.cookie)).toBe(200);
      expect((await request(t, 'POST', '/api/v1/auth/logout', { headers: { cookie: responder.cookie } })).status).toBe(204);
      expect(await statusWithCookie(responder.cookie)).toBe(401);
    });

    it("refuses a removed user's cached key and session at once", async () => {
      const org = await newOrganisation(t);
      const responder = await responderOf(org);
      expect(await statusWithKey(responder.key.token)).toBe(200);
      expect(await statusWithCookie(responder.cookie)).toBe(200);
      expect((await request(t, 'DELETE', `/api/v1/users/${responder.id}`, { token: org.token })).status).toBe(204);
      expect(await statusWithKey(responder.key.token)).toBe(401);
      expect(await statusWithCookie(responder.cookie)).toBe(401);
    });
  });

  it('looks integration keys up from the cache, and forgets a deleted integration at once', async () => {
    const org = await newOrganisation(t);
    const { integrationId, routingKey } = await newIntegration(t, org.token);
    expect((await enqueue(t, triggerEvent(routingKey, 'c-1'))).status).toBe(202);
    const hits = await lookups('integrations', 'hit');
    expect((await enqueue(t, triggerEvent(routingKey, 'c-2'))).status).toBe(202);
    expect(await lookups('integrations', 'hit')).toBeGreaterThan(hits);
    expect((await request(t, 'DELETE', `/api/v1/integrations/${integrationId}`, { token: org.token })).status).toBe(204);
    expect((await enqueue(t, triggerEvent(routingKey, 'c-3'))).status).toBe(400);
  });
});
