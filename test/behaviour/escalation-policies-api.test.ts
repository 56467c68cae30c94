import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { namedOnCall, onCallIn, peopleToPage } from '../../src/modules/oncall/level-targets.ts';
import type { Executor } from '../../src/ports/store.ts';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { addMember, auditActions, dailyLayer, handClock, userIdOf } from './oncall.helpers.ts';

const idsOf = (users: Array<{ id: string }>) => users.map((user) => user.id);

describeEachStore('escalation policies and who is on call', (kind) => {
  let t: TestVigil;
  // Sunday 2026-10-25, 10:30 in Berlin, the first day of winter time: the third person's 25-hour shift ended at 09:00.
  const clock = handClock('2026-10-25T09:30:00Z');
  let admin: string;
  let orgId: string;
  let adminId: string;
  let responder: Awaited<ReturnType<typeof addMember>>;
  let observer: Awaited<ReturnType<typeof addMember>>;
  let carl: Awaited<ReturnType<typeof addMember>>;
  let scheduleId: string;
  beforeAll(async () => {
    t = await startVigil(kind, { clock });
    ({ token: admin, orgId } = await newOrganisation(t));
    adminId = await userIdOf(t, admin);
    responder = await addMember(t, admin, 'responder', 'Rosa Responder');
    observer = await addMember(t, admin, 'observer', 'Otto Observer');
    carl = await addMember(t, admin, 'responder', 'Carl Third');
    const schedule = await request(t, 'POST', '/api/v1/schedules', { token: admin, body: { name: 'Primary', time_zone: 'Europe/Berlin', layers: [dailyLayer([responder.id, observer.id, carl.id])] } });
    scheduleId = schedule.body.id;
  });
  afterAll(() => t.stop());

  const create = (body: Record<string, unknown>, token = admin) => request(t, 'POST', '/api/v1/escalation-policies', { token, body });
  const twoLevels = () => [
    { delay_minutes: 15, targets: [{ type: 'schedule', id: scheduleId }] },
    { delay_minutes: 30, targets: [{ type: 'user', id: adminId }, { type: 'user', id: carl.id }] },
  ];

  it('creates, reads, lists, changes and deletes a policy, and audits each change', async () => {
    const created = await create({ name: 'Payments', description: 'Checkout and billing', repeat_count: 2, levels: twoLevels() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Payments', description: 'Checkout and billing', repeat_count: 2, levels: twoLevels() });
    const id = created.body.id as string;
    expect((await request(t, 'GET', `/api/v1/escalation-policies/${id}`, { token: observer.token })).body).toEqual(created.body);
    const listed = await request(t, 'GET', '/api/v1/escalation-policies?limit=1', { token: observer.token });
    expect(listed.body.escalation_policies).toHaveLength(1);

    const changed = await request(t, 'PATCH', `/api/v1/escalation-policies/${id}`, { token: admin, body: { name: 'Payments (EU)', repeat_count: 0, levels: twoLevels().slice(0, 1) } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Payments (EU)', repeat_count: 0, levels: twoLevels().slice(0, 1) });
    expect(changed.body.description).toBe('Checkout and billing');

    expect((await request(t, 'DELETE', `/api/v1/escalation-policies/${id}`, { token: admin })).status).toBe(204);
    expect((await request(t, 'GET', `/api/v1/escalation-policies/${id}`, { token: admin })).status).toBe(404);
    expect(await auditActions(t, admin)).toEqual(expect.arrayContaining(['escalation_policy.create', 'escalation_policy.update', 'escalation_policy.delete']));
  });

  it('refuses a duplicate name, bad levels, and targets that are not in the organisation, naming the field', async () => {
    expect((await create({ name: 'Once', levels: twoLevels() })).status).toBe(201);
    expect((await create({ name: 'Once', levels: twoLevels() })).status).toBe(409);

    const delay = await create({ name: 'Eager', levels: [{ delay_minutes: 0, targets: [{ type: 'user', id: adminId }] }] });
    expect(delay.status).toBe(400);
    expect(delay.body.error.details[0].field).toBe('levels.0.delay_minutes');
    const repeat = await create({ name: 'Loops', repeat_count: 10, levels: twoLevels() });
    expect(repeat.body.error.details[0].field).toBe('repeat_count');
    const empty = await create({ name: 'Empty', levels: [] });
    expect(empty.body.error.details[0].field).toBe('levels');
    const kind = await create({ name: 'Team', levels: [{ delay_minutes: 5, targets: [{ type: 'team', id: adminId }] }] });
    expect(kind.body.error.details[0].field).toBe('levels.0.targets.0.type');

    const { token: elsewhere } = await newOrganisation(t);
    const stranger = await userIdOf(t, elsewhere);
    const theirSchedule = await request(t, 'POST', '/api/v1/schedules', { token: elsewhere, body: { name: 'Theirs', time_zone: 'UTC', layers: [dailyLayer([stranger])] } });
    const unknown = await create({
      name: 'Strangers',
      levels: [
        { delay_minutes: 5, targets: [{ type: 'user', id: adminId }, { type: 'user', id: stranger }] },
        { delay_minutes: 5, targets: [{ type: 'schedule', id: theirSchedule.body.id }, { type: 'schedule', id: randomUUID() }, { type: 'user', id: scheduleId }] },
      ],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([
      { field: 'levels.0.targets.1.id', message: 'is not a user of this organisation' },
      { field: 'levels.1.targets.0.id', message: 'is not a schedule of this organisation' },
      { field: 'levels.1.targets.1.id', message: 'is not a schedule of this organisation' },
      { field: 'levels.1.targets.2.id', message: 'is not a user of this organisation' },
    ]);
  });

  it('lets only admins write policies; everyone reads them', async () => {
    const id = (await create({ name: 'Admins only', levels: twoLevels() })).body.id as string;
    for (const token of [responder.token, observer.token]) {
      expect((await create({ name: 'Not mine', levels: twoLevels() }, token)).status).toBe(403);
      expect((await request(t, 'PATCH', `/api/v1/escalation-policies/${id}`, { token, body: { name: 'x' } })).status).toBe(403);
      expect((await request(t, 'DELETE', `/api/v1/escalation-policies/${id}`, { token })).status).toBe(403);
      expect((await request(t, 'GET', `/api/v1/escalation-policies/${id}`, { token })).status).toBe(200);
    }
  });

  it("answers 404 for another organisation's policy", async () => {
    const id = (await create({ name: 'Private', levels: twoLevels() })).body.id as string;
    const { token: other } = await newOrganisation(t);
    expect((await request(t, 'GET', `/api/v1/escalation-policies/${id}`, { token: other })).status).toBe(404);
    expect((await request(t, 'PATCH', `/api/v1/escalation-policies/${id}`, { token: other, body: { name: 'Mine now' } })).status).toBe(404);
    expect((await request(t, 'DELETE', `/api/v1/escalation-policies/${id}`, { token: other })).status).toBe(404);
    expect((await request(t, 'GET', `/api/v1/oncalls?escalation_policy_id=${id}`, { token: other })).body.oncalls).toEqual([]);
  });

  it('refuses to delete a policy a service uses, or a schedule a policy uses, naming who uses it', async () => {
    const policy = await create({ name: 'In use', levels: twoLevels() });
    const service = await request(t, 'POST', '/api/v1/services', { token: admin, body: { name: 'Checkout', escalation_policy_id: policy.body.id } });
    const refused = await request(t, 'DELETE', `/api/v1/escalation-policies/${policy.body.id}`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('"Checkout"');

    const schedule = await request(t, 'DELETE', `/api/v1/schedules/${scheduleId}`, { token: admin });
    expect(schedule.status).toBe(409);
    expect(schedule.body.error.message).toContain('"In use"');

    await request(t, 'PATCH', `/api/v1/services/${service.body.id}`, { token: admin, body: { escalation_policy_id: null } });
    expect((await request(t, 'DELETE', `/api/v1/escalation-policies/${policy.body.id}`, { token: admin })).status).toBe(204);
  });

  it('lists who each policy pages now, level by level, with schedules resolved and filters applied', async () => {
    const { token: own } = await newOrganisation(t);
    const ownId = await userIdOf(t, own);
    const ada = await addMember(t, own, 'responder', 'Ada');
    const bob = await addMember(t, own, 'responder', 'Bob');
    const schedule = await request(t, 'POST', '/api/v1/schedules', { token: own, body: { name: 'Rota', time_zone: 'Europe/Berlin', layers: [dailyLayer([ada.id, bob.id])] } });
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', {
      token: own,
      body: { name: 'Ops', levels: [{ delay_minutes: 10, targets: [{ type: 'schedule', id: schedule.body.id }] }, { delay_minutes: 10, targets: [{ type: 'user', id: ownId }] }] },
    });

    const all = await request(t, 'GET', '/api/v1/oncalls', { token: own });
    expect(all.status).toBe(200);
    // Ada from Thu 22 Oct 09:00 CEST, then Bob, Ada, Bob: Sunday 25 Oct is Bob's, 09:00 CET to Monday 09:00 CET.
    expect(all.body.oncalls).toEqual([
      {
        escalation_policy: { id: policy.body.id, name: 'Ops' },
        level: 1,
        schedule: { id: schedule.body.id, name: 'Rota' },
        user: { id: bob.id, name: 'Bob', email: bob.email },
        start: '2026-10-25T08:00:00.000Z',
        end: '2026-10-26T08:00:00.000Z',
      },
      { escalation_policy: { id: policy.body.id, name: 'Ops' }, level: 2, schedule: null, user: expect.objectContaining({ id: ownId }), start: null, end: null },
    ]);
    expect((await request(t, 'GET', `/api/v1/oncalls?user_id=${ownId}`, { token: own })).body.oncalls.map((o: { level: number }) => o.level)).toEqual([2]);
    expect((await request(t, 'GET', `/api/v1/oncalls?schedule_id=${schedule.body.id}`, { token: own })).body.oncalls.map((o: { level: number }) => o.level)).toEqual([1]);
    expect((await request(t, 'GET', `/api/v1/oncalls?escalation_policy_id=${randomUUID()}`, { token: own })).body.oncalls).toEqual([]);
  });

  /** Whom an escalation step pages: the targets' people, checked against the organisation's users as the engine does. */
  async function usersOnCall(executor: Executor, orgId: string, targets: Parameters<typeof namedOnCall>[2], at: Date) {
    const named = await namedOnCall(executor, orgId, targets, at);
    const people = await peopleToPage(executor, [orgId], named);
    return onCallIn(orgId, named, people).map((id) => people.get(id)!);
  }

  it('resolves a level’s targets to distinct users of the organisation, in target order', async () => {
    const db = t.vigil.deps.store.db;
    const at = new Date('2026-10-25T07:30:00Z'); // still the third person's 25-hour shift (08:30 CET)
    const targets = [
      { type: 'user' as const, id: adminId },
      { type: 'schedule' as const, id: scheduleId },
      { type: 'user' as const, id: carl.id },
      { type: 'user' as const, id: randomUUID() },
      { type: 'schedule' as const, id: randomUUID() },
      { type: 'user' as const, id: 'not-a-uuid' },
    ];
    expect(idsOf(await usersOnCall(db, orgId, targets, at))).toEqual([adminId, carl.id]);
    expect(idsOf(await usersOnCall(db, orgId, targets, new Date('2026-10-25T08:00:00Z')))).toEqual([adminId, responder.id, carl.id]);
    const override = await request(t, 'POST', `/api/v1/schedules/${scheduleId}/overrides`, { token: admin, body: { user_id: observer.id, start: '2026-10-25T07:00:00Z', end: '2026-10-25T08:00:00Z' } });
    expect(override.status).toBe(201);
    expect(idsOf(await t.vigil.deps.store.write((tx) => usersOnCall(tx, orgId, targets.slice(1, 2), at)))).toEqual([observer.id]);
    const { orgId: otherOrg } = await newOrganisation(t);
    expect(idsOf(await usersOnCall(db, otherOrg, targets, at))).toEqual([]);
  });
});
