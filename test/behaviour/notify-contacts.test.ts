import { afterAll, beforeAll, expect, it } from 'vitest';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { userIdOf } from '../notify-fixtures.ts';

const password = 'correct horse battery staple';

describeEachStore('contact methods and notification rules', (kind) => {
  let t: TestVigil;
  let setupToken: string;
  let admin: { token: string; orgId: string; email: string; userId: string };
  let responder: { token: string; userId: string; email: string };
  let other: { token: string; userId: string };

  beforeAll(async () => {
    t = await startVigil(kind);
    // First-run setup before anything else: it is allowed only while the instance has no user.
    const setup = await request(t, 'POST', '/api/v1/setup', { body: { organization: 'First', email: 'first@setup.example', password } });
    setupToken = setup.body.token;
    const org = await newOrganisation(t);
    admin = { ...org, userId: await userIdOf(t, org.token) };
    const created = await request(t, 'POST', '/api/v1/users', { token: admin.token, body: { email: 'Rita.Responder@example.com', name: 'Rita', role: 'responder', password } });
    const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email: 'Rita.Responder@example.com', password } });
    const key = await request(t, 'POST', '/api/v1/api-keys', { headers: { cookie: String(login.headers['set-cookie']).split(';')[0]! }, body: { name: 'rita' } });
    responder = { token: key.body.token, userId: created.body.user.id, email: 'Rita.Responder@example.com' };
    const elsewhere = await newOrganisation(t);
    other = { token: elsewhere.token, userId: await userIdOf(t, elsewhere.token) };
  });
  afterAll(() => t.stop());

  const methodsOf = (token: string, userId: string) => request(t, 'GET', `/api/v1/users/${userId}/contact-methods`, { token });
  const rulesOf = (token: string, userId: string) => request(t, 'GET', `/api/v1/users/${userId}/notification-rules`, { token });

  it('gives every new user their login e-mail and a rule for each urgency to be notified there at once', async () => {
    const setupUser = await userIdOf(t, setupToken);
    for (const [token, userId, email] of [
      [setupToken, setupUser, 'first@setup.example'],
      [admin.token, admin.userId, admin.email],
      [responder.token, responder.userId, responder.email],
    ] as const) {
      const methods = (await methodsOf(token, userId)).body.contact_methods;
      expect(methods).toEqual([expect.objectContaining({ type: 'email', address: email, label: 'E-mail', user_id: userId })]);
      const rules = (await rulesOf(token, userId)).body.notification_rules;
      expect(rules.map((r: { urgency: string; delay_minutes: number; contact_method_id: string }) => [r.urgency, r.delay_minutes, r.contact_method_id])).toEqual([
        ['high', 0, methods[0].id],
        ['low', 0, methods[0].id],
      ]);
    }
  });

  it('lets a user add, change and delete their own contact methods, each change audited', async () => {
    const base = `/api/v1/users/${responder.userId}/contact-methods`;
    const created = await request(t, 'POST', base, { token: responder.token, body: { type: 'email', address: ' pager@rita.example ', label: 'Pager' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'email', address: 'pager@rita.example', label: 'Pager', user_id: responder.userId });
    const changed = await request(t, 'PATCH', `${base}/${created.body.id}`, { token: responder.token, body: { address: 'oncall@rita.example' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ address: 'oncall@rita.example', label: 'Pager' });
    expect((await methodsOf(responder.token, responder.userId)).body.contact_methods).toHaveLength(2);
    expect((await request(t, 'DELETE', `${base}/${created.body.id}`, { token: responder.token })).status).toBe(204);
    expect((await request(t, 'DELETE', `${base}/${created.body.id}`, { token: responder.token })).status).toBe(404);
    const audit = (await request(t, 'GET', '/api/v1/audit?limit=10', { token: admin.token })).body.entries;
    const mine = audit.filter((e: { target_id: string }) => e.target_id === created.body.id);
    expect(mine.map((e: { action: string }) => e.action)).toEqual(['contact_method.delete', 'contact_method.update', 'contact_method.create']);
    expect(mine[2]).toMatchObject({ actor_type: 'api_key', details: { user_id: responder.userId, type: 'email', address: 'pager@rita.example' } });
  });

  it('validates the type and the address, naming the field', async () => {
    const base = `/api/v1/users/${responder.userId}/contact-methods`;
    const badAddress = await request(t, 'POST', base, { token: responder.token, body: { type: 'email', address: 'not an address' } });
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.error.details).toEqual([{ field: 'address', message: 'must be an e-mail address' }]);
    const later = await request(t, 'POST', base, { token: responder.token, body: { type: 'sms', address: '+15550100' } });
    expect(later.status).toBe(422);
    expect(later.body.error.message).toMatch(/not available yet/);
    const unknown = await request(t, 'POST', base, { token: responder.token, body: { type: 'carrier_pigeon', address: 'loft 3' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('type');
    const extra = await request(t, 'POST', base, { token: responder.token, body: { type: 'email', address: 'a@b.example', priority: 1 } });
    expect(extra.status).toBe(400);
    const [method] = (await methodsOf(responder.token, responder.userId)).body.contact_methods;
    const badChange = await request(t, 'PATCH', `${base}/${method.id}`, { token: responder.token, body: { address: 'nope' } });
    expect(badChange.status).toBe(400);
    const empty = await request(t, 'PATCH', `${base}/${method.id}`, { token: responder.token, body: {} });
    expect(empty.status).toBe(400);
  });

  it('adds and deletes notification rules, refusing bad delays, duplicates and other users’ contact methods', async () => {
    const base = `/api/v1/users/${responder.userId}/notification-rules`;
    const [method] = (await methodsOf(responder.token, responder.userId)).body.contact_methods;
    const rule = await request(t, 'POST', base, { token: responder.token, body: { urgency: 'high', contact_method_id: method.id, delay_minutes: 5 } });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ urgency: 'high', delay_minutes: 5, contact_method_id: method.id, user_id: responder.userId });
    expect((await request(t, 'POST', base, { token: responder.token, body: { urgency: 'high', contact_method_id: method.id, delay_minutes: 5 } })).status).toBe(409);
    const tooLate = await request(t, 'POST', base, { token: responder.token, body: { urgency: 'high', contact_method_id: method.id, delay_minutes: 1441 } });
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.error.details[0].field).toBe('delay_minutes');
    const badUrgency = await request(t, 'POST', base, { token: responder.token, body: { urgency: 'urgent', contact_method_id: method.id } });
    expect(badUrgency.status).toBe(400);
    const [adminMethod] = (await methodsOf(admin.token, admin.userId)).body.contact_methods;
    const foreign = await request(t, 'POST', base, { token: responder.token, body: { urgency: 'low', contact_method_id: adminMethod.id } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].field).toBe('contact_method_id');
    const rules = (await rulesOf(responder.token, responder.userId)).body.notification_rules;
    expect(rules.map((r: { urgency: string; delay_minutes: number }) => `${r.urgency}+${r.delay_minutes}`)).toEqual(['high+0', 'high+5', 'low+0']);
    expect((await request(t, 'DELETE', `${base}/${rule.body.id}`, { token: responder.token })).status).toBe(204);
    expect((await request(t, 'DELETE', `${base}/${rule.body.id}`, { token: responder.token })).status).toBe(404);
    const actions = (await request(t, 'GET', '/api/v1/audit?limit=5', { token: admin.token })).body.entries.filter((e: { target_id: string }) => e.target_id === rule.body.id);
    expect(actions.map((e: { action: string }) => e.action)).toEqual(['notification_rule.delete', 'notification_rule.create']);
  });

  it('deletes the rules of a contact method with it', async () => {
    const methods = `/api/v1/users/${responder.userId}/contact-methods`;
    const method = await request(t, 'POST', methods, { token: responder.token, body: { type: 'email', address: 'temp@rita.example' } });
    await request(t, 'POST', `/api/v1/users/${responder.userId}/notification-rules`, { token: responder.token, body: { urgency: 'low', contact_method_id: method.body.id, delay_minutes: 30 } });
    await request(t, 'DELETE', `${methods}/${method.body.id}`, { token: responder.token });
    const rules = (await rulesOf(responder.token, responder.userId)).body.notification_rules;
    expect(rules.some((r: { contact_method_id: string }) => r.contact_method_id === method.body.id)).toBe(false);
  });

  it("lets an admin manage anyone's, refuses other users with 403 and hides other organisations' users with 404", async () => {
    const byAdmin = await request(t, 'POST', `/api/v1/users/${responder.userId}/contact-methods`, { token: admin.token, body: { type: 'email', address: 'set-by-admin@rita.example' } });
    expect(byAdmin.status).toBe(201);
    expect((await methodsOf(responder.token, admin.userId)).status).toBe(403);
    expect((await request(t, 'POST', `/api/v1/users/${admin.userId}/contact-methods`, { token: responder.token, body: { type: 'email', address: 'x@y.example' } })).status).toBe(403);
    expect((await rulesOf(responder.token, admin.userId)).status).toBe(403);
    expect((await methodsOf(admin.token, other.userId)).status).toBe(404);
    expect((await rulesOf(other.token, responder.userId)).status).toBe(404);
    const [method] = (await methodsOf(admin.token, admin.userId)).body.contact_methods;
    // The id of another user's contact method under one's own user: not found, not changed.
    expect((await request(t, 'PATCH', `/api/v1/users/${responder.userId}/contact-methods/${method.id}`, { token: responder.token, body: { label: 'mine now' } })).status).toBe(404);
    expect((await request(t, 'DELETE', `/api/v1/users/${other.userId}/contact-methods/${method.id}`, { token: other.token })).status).toBe(404);
    expect((await methodsOf(admin.token, admin.userId)).body.contact_methods[0].label).toBe('E-mail');
  });
});
