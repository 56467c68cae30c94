import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

const password = 'correct horse battery staple';

describeEachStore('first-run setup, sign-in, API keys and audit', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind, { env: { VIGIL_ALLOW_SIGNUP: 'false' } });
  });
  afterAll(() => t.stop());

  it('sets up the first organisation once, then answers 409', async () => {
    const setup = await request(t, 'POST', '/api/v1/setup', { body: { organization: 'Bars Inc', email: 'admin@bars.example', password } });
    expect(setup.status).toBe(201);
    expect(setup.body.token).toMatch(/^vgl_/);
    const me = await request(t, 'GET', '/api/v1/me', { token: setup.body.token });
    expect(me.body.user).toMatchObject({ email: 'admin@bars.example', role: 'admin' });
    const again = await request(t, 'POST', '/api/v1/setup', { body: { organization: 'Other', email: 'x@bars.example', password } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('refuses sign-up while VIGIL_ALLOW_SIGNUP is off', async () => {
    const response = await request(t, 'POST', '/api/v1/signup', { body: { organization: 'Y', email: 'y@bars.example', password } });
    expect(response.status).toBe(403);
  });

  it('signs in with a password, keeps the session in an HTTP-only cookie, and logs out', async () => {
    const wrong = await request(t, 'POST', '/api/v1/auth/login', { body: { email: 'admin@bars.example', password: 'not the password' } });
    expect(wrong.status).toBe(401);
    const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email: 'ADMIN@bars.example', password } });
    expect(login.status).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/vigil_session=vgls_[\w-]+/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await request(t, 'GET', '/api/v1/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    const logout = await request(t, 'POST', '/api/v1/auth/logout', { headers: { cookie } });
    expect(logout.status).toBe(204);
    expect((await request(t, 'GET', '/api/v1/me', { headers: { cookie } })).status).toBe(401);
  });

  it('shows a new API key once, records its last use, and stops accepting it once revoked', async () => {
    const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email: 'admin@bars.example', password } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const created = await request(t, 'POST', '/api/v1/api-keys', { headers: { cookie }, body: { name: 'ci' } });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect((await request(t, 'GET', '/api/v1/services', { token })).status).toBe(200);
    const listed = await request(t, 'GET', '/api/v1/api-keys', { token });
    const key = listed.body.api_keys.find((k: { id: string }) => k.id === created.body.id);
    expect(key).not.toHaveProperty('token');
    expect(key.last_used_at).not.toBeNull();
    expect(token.startsWith(key.prefix)).toBe(true);
    expect((await request(t, 'DELETE', `/api/v1/api-keys/${created.body.id}`, { token })).status).toBe(204);
    const refused = await request(t, 'GET', '/api/v1/services', { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/revoked/);
  });

  it('lets an admin add users with roles, and an observer may read but not act', async () => {
    const admin = await request(t, 'POST', '/api/v1/auth/login', { body: { email: 'admin@bars.example', password } });
    const cookie = String(admin.headers['set-cookie']).split(';')[0]!;
    const added = await request(t, 'POST', '/api/v1/users', { headers: { cookie }, body: { email: 'watcher@bars.example', name: 'Watcher', role: 'observer', password } });
    expect(added.status).toBe(201);
    const duplicate = await request(t, 'POST', '/api/v1/users', { headers: { cookie }, body: { email: 'Watcher@bars.example', name: 'W2', role: 'observer', password } });
    expect(duplicate.status).toBe(409);
    const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email: 'watcher@bars.example', password } });
    const observer = String(login.headers['set-cookie']).split(';')[0]!;
    expect((await request(t, 'GET', '/api/v1/incidents', { headers: { cookie: observer } })).status).toBe(200);
    const forbidden = await request(t, 'POST', '/api/v1/services', { headers: { cookie: observer }, body: { name: 'nope' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
  });

  it('writes an audit entry for every mutating call, with actor, target and address', async () => {
    const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email: 'admin@bars.example', password } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const service = await request(t, 'POST', '/api/v1/services', { headers: { cookie }, body: { name: 'audited' } });
    const incident = await request(t, 'POST', '/api/v1/incidents', { headers: { cookie }, body: { service_id: service.body.id, title: 'by hand' } });
    await request(t, 'POST', `/api/v1/incidents/${incident.body.id}/acknowledge`, { headers: { cookie } });
    await request(t, 'POST', `/api/v1/incidents/${incident.body.id}/notes`, { headers: { cookie }, body: { text: 'looking' } });
    await request(t, 'POST', `/api/v1/incidents/${incident.body.id}/resolve`, { headers: { cookie } });
    const audit = await request(t, 'GET', '/api/v1/audit?limit=6', { headers: { cookie } });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'incident.resolve',
      'incident.note',
      'incident.acknowledge',
      'incident.create',
      'service.create',
      'session.login',
    ]);
    expect(audit.body.entries[0]).toMatchObject({ actor_type: 'user', target_type: 'incident', target_id: incident.body.id, ip: '127.0.0.1' });
    expect(audit.body.entries[0].request_id).toBeTruthy();
  });

  it('answers 401 without credentials and with a malformed Authorization header', async () => {
    expect((await request(t, 'GET', '/api/v1/incidents')).status).toBe(401);
    const malformed = await request(t, 'GET', '/api/v1/incidents', { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.message).toMatch(/Bearer/);
  });
});

describeEachStore('tenants never see each other', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind);
  });
  afterAll(() => t.stop());

  it('answers 404 for another organisation’s service, integration, incident and API key, and lists only its own', async () => {
    const a = await newOrganisation(t);
    const b = await newOrganisation(t);
    const aIntegration = await newIntegration(t, a.token);
    await enqueue(t, triggerEvent(aIntegration.routingKey, 'secret-a'));
    await t.settle();
    const [aIncident] = (await request(t, 'GET', '/api/v1/incidents', { token: a.token })).body.incidents;
    expect(aIncident).toBeDefined();

    expect((await request(t, 'GET', `/api/v1/incidents/${aIncident.id}`, { token: b.token })).status).toBe(404);
    expect((await request(t, 'POST', `/api/v1/incidents/${aIncident.id}/acknowledge`, { token: b.token })).status).toBe(404);
    expect((await request(t, 'POST', `/api/v1/incidents/${aIncident.id}/resolve`, { token: b.token })).status).toBe(404);
    expect((await request(t, 'POST', `/api/v1/incidents/${aIncident.id}/notes`, { token: b.token, body: { text: 'x' } })).status).toBe(404);
    expect((await request(t, 'GET', `/api/v1/services/${aIntegration.serviceId}`, { token: b.token })).status).toBe(404);
    expect((await request(t, 'PATCH', `/api/v1/services/${aIntegration.serviceId}`, { token: b.token, body: { status: 'disabled' } })).status).toBe(404);
    expect((await request(t, 'DELETE', `/api/v1/services/${aIntegration.serviceId}`, { token: b.token })).status).toBe(404);
    expect((await request(t, 'GET', `/api/v1/integrations/${aIntegration.integrationId}`, { token: b.token })).status).toBe(404);
    expect((await request(t, 'POST', `/api/v1/services/${aIntegration.serviceId}/integrations`, { token: b.token, body: { type: 'events_api_v2' } })).status).toBe(404);
    expect((await request(t, 'POST', '/api/v1/incidents', { token: b.token, body: { service_id: aIntegration.serviceId, title: 'x' } })).status).toBe(404);

    expect((await request(t, 'GET', '/api/v1/incidents', { token: b.token })).body.incidents).toEqual([]);
    expect((await request(t, 'GET', '/api/v1/services', { token: b.token })).body.services).toEqual([]);
    expect((await request(t, 'GET', '/api/v1/events', { token: b.token })).body.events).toEqual([]);
    expect((await request(t, 'GET', '/api/v1/changes', { token: b.token })).body.changes).toEqual([]);
    const bAudit = await request(t, 'GET', '/api/v1/audit', { token: b.token });
    expect(bAudit.body.entries.every((e: { target_id: string }) => e.target_id !== aIncident.id && e.target_id !== aIntegration.serviceId)).toBe(true);
    const aKeys = await request(t, 'GET', '/api/v1/api-keys', { token: a.token });
    expect((await request(t, 'DELETE', `/api/v1/api-keys/${aKeys.body.api_keys[0].id}`, { token: b.token })).status).toBe(404);
    expect((await request(t, 'GET', '/api/v1/incidents', { token: a.token })).body.incidents).toHaveLength(1);
  });

  it('numbers incidents per organisation from 1', async () => {
    const a = await newOrganisation(t);
    const b = await newOrganisation(t);
    const ai = await newIntegration(t, a.token);
    const bi = await newIntegration(t, b.token);
    await enqueue(t, triggerEvent(ai.routingKey));
    await enqueue(t, triggerEvent(ai.routingKey));
    await enqueue(t, triggerEvent(bi.routingKey));
    await t.settle();
    const numbers = async (token: string) => (await request(t, 'GET', '/api/v1/incidents', { token })).body.incidents.map((i: { number: number }) => i.number).sort();
    expect(await numbers(a.token)).toEqual([1, 2]);
    expect(await numbers(b.token)).toEqual([1]);
  });
});

describeEachStore('limits on guessing credentials', (kind) => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind, { env: { VIGIL_CREDENTIAL_ATTEMPTS: '3' } });
  });
  afterAll(() => t.stop());

  it('answers 429 with Retry-After once an address has tried an e-mail too often, even with the right password; other e-mails still sign in', async () => {
    const org = await newOrganisation(t);
    const other = await newOrganisation(t);
    const attempts = [];
    for (const guess of ['guess-1', 'guess-2', 'guess-3', password]) attempts.push(await request(t, 'POST', '/api/v1/auth/login', { body: { email: org.email, password: guess } }));
    expect(attempts.map((response) => response.status)).toEqual([401, 401, 401, 429]);
    const refused = attempts[3]!;
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('at most 3 every 15 minutes') });
    expect(refused.headers['set-cookie']).toBeUndefined();
    // The same e-mail in other letter case is the same account.
    expect((await request(t, 'POST', '/api/v1/auth/login', { body: { email: org.email.toUpperCase(), password } })).status).toBe(429);
    expect((await request(t, 'POST', '/api/v1/auth/login', { body: { email: other.email, password } })).status).toBe(200);
    // The wrong passwords are in the account's audit log; the refused attempts never reached a password check.
    const failed = async () => (await request(t, 'GET', '/api/v1/audit?limit=50', { token: org.token })).body.entries.filter((entry: { action: string }) => entry.action === 'session.login_failed');
    await expect.poll(async () => (await failed()).length).toBe(3);
    expect((await failed())[0]).toMatchObject({ actor_type: 'user', target_type: 'user', ip: '127.0.0.1' });
    expect((await request(t, 'GET', '/api/v1/audit?limit=50', { token: other.token })).body.entries.some((entry: { action: string }) => entry.action === 'session.login_failed')).toBe(false);
  });

  it('limits password changes per user, and sign-ups per address', async () => {
    // The third sign-up from this address in the window.
    const org = await newOrganisation(t);
    const changes = [];
    for (let index = 0; index < 4; index += 1) changes.push((await request(t, 'POST', '/api/v1/me/password', { token: org.token, body: { current_password: 'wrong', new_password: 'another correct horse battery' } })).status);
    expect(changes).toEqual([403, 403, 403, 429]);
    expect((await request(t, 'POST', '/api/v1/signup', { body: { organization: 'Fourth', email: 'fourth@example.com', password } })).status).toBe(429);
  });
});

describeEachStore('the caller’s address behind a reverse proxy', (kind) => {
  it("takes the caller's address from X-Forwarded-For only when told to trust the proxy", async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.9' };
    const direct = await startVigil(kind);
    const trusting = await startVigil(kind, { env: { VIGIL_TRUST_PROXY: '127.0.0.1' } });
    try {
      const org = await newOrganisation(direct);
      await request(direct, 'POST', '/api/v1/api-keys', { token: org.token, headers: forwarded, body: { name: 'direct' } });
      const other = await newOrganisation(trusting);
      await request(trusting, 'POST', '/api/v1/api-keys', { token: other.token, headers: forwarded, body: { name: 'proxied' } });
      const ipOf = async (on: TestVigil, token: string) => (await request(on, 'GET', '/api/v1/audit?limit=1', { token })).body.entries[0].ip;
      expect(await ipOf(direct, org.token)).toBe('127.0.0.1');
      expect(await ipOf(trusting, other.token)).toBe('203.0.113.9');
    } finally {
      await Promise.all([direct.stop(), trusting.stop()]);
    }
  });
});
