import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oncallAt } from '../../src/modules/oncall/oncall-at.ts';
import { renderSchedule } from '../../src/modules/oncall/schedule-render.ts';
import { scheduleOf } from '../../src/modules/oncall/schedules.store.ts';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { addMember, auditActions, dailyLayer, handClock, userIdOf } from './oncall.helpers.ts';

const BERLIN = 'Europe/Berlin';

describeEachStore('on-call schedules', (kind) => {
  let t: TestVigil;
  const clock = handClock('2026-10-20T12:00:00Z');
  let admin: string;
  let adminId: string;
  let responder: Awaited<ReturnType<typeof addMember>>;
  let observer: Awaited<ReturnType<typeof addMember>>;
  let people: string[];
  beforeAll(async () => {
    t = await startVigil(kind, { clock, env: { VIGIL_PUBLIC_URL: 'https://vigil.example.com' } });
    ({ token: admin } = await newOrganisation(t));
    adminId = await userIdOf(t, admin);
    responder = await addMember(t, admin, 'responder', 'Rosa Responder');
    observer = await addMember(t, admin, 'observer', 'Otto Observer');
    const carl = await addMember(t, admin, 'responder', 'Carl Third');
    people = [adminId, responder.id, carl.id];
  });
  afterAll(() => t.stop());

  const create = (body: Record<string, unknown>, token = admin) => request(t, 'POST', '/api/v1/schedules', { token, body });
  const berlinSchedule = (name: string) => create({ name, time_zone: BERLIN, layers: [dailyLayer(people)] });

  it('creates, reads, lists, changes and deletes a schedule, and audits each change', async () => {
    const created = await create({ name: 'Primary', description: 'Payments team', time_zone: BERLIN, layers: [dailyLayer(people), { ...dailyLayer([responder.id], '2026-10-22T18:00:00+02:00'), name: undefined, id: 'nights', restrictions: [{ kind: 'daily', start_time: '18:00', end_time: '08:00' }] }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Primary', description: 'Payments team', time_zone: BERLIN });
    const [primary, nights] = created.body.layers;
    expect(primary).toMatchObject({ name: 'Primary', start: '2026-10-22T07:00:00.000Z', end: null, handoff_time: '09:00', users: people, restrictions: [] });
    expect(primary.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(nights).toMatchObject({ id: 'nights', name: 'Layer 2', restrictions: [{ kind: 'daily', start_time: '18:00', end_time: '08:00' }] });

    const id = created.body.id as string;
    expect((await request(t, 'GET', `/api/v1/schedules/${id}`, { token: observer.token })).body).toEqual(created.body);
    const listed = await request(t, 'GET', '/api/v1/schedules', { token: admin });
    expect(listed.body.schedules.map((s: { id: string }) => s.id)).toContain(id);

    const changed = await request(t, 'PATCH', `/api/v1/schedules/${id}`, { token: responder.token, body: { name: 'Primary (EU)', layers: [primary] } });
    expect(changed.status).toBe(200);
    expect(changed.body.name).toBe('Primary (EU)');
    expect(changed.body.layers).toEqual([primary]);

    expect((await request(t, 'DELETE', `/api/v1/schedules/${id}`, { token: responder.token })).status).toBe(204);
    expect((await request(t, 'GET', `/api/v1/schedules/${id}`, { token: admin })).status).toBe(404);
    const actions = await auditActions(t, admin);
    expect(actions).toEqual(expect.arrayContaining(['schedule.create', 'schedule.update', 'schedule.delete']));
  });

  it('refuses a second schedule of the same name with 409', async () => {
    expect((await berlinSchedule('Twice')).status).toBe(201);
    const again = await berlinSchedule('Twice');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('names the field of a bad time zone, a bad handoff time, a duplicate layer id and an unknown user', async () => {
    const zone = await create({ name: 'Bad zone', time_zone: 'Europe/Atlantis', layers: [dailyLayer(people)] });
    expect(zone.status).toBe(400);
    expect(zone.body.error.details).toEqual([{ field: 'time_zone', message: expect.stringMatching(/IANA time zone/) }]);

    const time = await create({ name: 'Bad time', time_zone: BERLIN, layers: [dailyLayer(people, undefined, { handoff_time: '9:00' })] });
    expect(time.status).toBe(400);
    expect(time.body.error.details[0].field).toBe('layers.0.handoff_time');

    const duplicate = await create({ name: 'Twin layers', time_zone: BERLIN, layers: [dailyLayer(people, undefined, { id: 'x' }), dailyLayer(people, undefined, { id: 'x' })] });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.details[0].field).toBe('layers.1.id');

    const { token: elsewhere } = await newOrganisation(t);
    const stranger = await userIdOf(t, elsewhere);
    const unknown = await create({ name: 'Strangers', time_zone: BERLIN, layers: [dailyLayer([adminId, stranger, 'not-a-uuid'])] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.map((d: { field: string }) => d.field)).toEqual(['layers.0.users.1', 'layers.0.users.2']);
    expect(unknown.body.error.message).toMatch(/not a user of this organisation/);
  });

  it("answers 404 for another organisation's schedule", async () => {
    const id = (await berlinSchedule('Ours')).body.id as string;
    const { token: other } = await newOrganisation(t);
    for (const [method, url] of [
      ['GET', `/api/v1/schedules/${id}`],
      ['GET', `/api/v1/schedules/${id}/oncall`],
      ['GET', `/api/v1/schedules/${id}/overrides`],
      ['GET', `/api/v1/schedules/${id}/render?since=2026-10-20T00:00:00Z&until=2026-10-21T00:00:00Z`],
      ['DELETE', `/api/v1/schedules/${id}`],
    ] as const) {
      expect((await request(t, method, url, { token: other })).status, `${method} ${url}`).toBe(404);
    }
    expect((await request(t, 'PATCH', `/api/v1/schedules/${id}`, { token: other, body: { name: 'Theirs' } })).status).toBe(404);
    expect((await request(t, 'POST', `/api/v1/schedules/${id}/calendar-feed`, { token: other })).status).toBe(404);
  });

  it('lets an observer read schedules but not write them or their overrides', async () => {
    const id = (await berlinSchedule('Observed')).body.id as string;
    expect((await request(t, 'GET', '/api/v1/schedules', { token: observer.token })).status).toBe(200);
    expect((await request(t, 'GET', `/api/v1/schedules/${id}/oncall`, { token: observer.token })).status).toBe(200);
    const refused = await create({ name: 'Nope', time_zone: BERLIN, layers: [dailyLayer(people)] }, observer.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const override = { user_id: observer.id, start: '2026-10-21T00:00:00Z', end: '2026-10-22T00:00:00Z' };
    expect((await request(t, 'POST', `/api/v1/schedules/${id}/overrides`, { token: observer.token, body: override })).status).toBe(403);
    expect((await request(t, 'PATCH', `/api/v1/schedules/${id}`, { token: observer.token, body: { name: 'x' } })).status).toBe(403);
    expect((await request(t, 'DELETE', `/api/v1/schedules/${id}`, { token: observer.token })).status).toBe(403);
  });

  describe('across the change from summer to winter time in Berlin (2026-10-25)', () => {
    let schedule: { id: string; time_zone: string; layers: unknown[] };
    const domain = () => scheduleOf({ timeZone: schedule.time_zone, layers: schedule.layers as Record<string, unknown>[] }, []);
    beforeAll(async () => {
      schedule = (await berlinSchedule('DST')).body;
    });

    it('renders what the domain renders: the shift over the change lasts 25 hours', async () => {
      const since = '2026-10-24T00:00:00Z';
      const until = '2026-10-27T00:00:00Z';
      const rendered = await request(t, 'GET', `/api/v1/schedules/${schedule.id}/render?since=${since}&until=${until}`, { token: observer.token });
      expect(rendered.status).toBe(200);
      const expected = renderSchedule(domain(), new Date(since), new Date(until));
      const entries = (list: Array<{ userId: string; start: Date; end: Date }>) => list.map((e) => ({ user: e.userId, start: e.start.toISOString(), end: e.end.toISOString() }));
      const shown = (list: Array<{ user: { id: string }; start: string; end: string }>) => list.map((e) => ({ user: e.user.id, start: e.start, end: e.end }));
      expect(shown(rendered.body.final)).toEqual(entries(expected.final));
      expect(shown(rendered.body.layers[0].entries)).toEqual(entries(expected.layers[0]!.entries));
      expect(rendered.body.layers[0]).toMatchObject({ id: schedule.layers[0] && (schedule.layers[0] as { id: string }).id, name: 'Primary' });
      // Saturday 09:00 CEST to Sunday 09:00 CET: 25 hours, for the third person.
      expect(shown(rendered.body.final)).toContainEqual({ user: people[2], start: '2026-10-24T07:00:00.000Z', end: '2026-10-25T08:00:00.000Z' });
      expect(rendered.body.final[1].user).toEqual({ id: people[2], name: 'Carl Third', email: expect.stringContaining('@') });
    });

    it('says who is on call and until when, as oncallAt does, defaulting to the clock', async () => {
      for (const at of ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T07:59:59Z', '2026-10-25T08:00:00Z', '2026-10-26T07:00:00Z']) {
        const answer = await request(t, 'GET', `/api/v1/schedules/${schedule.id}/oncall?at=${at}`, { token: observer.token });
        expect(answer.status).toBe(200);
        expect(answer.body.users.map((u: { id: string }) => u.id), at).toEqual(oncallAt(domain(), new Date(at)));
        const shift = renderSchedule(domain(), new Date(at), new Date(Date.parse(at) + 3 * 86_400_000)).final[0]!;
        expect(answer.body.until, at).toBe(shift.end.toISOString());
      }
      const now = await request(t, 'GET', `/api/v1/schedules/${schedule.id}/oncall`, { token: admin });
      expect(now.body).toEqual({ at: '2026-10-20T12:00:00.000Z', users: [], until: '2026-10-22T07:00:00.000Z' });
    });

    it('puts overrides on top, lists them by range and removes them', async () => {
      const body = { user_id: observer.id, start: '2026-10-25T06:00:00Z', end: '2026-10-25T10:00:00Z' };
      const created = await request(t, 'POST', `/api/v1/schedules/${schedule.id}/overrides`, { token: responder.token, body });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ schedule_id: schedule.id, user: { id: observer.id, name: 'Otto Observer' }, start: '2026-10-25T06:00:00.000Z', end: '2026-10-25T10:00:00.000Z' });

      const during = await request(t, 'GET', `/api/v1/schedules/${schedule.id}/oncall?at=2026-10-25T07:00:00Z`, { token: admin });
      expect(during.body.users).toEqual([{ id: observer.id, name: 'Otto Observer', email: observer.email }]);
      expect(during.body.until).toBe('2026-10-25T10:00:00.000Z');
      const rendered = await request(t, 'GET', `/api/v1/schedules/${schedule.id}/render?since=2026-10-25T00:00:00Z&until=2026-10-26T00:00:00Z`, { token: admin });
      expect(rendered.body.final.map((e: { user: { id: string }; start: string; end: string }) => [e.user.id, e.start, e.end])).toEqual([
        [people[2], '2026-10-25T00:00:00.000Z', '2026-10-25T06:00:00.000Z'],
        [observer.id, '2026-10-25T06:00:00.000Z', '2026-10-25T10:00:00.000Z'],
        [people[0], '2026-10-25T10:00:00.000Z', '2026-10-26T00:00:00.000Z'],
      ]);
      expect(rendered.body.layers[0].entries).toHaveLength(2); // layers show the rotation alone

      const listed = await request(t, 'GET', `/api/v1/schedules/${schedule.id}/overrides?since=2026-10-25T09:00:00Z&until=2026-10-26T00:00:00Z`, { token: observer.token });
      expect(listed.body.overrides.map((o: { id: string }) => o.id)).toEqual([created.body.id]);
      const later = await request(t, 'GET', `/api/v1/schedules/${schedule.id}/overrides?since=2026-10-25T10:00:00Z`, { token: observer.token });
      expect(later.body.overrides).toEqual([]);

      expect((await request(t, 'DELETE', `/api/v1/schedules/${schedule.id}/overrides/${created.body.id}`, { token: responder.token })).status).toBe(204);
      const after = await request(t, 'GET', `/api/v1/schedules/${schedule.id}/oncall?at=2026-10-25T07:00:00Z`, { token: admin });
      expect(after.body.users.map((u: { id: string }) => u.id)).toEqual([people[2]]);
      expect(await auditActions(t, admin)).toEqual(expect.arrayContaining(['schedule.override.create', 'schedule.override.delete']));
    });
  });

  it('refuses an override for a stranger, one that ends before it starts, and a render over 93 days', async () => {
    const id = (await berlinSchedule('Limits')).body.id as string;
    const { token: elsewhere } = await newOrganisation(t);
    const stranger = await request(t, 'POST', `/api/v1/schedules/${id}/overrides`, { token: admin, body: { user_id: await userIdOf(t, elsewhere), start: '2026-10-21T00:00:00Z', end: '2026-10-22T00:00:00Z' } });
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.details[0].field).toBe('user_id');
    const backwards = await request(t, 'POST', `/api/v1/schedules/${id}/overrides`, { token: admin, body: { user_id: adminId, start: '2026-10-22T00:00:00Z', end: '2026-10-21T00:00:00Z' } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].field).toBe('end');

    const render = (since: string, until: string) => request(t, 'GET', `/api/v1/schedules/${id}/render?since=${since}&until=${until}`, { token: admin });
    expect((await render('2026-10-01T00:00:00Z', '2027-01-02T00:00:00Z')).status).toBe(200); // 93 days
    const long = await render('2026-10-01T00:00:00Z', '2027-01-02T00:00:01Z');
    expect(long.status).toBe(400);
    expect(long.body.error.details[0]).toEqual({ field: 'until', message: 'must be at most 93 days after since' });
    expect((await render('2026-10-02T00:00:00Z', '2026-10-01T00:00:00Z')).body.error.details[0].field).toBe('until');
    expect((await render('yesterday', '2026-10-01T00:00:00Z')).body.error.details[0].field).toBe('since');
  });

  describe('calendar feeds', () => {
    it("serves a schedule's shifts without signing in, until the URL is rotated", async () => {
      const id = (await berlinSchedule('Subscribed')).body.id as string;
      const issued = await request(t, 'POST', `/api/v1/schedules/${id}/calendar-feed`, { token: responder.token });
      expect(issued.status).toBe(201);
      expect(issued.body.url).toMatch(/^https:\/\/vigil\.example\.com\/calendars\/[\w-]{43}\.ics$/);
      const path = new URL(issued.body.url).pathname;

      const feed = await request(t, 'GET', path);
      expect(feed.status).toBe(200);
      expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
      const text = String(feed.body);
      expect(text).toContain('BEGIN:VCALENDAR');
      expect(text).toContain('SUMMARY:On call: Rosa Responder');
      // A week back to two months ahead of the clock's day: the same entries as a render of that range.
      const rendered = await request(t, 'GET', `/api/v1/schedules/${id}/render?since=2026-10-13T00:00:00Z&until=2026-12-20T00:00:00Z`, { token: admin });
      expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(rendered.body.final.length);

      const rotated = await request(t, 'POST', `/api/v1/schedules/${id}/calendar-feed`, { token: admin });
      expect(rotated.body.url).not.toBe(issued.body.url);
      expect((await request(t, 'GET', path)).status).toBe(404);
      expect((await request(t, 'GET', new URL(rotated.body.url).pathname)).status).toBe(200);
      expect(await auditActions(t, admin)).toEqual(expect.arrayContaining(['calendar_feed.create', 'calendar_feed.rotate']));
    });

    it("serves a user's own shifts across schedules; only they or an admin may make the URL", async () => {
      const own = await request(t, 'POST', `/api/v1/users/${responder.id}/calendar-feed`, { token: responder.token });
      expect(own.status).toBe(201);
      const text = String((await request(t, 'GET', new URL(own.body.url).pathname)).body);
      expect(text).toContain('SUMMARY:On call: DST');
      expect(text).toContain('SUMMARY:On call: Subscribed');
      expect(text).not.toContain('Carl Third');
      expect((await request(t, 'POST', `/api/v1/users/${adminId}/calendar-feed`, { token: responder.token })).status).toBe(403);
      expect((await request(t, 'POST', `/api/v1/users/${responder.id}/calendar-feed`, { token: admin })).status).toBe(201);
      expect((await request(t, 'GET', new URL(own.body.url).pathname)).status).toBe(404);
    });

    it('answers 404 for a token no feed has', async () => {
      const unknown = await request(t, 'GET', '/calendars/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('not_found');
    });
  });
});
