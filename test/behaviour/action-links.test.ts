import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditLog } from '../../src/modules/audit/audit.tables.ts';
import { ActionLinks, actionLinkKey, type LinkAction } from '../../src/modules/notify/action-links.ts';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { triggeredIncident, userIdOf } from '../notify-fixtures.ts';

const password = 'correct horse battery staple';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachStore('one-click action links', (kind) => {
  let t: TestVigil;
  let links: ActionLinks;
  let offsetMs = 0;
  let org: { token: string; orgId: string; userId: string };

  beforeAll(async () => {
    t = await startVigil(kind, { env: { VIGIL_PUBLIC_URL: 'https://vigil.example.com' }, clock: { now: () => new Date(Date.now() + offsetMs) } });
    // A second signer, as another process would have: it must agree on the installation's key.
    links = new ActionLinks(actionLinkKey(t.vigil.deps.store, t.vigil.deps.clock), t.vigil.deps.clock);
    const created = await newOrganisation(t);
    org = { ...created, userId: await userIdOf(t, created.token) };
  });
  afterAll(() => t.stop());

  const link = async (incidentId: string, action: LinkAction, who = org) => `/actions/${await links.sign({ org: who.orgId, incident: incidentId, user: who.userId, action })}`;
  const statusOf = async (id: string) => (await request(t, 'GET', `/api/v1/incidents/${id}`, { token: org.token })).body.status as string;

  it('shows the incident on GET without changing it, in a page that fetches nothing and leaks no token', async () => {
    const incident = await triggeredIncident(t, org.token, 'Queue <backlog> & "lag"');
    for (let i = 0; i < 3; i += 1) {
      const url = await link(incident.id, 'acknowledge');
      const page = await t.http.inject({ method: 'GET', url });
      expect(page.body).not.toContain(url.slice('/actions/'.length));
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain('Queue &lt;backlog&gt; &amp; &quot;lag&quot;');
      expect(page.body).toMatch(/<form method="post"><button type="submit"[^>]*>Acknowledge incident #\d+<\/button><\/form>/);
      expect(page.body).not.toMatch(/<(script|link|img)\b|src=|@import/);
    }
    expect(await statusOf(incident.id)).toBe('triggered');
  });

  it('acknowledges on POST as the user of the link: status, timeline and audit, then says it is done already', async () => {
    const incident = await triggeredIncident(t, org.token);
    const url = await link(incident.id, 'acknowledge');
    const done = await t.http.inject({ method: 'POST', url, headers: form, payload: '', remoteAddress: '203.0.113.7' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Done: you acknowledged it.');
    const detail = (await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token })).body;
    expect(detail.status).toBe('acknowledged');
    expect(detail.timeline.find((e: { type: string }) => e.type === 'acknowledged')).toMatchObject({ actor_type: 'user', actor_id: org.userId });
    const [audit] = await t.vigil.deps.store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, incident.id), eq(auditLog.action, 'incident.acknowledge')))
      .orderBy(desc(auditLog.id));
    expect(audit).toMatchObject({ actorType: 'user', actorId: org.userId, ip: '203.0.113.7', orgId: org.orgId });

    const again = await t.http.inject({ method: 'POST', url, headers: form, payload: '' });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('already acknowledged');
    const resolved = await t.http.inject({ method: 'POST', url: await link(incident.id, 'resolve') });
    expect(resolved.statusCode).toBe(200);
    expect(await statusOf(incident.id)).toBe('resolved');
    // Acknowledging a resolved incident: nothing to do, said plainly.
    const late = await t.http.inject({ method: 'GET', url });
    expect(late.statusCode).toBe(200);
    expect(late.body).toContain('already resolved');
    expect(late.body).not.toContain('<form');
  });

  it('answers 410 for an expired link and 400 for a tampered or malformed one, changing nothing', async () => {
    const incident = await triggeredIncident(t, org.token);
    const url = await link(incident.id, 'acknowledge');
    offsetMs = 25 * 3600_000;
    try {
      const expired = await t.http.inject({ method: 'POST', url, headers: form, payload: '' });
      expect(expired.statusCode).toBe(410);
      expect(expired.body).toContain('This link has expired');
      expect((await t.http.inject({ method: 'GET', url })).statusCode).toBe(410);
    } finally {
      offsetMs = 0;
    }
    const [header, payload, signature] = url.slice('/actions/'.length).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, action: 'resolve' })).toString('base64url');
    for (const bad of [`/actions/${header}.${forged}.${signature}`, `/actions/${header}.${payload}.${signature!.slice(0, -2)}`, '/actions/not-a-token', `/actions/${'a'.repeat(3000)}`]) {
      const refused = await t.http.inject({ method: 'POST', url: bad, headers: form, payload: '' });
      expect(refused.statusCode, bad.slice(0, 40)).toBe(400);
      expect(refused.body).toContain('This link is not valid');
    }
    expect(await statusOf(incident.id)).toBe('triggered');
  });

  it('cannot touch another organisation’s incident, even with a link signed for a user of that organisation', async () => {
    const incident = await triggeredIncident(t, org.token);
    const stranger = await newOrganisation(t);
    const strangerLink = await link(incident.id, 'resolve', { ...stranger, userId: await userIdOf(t, stranger.token) });
    expect((await t.http.inject({ method: 'GET', url: strangerLink })).statusCode).toBe(404);
    expect((await t.http.inject({ method: 'POST', url: strangerLink })).statusCode).toBe(404);
    // Claims mixing the organisation with a user of another one do not work either.
    const mixed = `/actions/${await links.sign({ org: org.orgId, incident: incident.id, user: await userIdOf(t, stranger.token), action: 'resolve' })}`;
    expect((await t.http.inject({ method: 'POST', url: mixed })).statusCode).toBe(404);
    expect(await statusOf(incident.id)).toBe('triggered');
  });

  it('acts with the user’s current role: an observer’s link is refused with 403', async () => {
    const created = await request(t, 'POST', '/api/v1/users', { token: org.token, body: { email: 'owen.observer@example.com', name: 'Owen', role: 'observer', password } });
    const incident = await triggeredIncident(t, org.token);
    const url = await link(incident.id, 'acknowledge', { ...org, userId: created.body.user.id });
    const refused = await t.http.inject({ method: 'POST', url, headers: form, payload: '' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You cannot acknowledge incidents');
    expect(await statusOf(incident.id)).toBe('triggered');
  });

  it('keeps the rest of the app JSON-only: a form body elsewhere is still refused with 415', async () => {
    const response = await request(t, 'POST', '/api/v1/services', { token: org.token, headers: form, rawBody: 'name=x' });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported_media_type');
  });
});
