import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { movableClock } from '../movable-clock.ts';
import { addMember, userIdOf } from './oncall.helpers.ts';

type Member = Awaited<ReturnType<typeof addMember>>;
interface TimelineEntry {
  type: string;
  actor_type: string;
  actor_id: string | null;
  message: string;
}
interface Delivery {
  user: { id: string };
  level: number;
  loop: number;
  status: string;
}
interface AuditEntry {
  action: string;
  actor_type: string;
  actor_id: string;
  target_id: string;
  details: Record<string, unknown> | null;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const POLL = { timeout: 15_000, interval: 50 };

describeEachStore('escalating and reassigning incidents, and how escalations run', (kind) => {
  let t: TestVigil;
  const time = movableClock();
  beforeAll(async () => {
    t = await startVigil(kind, { clock: time.clock, env: { VIGIL_ENGINE_TICK_MS: '100' } });
  });
  afterAll(() => t?.stop());

  /** An organisation with three responders, a policy paging one of them per level, and a service on it. */
  async function team(options: { repeatCount?: number; delayMinutes?: number } = {}) {
    const org = await newOrganisation(t);
    const ada = await addMember(t, org.token, 'responder', 'Ada Level-One');
    const bob = await addMember(t, org.token, 'responder', 'Bob Level-Two');
    const cid = await addMember(t, org.token, 'responder', 'Cid Level-Three');
    const delay = options.delayMinutes ?? 30;
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', {
      token: org.token,
      body: { name: 'Three levels', repeat_count: options.repeatCount ?? 0, levels: [ada, bob, cid].map((member) => ({ delay_minutes: delay, targets: [{ type: 'user', id: member.id }] })) },
    });
    expect(policy.status).toBe(201);
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    expect((await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } })).status).toBe(200);
    return { org, ada, bob, cid, policyId: policy.body.id as string, serviceId, routingKey };
  }

  /** Triggers an alert; answers its incident's id once the engine has entered the policy's first level. */
  async function triggered(token: string, routingKey: string, dedupKey: string) {
    expect((await enqueue(t, triggerEvent(routingKey, dedupKey))).status).toBe(202);
    await t.settle();
    const listed = await request(t, 'GET', '/api/v1/incidents?limit=100', { token });
    const incident = listed.body.incidents.find((candidate: { title: string }) => candidate.title === `disk full on ${dedupKey}`);
    expect(incident, `an incident for ${dedupKey}`).toBeDefined();
    await expect.poll(async () => (await escalationOf(token, incident.id))?.level, POLL).toBe(1);
    return incident.id as string;
  }

  const escalationOf = async (token: string, id: string) => (await request(t, 'GET', `/api/v1/incidents/${id}/escalation`, { token })).body.escalation;
  const timelineOf = async (token: string, id: string) => (await request(t, 'GET', `/api/v1/incidents/${id}`, { token })).body.timeline as TimelineEntry[];
  const deliveriesOf = async (token: string, id: string) => (await request(t, 'GET', `/api/v1/incidents/${id}/notifications`, { token })).body.notifications as Delivery[];
  /** Who was paged, as `user@level/loop`, sorted. */
  const sentTo = async (token: string, id: string) =>
    (await deliveriesOf(token, id))
      .filter((delivery) => delivery.status === 'sent')
      .map((delivery) => `${delivery.user.id}@${delivery.level}/${delivery.loop}`)
      .sort();
  const at = (level: number, loop: number, member: { id: string }) => `${member.id}@${level}/${loop}`;
  const mailedTo = async (adminToken: string) => (await request(t, 'GET', '/api/v1/mail-outbox?limit=100', { token: adminToken })).body.mails.map((mail: { to: string }) => mail.to) as string[];
  const apiKeyIdOf = async (token: string) => (await request(t, 'GET', '/api/v1/api-keys', { token })).body.api_keys[0].id as string;
  const auditOf = async (adminToken: string, action: string) => ((await request(t, 'GET', '/api/v1/audit?limit=500', { token: adminToken })).body.entries as AuditEntry[]).filter((entry) => entry.action === action);
  const escalate = (token: string, id: string, body?: unknown) => request(t, 'POST', `/api/v1/incidents/${id}/escalate`, { token, ...(body !== undefined && { body }) });
  const reassign = (token: string, id: string, userIds: unknown[]) => request(t, 'POST', `/api/v1/incidents/${id}/reassign`, { token, body: { user_ids: userIds } });
  const steps = async (token: string, id: string) => (await timelineOf(token, id)).filter((entry) => entry.type === 'assigned' || entry.type === 'escalated' || entry.type === 'reassigned').map((entry) => entry.message);

  /** Moves time past a level's delay and waits until the engine has taken the incident to `level`/`loop`. */
  async function afterDelay(token: string, id: string, minutes: number, expected: { level: number; loop: number }) {
    time.advance(minutes * MINUTE + 1000);
    await expect.poll(async () => {
      const escalation = await escalationOf(token, id);
      return { level: escalation.level, loop: escalation.loop };
    }, POLL).toEqual(expected);
  }

  it('escalates to the next level and to a level named by number, paging its people, with the actor in the timeline and the audit log', async () => {
    const { org, ada, bob, cid, policyId, routingKey } = await team();
    const id = await triggered(org.token, routingKey, 'escalate-me');
    await expect.poll(() => sentTo(org.token, id), POLL).toEqual([at(1, 0, ada)]);

    const next = await escalate(bob.token, id);
    expect(next.status).toBe(200);
    expect(next.body.escalation).toMatchObject({ policy_id: policyId, status: 'active', level: 2, loop: 0, levels: 3, assignees: [{ id: bob.id, name: 'Bob Level-Two', email: bob.email }] });
    const untilNext = Date.parse(next.body.escalation.next_escalation_at) - time.clock.now().getTime();
    expect(untilNext).toBeGreaterThan(29 * MINUTE);
    expect(untilNext).toBeLessThanOrEqual(30 * MINUTE);
    await expect.poll(() => sentTo(org.token, id), POLL).toEqual([at(1, 0, ada), at(2, 0, bob)].sort());

    const third = await escalate(bob.token, id, { level: 3 });
    expect(third.status).toBe(200);
    expect(third.body.escalation).toMatchObject({ status: 'stopped', next_escalation_at: null, level: 3, loop: 0, assignees: [{ id: cid.id }] }); // the last step: nothing left to escalate to
    const first = await escalate(bob.token, id, { level: 1 });
    expect(first.status).toBe(200);
    expect(first.body.escalation).toMatchObject({ status: 'active', level: 1, assignees: [{ id: ada.id }] });
    await expect.poll(() => sentTo(org.token, id), POLL).toEqual([at(1, 0, ada), at(2, 0, bob), at(3, 0, cid), at(1, 0, ada)].sort());
    const mails = await mailedTo(org.token);
    expect(mails.filter((to) => to === ada.email)).toHaveLength(2);
    expect(mails.filter((to) => to === bob.email)).toHaveLength(1);
    expect(mails.filter((to) => to === cid.email)).toHaveLength(1);

    const keyId = await apiKeyIdOf(bob.token);
    const escalated = (await timelineOf(org.token, id)).filter((entry) => entry.type === 'escalated');
    expect(escalated).toEqual([
      expect.objectContaining({ actor_type: 'api_key', actor_id: keyId, message: 'Escalated to level 2: Bob Level-Two' }),
      expect.objectContaining({ actor_type: 'api_key', actor_id: keyId, message: 'Escalated to level 3: Cid Level-Three' }),
      expect.objectContaining({ actor_type: 'api_key', actor_id: keyId, message: 'Escalated to level 1: Ada Level-One' }),
    ]);
    const audited = await auditOf(org.token, 'incident.escalate');
    expect(audited.map((entry) => entry.details?.['level'])).toEqual([1, 3, 2]);
    for (const entry of audited) expect(entry).toMatchObject({ actor_type: 'api_key', actor_id: keyId, target_id: id });
  });

  it('refuses a level the policy does not have (400 naming level), observers (403), another organisation (404) and an acknowledged incident (409)', async () => {
    const { org, ada, bob, routingKey } = await team();
    const id = await triggered(org.token, routingKey, 'refuse-me');
    for (const level of [4, 0, 21, 1.5, 'two']) {
      const refused = await escalate(org.token, id, { level });
      expect(refused.status, `level ${level}`).toBe(400);
      expect(refused.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['level']);
    }
    expect((await escalate(org.token, id, { level: 2, extra: true })).status).toBe(400);
    expect((await request(t, 'POST', '/api/v1/incidents/not-a-uuid/escalate', { token: org.token })).status).toBe(400);

    const observer = await addMember(t, org.token, 'observer', 'Olga Observer');
    expect((await escalate(observer.token, id)).status).toBe(403);
    expect((await reassign(observer.token, id, [bob.id])).status).toBe(403);
    expect((await request(t, 'GET', `/api/v1/incidents/${id}/escalation`, { token: observer.token })).status).toBe(200);

    const stranger = await newOrganisation(t);
    const strangerId = await userIdOf(t, stranger.token);
    expect((await escalate(stranger.token, id)).status).toBe(404);
    expect((await escalate(stranger.token, id, { level: 2 })).status).toBe(404);
    expect((await reassign(stranger.token, id, [strangerId])).status).toBe(404);
    expect((await request(t, 'GET', `/api/v1/incidents/${id}/escalation`, { token: stranger.token })).status).toBe(404);
    expect((await escalate(org.token, randomUUID())).status).toBe(404);

    // None of that moved it or reached the audit log.
    expect(await escalationOf(org.token, id)).toMatchObject({ level: 1, status: 'active', assignees: [{ id: ada.id }] });
    expect(await auditOf(org.token, 'incident.escalate')).toEqual([]);
    expect(await auditOf(org.token, 'incident.reassign')).toEqual([]);

    expect((await request(t, 'POST', `/api/v1/incidents/${id}/acknowledge`, { token: org.token })).status).toBe(200);
    const acknowledged = await escalate(org.token, id);
    expect(acknowledged.status).toBe(409);
    expect(acknowledged.body.error.message).toContain('acknowledged');
    expect((await escalate(org.token, id, { level: 2 })).status).toBe(409);
    expect((await reassign(org.token, id, [bob.id])).status).toBe(409);
    expect((await request(t, 'POST', `/api/v1/incidents/${id}/resolve`, { token: org.token })).status).toBe(200);
    expect((await escalate(org.token, id, { level: 2 })).status).toBe(409);
    expect(await escalationOf(org.token, id)).toMatchObject({ level: 1, status: 'stopped', next_escalation_at: null, assignees: [{ id: ada.id }] });
  });

  it('answers 422 for an incident whose service has no policy, and starts on the policy once the service has one', async () => {
    const { org, ada, bob, policyId } = await team();
    const bare = await request(t, 'POST', '/api/v1/services', { token: org.token, body: { name: 'No policy' } });
    const opened = await request(t, 'POST', '/api/v1/incidents', { token: org.token, body: { service_id: bare.body.id, title: 'Opened by hand' } });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    await t.vigil.engine.settle();
    expect(await escalationOf(org.token, id)).toBeNull();

    const refused = await escalate(org.token, id);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('no escalation policy');
    expect((await escalate(org.token, id, { level: 1 })).status).toBe(422);
    expect(await escalationOf(org.token, id)).toBeNull();

    expect((await request(t, 'PATCH', `/api/v1/services/${bare.body.id}`, { token: org.token, body: { escalation_policy_id: policyId } })).status).toBe(200);
    const started = await escalate(org.token, id);
    expect(started.status).toBe(200);
    expect(started.body.escalation).toMatchObject({ policy_id: policyId, status: 'active', level: 1, loop: 0, assignees: [{ id: ada.id }] });
    await expect.poll(() => sentTo(org.token, id), POLL).toEqual([at(1, 0, ada)]);
    expect((await escalate(org.token, id)).body.escalation).toMatchObject({ level: 2, assignees: [{ id: bob.id }] });
  });

  it('reassigns to the given users: the escalation stops, they are paged, the timeline and the audit log say so', async () => {
    const { org, ada, bob, cid, routingKey } = await team({ delayMinutes: 5 });
    const id = await triggered(org.token, routingKey, 'reassign-me');
    await expect.poll(() => sentTo(org.token, id), POLL).toEqual([at(1, 0, ada)]);

    const unknown = await reassign(org.token, id, [cid.id, randomUUID()]);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ field: 'user_ids.1', message: 'is not a user of this organisation' }]);
    const stranger = await userIdOf(t, (await newOrganisation(t)).token);
    const foreign = await reassign(org.token, id, [cid.id, cid.id, stranger]);
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.details).toEqual([{ field: 'user_ids.2', message: 'is not a user of this organisation' }]);
    expect((await reassign(org.token, id, [])).status).toBe(400);
    expect((await reassign(org.token, id, ['not-a-uuid'])).body.error.details[0].field).toBe('user_ids.0');
    expect(await escalationOf(org.token, id)).toMatchObject({ status: 'active', assignees: [{ id: ada.id }] });

    const done = await reassign(bob.token, id, [cid.id, bob.id, cid.id]);
    expect(done.status).toBe(200);
    expect(done.body.escalation).toMatchObject({
      status: 'stopped',
      next_escalation_at: null,
      assignees: [
        { id: cid.id, name: 'Cid Level-Three', email: cid.email },
        { id: bob.id, name: 'Bob Level-Two', email: bob.email },
      ],
    });
    await expect.poll(() => sentTo(org.token, id), POLL).toEqual([at(1, 0, ada), at(1, 0, bob), at(1, 0, cid)].sort());
    expect(await mailedTo(org.token)).toEqual(expect.arrayContaining([bob.email, cid.email]));

    const keyId = await apiKeyIdOf(bob.token);
    expect((await timelineOf(org.token, id)).filter((entry) => entry.type === 'reassigned')).toEqual([
      expect.objectContaining({ actor_type: 'api_key', actor_id: keyId, message: 'Reassigned to Cid Level-Three, Bob Level-Two' }),
    ]);
    expect(await auditOf(org.token, 'incident.reassign')).toEqual([expect.objectContaining({ actor_type: 'api_key', actor_id: keyId, target_id: id, details: { user_ids: [cid.id, bob.id] } })]);

    // The policy no longer moves it on.
    time.advance(30 * MINUTE);
    await t.vigil.engine.settle();
    expect(await escalationOf(org.token, id)).toMatchObject({ status: 'stopped', next_escalation_at: null, assignees: [{ id: cid.id }, { id: bob.id }] });
    expect(await steps(org.token, id)).toEqual(['Assigned to Ada Level-One (level 1)', 'Reassigned to Cid Level-Three, Bob Level-Two']);

    // Escalating by hand puts it back on the policy.
    const back = await escalate(org.token, id, { level: 2 });
    expect(back.status).toBe(200);
    expect(back.body.escalation).toMatchObject({ status: 'active', level: 2, assignees: [{ id: bob.id }] });
    expect(back.body.escalation.next_escalation_at).not.toBeNull();
  });

  it("calls off reminders still scheduled for the previous assignees when reassigning; the new assignees' rules start over", async () => {
    const { org, ada, bob, routingKey } = await team();
    const reminderFor = async (member: Member, minutes: number) => {
      const methods = await request(t, 'GET', `/api/v1/users/${member.id}/contact-methods`, { token: org.token });
      const rule = await request(t, 'POST', `/api/v1/users/${member.id}/notification-rules`, { token: org.token, body: { urgency: 'high', contact_method_id: methods.body.contact_methods[0].id, delay_minutes: minutes } });
      expect(rule.status).toBe(201);
    };
    await reminderFor(ada, 10);
    await reminderFor(bob, 15);
    const id = await triggered(org.token, routingKey, 'remind-me');
    const statuses = async () =>
      (await deliveriesOf(org.token, id)).map((delivery) => `${delivery.user.id === ada.id ? 'ada' : delivery.user.id === bob.id ? 'bob' : delivery.user.id}:${delivery.status}`).sort();
    await expect.poll(statuses, POLL).toEqual(['ada:scheduled', 'ada:sent']);

    expect((await reassign(org.token, id, [bob.id])).status).toBe(200);
    await expect.poll(statuses, POLL).toEqual(['ada:cancelled', 'ada:sent', 'bob:scheduled', 'bob:sent']);
    // Reassigning to someone already paged starts their rules over rather than adding to what is scheduled.
    expect((await reassign(org.token, id, [bob.id])).status).toBe(200);
    await expect.poll(statuses, POLL).toEqual(['ada:cancelled', 'ada:sent', 'bob:cancelled', 'bob:scheduled', 'bob:sent', 'bob:sent']);
  });

  it("calls off the reminders of the level left behind when the incident escalates; what was due already went out", async () => {
    const { org, ada, routingKey } = await team({ delayMinutes: 5 });
    const methods = await request(t, 'GET', `/api/v1/users/${ada.id}/contact-methods`, { token: org.token });
    const rule = await request(t, 'POST', `/api/v1/users/${ada.id}/notification-rules`, { token: org.token, body: { urgency: 'high', contact_method_id: methods.body.contact_methods[0].id, delay_minutes: 10 } });
    expect(rule.status).toBe(201);
    const id = await triggered(org.token, routingKey, 'escalate-past-reminder');
    const adaStatuses = async () => (await deliveriesOf(org.token, id)).filter((delivery) => delivery.user.id === ada.id).map((delivery) => delivery.status).sort();
    await expect.poll(adaStatuses, POLL).toEqual(['scheduled', 'sent']);
    await afterDelay(org.token, id, 5, { level: 2, loop: 0 });
    await expect.poll(adaStatuses, POLL).toEqual(['cancelled', 'sent']);
  });

  it('reassigns an incident that never had an escalation', async () => {
    const { org, bob } = await team();
    const bare = await request(t, 'POST', '/api/v1/services', { token: org.token, body: { name: 'No policy' } });
    const id = (await request(t, 'POST', '/api/v1/incidents', { token: org.token, body: { service_id: bare.body.id, title: 'Nobody paged' } })).body.id as string;
    const done = await reassign(org.token, id, [bob.id]);
    expect(done.status).toBe(200);
    expect(done.body.escalation).toMatchObject({ policy_id: null, status: 'stopped', next_escalation_at: null, assignees: [{ id: bob.id }] });
    await expect.poll(() => sentTo(org.token, id), POLL).toEqual([at(1, 0, bob)]);
    expect((await escalate(org.token, id)).status).toBe(422);
  });

  it('keeps a running escalation on the levels it started with when the policy is edited; new incidents use the edit', async () => {
    const { org, ada, bob, cid, policyId, routingKey } = await team({ delayMinutes: 5 });
    const before = await triggered(org.token, routingKey, 'before-the-edit');
    const levels = [ada, cid, cid].map((member) => ({ delay_minutes: 5, targets: [{ type: 'user', id: member.id }] }));
    const edited = await request(t, 'PATCH', `/api/v1/escalation-policies/${policyId}`, { token: org.token, body: { levels } });
    expect(edited.status).toBe(200);
    expect(edited.body.levels[1].targets).toEqual([{ type: 'user', id: cid.id }]);

    await afterDelay(org.token, before, 5, { level: 2, loop: 0 });
    expect((await escalationOf(org.token, before)).assignees).toEqual([expect.objectContaining({ id: bob.id })]);
    await expect.poll(() => sentTo(org.token, before), POLL).toEqual([at(1, 0, ada), at(2, 0, bob)].sort());

    const after = await triggered(org.token, routingKey, 'after-the-edit');
    await afterDelay(org.token, after, 5, { level: 2, loop: 0 });
    expect((await escalationOf(org.token, after)).assignees).toEqual([expect.objectContaining({ id: cid.id })]);
    await expect.poll(() => sentTo(org.token, after), POLL).toEqual([at(1, 0, ada), at(2, 0, cid)].sort());
    // The first one went on to its own third level meanwhile: Cid, as it was before the edit too.
    await expect.poll(() => steps(org.token, before), POLL).toEqual(['Assigned to Ada Level-One (level 1)', 'Escalated to level 2: Bob Level-Two', 'Escalated to level 3: Cid Level-Three']);
  });

  it('runs the policy repeat_count more times, each step once, then stays with the last level', async () => {
    const org = await newOrganisation(t);
    const ada = await addMember(t, org.token, 'responder', 'Ada');
    const bob = await addMember(t, org.token, 'responder', 'Bob');
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', {
      token: org.token,
      body: { name: 'Twice', repeat_count: 1, levels: [ada, bob].map((member) => ({ delay_minutes: 5, targets: [{ type: 'user', id: member.id }] })) },
    });
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } });

    const id = await triggered(org.token, routingKey, 'loop-me');
    expect(await escalationOf(org.token, id)).toMatchObject({ level: 1, loop: 0, levels: 2, status: 'active' });
    await afterDelay(org.token, id, 5, { level: 2, loop: 0 });
    await afterDelay(org.token, id, 5, { level: 1, loop: 1 });
    await afterDelay(org.token, id, 5, { level: 2, loop: 1 });
    expect(await escalationOf(org.token, id)).toMatchObject({ next_escalation_at: null, assignees: [{ id: bob.id }] });

    time.advance(60 * MINUTE);
    await t.vigil.engine.settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await t.vigil.engine.settle();
    expect(await escalationOf(org.token, id)).toMatchObject({ level: 2, loop: 1, next_escalation_at: null });
    expect(await steps(org.token, id)).toEqual(['Assigned to Ada (level 1)', 'Escalated to level 2: Bob', 'Escalated to level 1, repeat 1: Ada', 'Escalated to level 2, repeat 1: Bob']);
    await expect.poll(() => sentTo(org.token, id), POLL).toEqual([at(1, 0, ada), at(2, 0, bob), at(1, 1, ada), at(2, 1, bob)].sort());
    expect(await deliveriesOf(org.token, id)).toHaveLength(4);
  });

  it('pages whoever is on call in a schedule target at that moment', async () => {
    const org = await newOrganisation(t);
    const ada = await addMember(t, org.token, 'responder', 'Ada Weekly');
    const bob = await addMember(t, org.token, 'responder', 'Bob Weekly');
    const lead = await addMember(t, org.token, 'responder', 'Lea Lead');
    // Weekly handoffs at midnight UTC, the first three to four days ago: Ada's week now, Bob's in seven days.
    const now = time.clock.now();
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 3 * DAY);
    const schedule = await request(t, 'POST', '/api/v1/schedules', {
      token: org.token,
      body: { name: 'Weekly', time_zone: 'UTC', layers: [{ name: 'Rota', start: start.toISOString(), rotation: { kind: 'weekly' }, handoff_time: '00:00', users: [ada.id, bob.id] }] },
    });
    expect(schedule.status).toBe(201);
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', {
      token: org.token,
      body: {
        name: 'Rota first',
        levels: [
          { delay_minutes: 10, targets: [{ type: 'user', id: lead.id }] },
          { delay_minutes: 10, targets: [{ type: 'schedule', id: schedule.body.id }] },
        ],
      },
    });
    expect(policy.status).toBe(201);
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } });

    const first = await triggered(org.token, routingKey, 'this-week');
    await afterDelay(org.token, first, 10, { level: 2, loop: 0 });
    expect((await escalationOf(org.token, first)).assignees).toEqual([{ id: ada.id, name: 'Ada Weekly', email: ada.email }]);
    await expect.poll(() => sentTo(org.token, first), POLL).toEqual([at(1, 0, lead), at(2, 0, ada)].sort());
    expect(await steps(org.token, first)).toEqual(['Assigned to Lea Lead (level 1)', 'Escalated to level 2: Ada Weekly']);

    // A week later it is Bob's turn: the same level pages him, by hand as by the engine.
    time.advance(7 * DAY);
    const second = await triggered(org.token, routingKey, 'next-week');
    const byHand = await escalate(org.token, second, { level: 2 });
    expect(byHand.body.escalation).toMatchObject({ level: 2, assignees: [{ id: bob.id, name: 'Bob Weekly', email: bob.email }] });
    await expect.poll(() => sentTo(org.token, second), POLL).toEqual([at(1, 0, lead), at(2, 0, bob)].sort());
    const third = await triggered(org.token, routingKey, 'next-week-too');
    await afterDelay(org.token, third, 10, { level: 2, loop: 0 });
    expect((await escalationOf(org.token, third)).assignees).toEqual([expect.objectContaining({ id: bob.id })]);

    // An override on top wins.
    const override = await request(t, 'POST', `/api/v1/schedules/${schedule.body.id}/overrides`, {
      token: org.token,
      body: { user_id: lead.id, start: new Date(time.clock.now().getTime() - MINUTE).toISOString(), end: new Date(time.clock.now().getTime() + DAY).toISOString() },
    });
    expect(override.status).toBe(201);
    const fourth = await triggered(org.token, routingKey, 'overridden');
    expect((await escalate(org.token, fourth, { level: 2 })).body.escalation.assignees).toEqual([expect.objectContaining({ id: lead.id })]);
  });
});
