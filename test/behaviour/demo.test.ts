import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notifications } from '../../src/modules/notify/notify.tables.ts';
import { incidentEscalations } from '../../src/modules/oncall/oncall.tables.ts';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { addMember, auditActions } from './oncall.helpers.ts';

interface Incident {
  id: string;
  number: number;
  status: string;
  service_id: string;
  created_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
}

async function allIncidents(t: TestVigil, token: string): Promise<Incident[]> {
  const found: Incident[] = [];
  let cursor: string | null = null;
  do {
    const page = await request(t, 'GET', `/api/v1/incidents?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(page.status).toBe(200);
    found.push(...page.body.incidents);
    cursor = page.body.next_cursor;
  } while (cursor);
  return found;
}

describeEachStore('demo data (POST /api/v1/demo)', (kind) => {
  let t: TestVigil;
  let org: Awaited<ReturnType<typeof newOrganisation>>;
  let seeded: Awaited<ReturnType<typeof request>>;
  let incidents: Incident[];

  beforeAll(async () => {
    t = await startVigil(kind);
    org = await newOrganisation(t);
    const seeding = request(t, 'POST', '/api/v1/demo', { token: org.token });
    let done = false;
    void seeding.finally(() => (done = true));
    // A dashboard polling the overview while the demo is written: what it caches meanwhile must not outlive the seeding.
    while (!done) {
      await request(t, 'GET', '/api/v1/analytics/overview', { token: org.token });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    seeded = await seeding;
    incidents = await allIncidents(t, org.token);
  }, 180_000);
  afterAll(() => t.stop());

  it('seeds the caller’s organisation and says what it made', () => {
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(201);
    expect(seeded.body).toMatchObject({ services: 6, users: 8, schedules: 3, escalation_policies: 3 });
    expect(seeded.body.incidents).toBe(incidents.length);
    expect(incidents.length).toBeGreaterThanOrEqual(60);
    expect(incidents.length).toBeLessThanOrEqual(150);
  });

  it('shows every demo incident in the overview as soon as the seeding answers', async () => {
    const overview = await request(t, 'GET', '/api/v1/analytics/overview', { token: org.token });
    expect(overview.body.open.total).toBe(3);
    expect(overview.body.totals.incidents).toBe(incidents.length);
  });

  it('has three weeks of resolved incidents, numbered in the order they happened, and a few still open', () => {
    const byStatus = (status: string) => incidents.filter((incident) => incident.status === status);
    expect(byStatus('triggered')).toHaveLength(1);
    expect(byStatus('acknowledged')).toHaveLength(2);
    const resolved = byStatus('resolved');
    expect(resolved.length).toBeGreaterThanOrEqual(57);
    const now = Date.now();
    const oldest = Math.min(...incidents.map((incident) => Date.parse(incident.created_at)));
    expect(now - oldest).toBeGreaterThan(18 * 86_400_000);
    for (const incident of resolved) {
      expect(Date.parse(incident.resolved_at!)).toBeLessThan(now);
      if (incident.acknowledged_at) expect(Date.parse(incident.acknowledged_at)).toBeLessThanOrEqual(Date.parse(incident.resolved_at!));
      expect(Date.parse(incident.created_at)).toBeLessThan(Date.parse(incident.resolved_at!));
    }
    const chronological = [...incidents].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at)).map((incident) => incident.number);
    expect(chronological).toEqual([...chronological].sort((a, b) => a - b));
    expect(new Set(incidents.map((incident) => new Date(incident.created_at).toISOString().slice(0, 10))).size).toBeGreaterThanOrEqual(18);
  });

  it('has timelines with acknowledgements, notes and resolutions by the demo people', async () => {
    const users = (await request(t, 'GET', '/api/v1/users', { token: org.token })).body.users as Array<{ id: string; email: string }>;
    expect(users).toHaveLength(9);
    const people = new Set(users.map((user) => user.id));
    const actors = new Set<string>();
    let notes = 0;
    for (const incident of incidents.filter((i) => i.status === 'resolved').slice(0, 25)) {
      const detail = await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token });
      const timeline = detail.body.timeline as Array<{ type: string; actor_type: string; actor_id: string }>;
      expect(timeline[0]).toMatchObject({ type: 'triggered', actor_type: 'user' });
      const resolution = timeline.find((entry) => entry.type === 'resolved');
      expect(resolution).toMatchObject({ actor_type: 'user' });
      if (incident.acknowledged_at) expect(timeline.find((entry) => entry.type === 'acknowledged')).toMatchObject({ actor_type: 'user' });
      for (const entry of timeline) {
        expect(people.has(entry.actor_id)).toBe(true);
        actors.add(entry.actor_id);
      }
      notes += timeline.filter((entry) => entry.type === 'note').length;
    }
    expect(actors.size).toBeGreaterThanOrEqual(3);
    expect(notes).toBeGreaterThan(0);
  });

  it('gives every service an integration and an escalation policy, and Search its maintenance windows', async () => {
    const services = (await request(t, 'GET', '/api/v1/services?limit=100', { token: org.token })).body.services as Array<{ id: string; name: string; escalation_policy_id: string | null }>;
    const policies = (await request(t, 'GET', '/api/v1/escalation-policies?limit=100', { token: org.token })).body.escalation_policies as Array<{ id: string; levels: unknown[] }>;
    expect(services.map((service) => service.name).sort()).toEqual(['Checkout API', 'Customer Notifications', 'Data Pipeline', 'Identity & Login', 'Payments', 'Search']);
    expect(policies.every((policy) => policy.levels.length >= 2)).toBe(true);
    for (const service of services) {
      expect(policies.map((policy) => policy.id)).toContain(service.escalation_policy_id);
      const integrations = await request(t, 'GET', `/api/v1/services/${service.id}/integrations`, { token: org.token });
      expect(integrations.body.integrations.length).toBeGreaterThanOrEqual(1);
    }
    const search = services.find((service) => service.name === 'Search')!;
    const windows = await request(t, 'GET', `/api/v1/services/${search.id}/maintenance-windows`, { token: org.token });
    expect(windows.body.maintenance_windows).toHaveLength(2);
    const upcoming = await request(t, 'GET', `/api/v1/services/${search.id}/maintenance-windows?ongoing_or_future=true`, { token: org.token });
    expect(upcoming.body.maintenance_windows).toHaveLength(1);
  });

  it('has schedules with someone on call now, an override, and on-call answers for every policy', async () => {
    const schedules = (await request(t, 'GET', '/api/v1/schedules?limit=100', { token: org.token })).body.schedules as Array<{ id: string; name: string; time_zone: string }>;
    expect(schedules.map((schedule) => schedule.time_zone).sort()).toEqual(['America/New_York', 'Europe/Berlin', 'UTC']);
    for (const name of ['Platform Primary', 'Follow the Sun']) {
      const schedule = schedules.find((s) => s.name === name)!;
      const oncall = await request(t, 'GET', `/api/v1/schedules/${schedule.id}/oncall`, { token: org.token });
      expect(oncall.body.users, name).toHaveLength(1);
      const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
      const until = new Date().toISOString();
      const rendered = await request(t, 'GET', `/api/v1/schedules/${schedule.id}/render?since=${since}&until=${until}`, { token: org.token });
      expect(rendered.status).toBe(200);
      expect(new Set(rendered.body.final.map((entry: { user: { id: string } }) => entry.user.id)).size).toBeGreaterThanOrEqual(2);
    }
    const primary = schedules.find((s) => s.name === 'Platform Primary')!;
    const overrides = await request(t, 'GET', `/api/v1/schedules/${primary.id}/overrides`, { token: org.token });
    expect(overrides.body.overrides).toHaveLength(1);
    const oncalls = await request(t, 'GET', '/api/v1/oncalls', { token: org.token });
    const policiesOnCall = new Set(oncalls.body.oncalls.map((entry: { escalation_policy: { id: string } }) => entry.escalation_policy.id));
    expect(policiesOnCall.size).toBe(3);
  });

  it('pages nobody for the past: only the incident triggered now escalates, and only it has notifications', async () => {
    const triggered = incidents.find((incident) => incident.status === 'triggered')!;
    await expect
      .poll(async () => (await request(t, 'GET', `/api/v1/incidents/${triggered.id}`, { token: org.token })).body.timeline.map((entry: { type: string }) => entry.type), { timeout: 15_000 })
      .toContain('assigned');
    const db = t.vigil.deps.store.db;
    const escalations = await db.select().from(incidentEscalations).where(eq(incidentEscalations.orgId, org.orgId));
    expect(escalations.map((row) => row.incidentId)).toEqual([triggered.id]);
    const paged = await db.select().from(notifications).where(eq(notifications.orgId, org.orgId));
    expect(paged.length).toBeGreaterThanOrEqual(1);
    expect(new Set(paged.map((row) => row.incidentId))).toEqual(new Set([triggered.id]));
    expect(paged.every((row) => row.address.endsWith('.example'))).toBe(true);
    const others = incidents.filter((incident) => incident.id !== triggered.id).map((incident) => incident.id);
    expect(await db.select().from(notifications).where(and(eq(notifications.orgId, org.orgId), inArray(notifications.incidentId, others)))).toEqual([]);
    const mails = await request(t, 'GET', '/api/v1/mail-outbox?limit=100', { token: org.token });
    for (const mail of mails.body.mails) expect(mail.headers['X-Vigil-Incident-Id']).toBe(triggered.id);
  });

  it('is in the audit log, with the commands’ own entries', async () => {
    const actions = await auditActions(t, org.token);
    expect(actions[0]).toBe('demo.seeded');
    expect(actions).toEqual(expect.arrayContaining(['service.create', 'user.create', 'schedule.create', 'escalation_policy.create', 'incident.create', 'incident.resolve']));
  });

  it('answers 409 a second time, 403 to a responder, 400 to a bad seed', async () => {
    const again = await request(t, 'POST', '/api/v1/demo', { token: org.token });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/has services already/);
    const responder = await addMember(t, org.token, 'responder');
    expect((await request(t, 'POST', '/api/v1/demo', { token: responder.token })).status).toBe(403);
    const bad = await request(t, 'POST', '/api/v1/demo', { token: org.token, body: { seed: -1 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('seed');
  });

  it('is invisible to another organisation, which can seed a demo of its own (once, even when asked twice at once)', async () => {
    const other = await newOrganisation(t);
    for (const path of ['/api/v1/services', '/api/v1/incidents', '/api/v1/schedules', '/api/v1/escalation-policies']) {
      const list = await request(t, 'GET', path, { token: other.token });
      expect(Object.values(list.body).find(Array.isArray), path).toEqual([]);
    }
    expect((await request(t, 'GET', `/api/v1/incidents/${incidents[0]!.id}`, { token: other.token })).status).toBe(404);
    const both = await Promise.all([1, 2].map(() => request(t, 'POST', '/api/v1/demo', { token: other.token, body: { seed: 7 } })));
    expect(both.map((response) => response.status).sort()).toEqual([201, 409]);
    const emails = (await request(t, 'GET', '/api/v1/users', { token: other.token })).body.users.map((user: { email: string }) => user.email);
    expect(emails.filter((email: string) => email.endsWith('.example'))).toHaveLength(8);
    expect(emails.some((email: string) => email.endsWith('@acme.example'))).toBe(false);
  }, 180_000);
});
