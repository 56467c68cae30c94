import { afterAll, beforeAll, expect, it } from 'vitest';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { movableClock } from '../movable-clock.ts';
import { addMember, auditActions, dailyLayer, userIdOf } from './oncall.helpers.ts';

const password = 'correct horse battery staple';
const DAY = 86_400_000;

const cookieOf = (response: { headers: Record<string, unknown> }) => String(response.headers['set-cookie']).split(';')[0]!;
const login = async (t: TestVigil, email: string, secret = password) => request(t, 'POST', '/api/v1/auth/login', { body: { email, password: secret } });
const fieldsOf = (body: { error: { details: Array<{ field: string }> } }) => body.error.details.map((detail) => detail.field);

describeEachStore('people: users, password change, invitations, on-call shifts', (kind) => {
  let t: TestVigil;
  const time = movableClock();
  let org: Awaited<ReturnType<typeof newOrganisation>>;
  let stranger: Awaited<ReturnType<typeof newOrganisation>>;

  beforeAll(async () => {
    t = await startVigil(kind, { clock: time.clock, env: { VIGIL_PUBLIC_URL: 'https://vigil.example.com' } });
    org = await newOrganisation(t, 'People Inc');
    stranger = await newOrganisation(t);
  });
  afterAll(() => t.stop());

  it('lets an admin rename a user and change their role; a user may rename only themselves', async () => {
    const member = await addMember(t, org.token, 'responder', 'Ada');
    const other = await addMember(t, org.token, 'observer', 'Grace');
    const renamed = await request(t, 'PATCH', `/api/v1/users/${member.id}`, { token: org.token, body: { name: 'Ada L.', role: 'observer' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.user).toMatchObject({ id: member.id, name: 'Ada L.', role: 'observer' });
    expect((await request(t, 'GET', `/api/v1/users/${member.id}`, { token: other.token })).body.user).toMatchObject({ name: 'Ada L.', role: 'observer' });

    const self = await request(t, 'PATCH', `/api/v1/users/${other.id}`, { token: other.token, body: { name: 'Grace H.' } });
    expect(self.status).toBe(200);
    expect(self.body.user.name).toBe('Grace H.');
    const promote = await request(t, 'PATCH', `/api/v1/users/${other.id}`, { token: other.token, body: { role: 'admin' } });
    expect(promote.status).toBe(403);
    expect(promote.body.error.message).toMatch(/Only admins change roles/);
    expect((await request(t, 'PATCH', `/api/v1/users/${member.id}`, { token: other.token, body: { name: 'x' } })).status).toBe(403);

    const bad = await request(t, 'PATCH', `/api/v1/users/${member.id}`, { token: org.token, body: { role: 'boss' } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['role']);
    const empty = await request(t, 'PATCH', `/api/v1/users/${member.id}`, { token: org.token, body: { name: '  ' } });
    expect(fieldsOf(empty.body)).toEqual(['name']);
    expect((await request(t, 'PATCH', `/api/v1/users/${member.id}`, { token: org.token, body: {} })).status).toBe(400);
    expect((await request(t, 'PATCH', `/api/v1/users/not-a-uuid`, { token: org.token, body: { name: 'x' } })).status).toBe(400);

    // Another organisation's user does not exist for this one.
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const response = await request(t, method, `/api/v1/users/${member.id}`, { token: stranger.token, ...(method === 'PATCH' && { body: { name: 'x' } }) });
      expect(response.status, method).toBe(404);
    }
  });

  it('never leaves the organisation without an admin', async () => {
    const me = await userIdOf(t, org.token);
    const last = await request(t, 'PATCH', `/api/v1/users/${me}`, { token: org.token, body: { role: 'responder' } });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toMatch(/last admin/);
    expect((await request(t, 'DELETE', `/api/v1/users/${me}`, { token: org.token })).status).toBe(409);

    const second = await addMember(t, org.token, 'admin', 'Second Admin');
    expect((await request(t, 'PATCH', `/api/v1/users/${me}`, { token: second.token, body: { role: 'responder' } })).status).toBe(200);
    expect((await request(t, 'PATCH', `/api/v1/users/${second.id}`, { token: second.token, body: { role: 'observer' } })).status).toBe(409);
    expect((await request(t, 'PATCH', `/api/v1/users/${me}`, { token: second.token, body: { role: 'admin' } })).status).toBe(200);
    expect((await request(t, 'DELETE', `/api/v1/users/${second.id}`, { token: org.token })).status).toBe(204);
  });

  it('deletes a user: their sessions and API keys stop working and they leave schedules and policies that go on without them', async () => {
    const me = await userIdOf(t, org.token);
    const leaver = await addMember(t, org.token, 'responder', 'Leaver');
    const session = cookieOf(await login(t, leaver.email));
    const schedule = await request(t, 'POST', '/api/v1/schedules', { token: org.token, body: { name: 'Shared rota', time_zone: 'UTC', layers: [dailyLayer([me, leaver.id])] } });
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', {
      token: org.token,
      body: { name: 'Shared policy', levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: leaver.id }, { type: 'schedule', id: schedule.body.id }] }] },
    });
    expect(policy.status).toBe(201);
    await request(t, 'POST', `/api/v1/users/${leaver.id}/calendar-feed`, { token: leaver.token });

    expect((await request(t, 'DELETE', `/api/v1/users/${leaver.id}`, { token: leaver.token })).status).toBe(403);
    const deleted = await request(t, 'DELETE', `/api/v1/users/${leaver.id}`, { token: org.token });
    expect(deleted.status).toBe(204);
    expect((await request(t, 'GET', '/api/v1/me', { token: leaver.token })).status).toBe(401);
    expect((await request(t, 'GET', '/api/v1/me', { headers: { cookie: session } })).status).toBe(401);
    expect((await login(t, leaver.email)).status).toBe(401);
    expect((await request(t, 'GET', `/api/v1/users/${leaver.id}`, { token: org.token })).status).toBe(404);
    expect((await request(t, 'GET', `/api/v1/schedules/${schedule.body.id}`, { token: org.token })).body.layers[0].users).toEqual([me]);
    expect((await request(t, 'GET', `/api/v1/escalation-policies/${policy.body.id}`, { token: org.token })).body.levels[0].targets).toEqual([{ type: 'schedule', id: schedule.body.id }]);

    const audit = await request(t, 'GET', '/api/v1/audit?limit=10', { token: org.token });
    const entry = audit.body.entries.find((e: { action: string }) => e.action === 'user.delete');
    expect(entry).toMatchObject({ target_id: leaver.id, details: { email: leaver.email, sessions_ended: 2, api_keys_revoked: 1, removed_from_schedules: ['Shared rota'], removed_from_escalation_policies: ['Shared policy'] } });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['schedule.update', 'escalation_policy.update']));
  });

  it('refuses to delete a user on whom paging depends, naming what still needs them', async () => {
    const only = await addMember(t, org.token, 'responder', 'Only One');
    await request(t, 'POST', '/api/v1/schedules', { token: org.token, body: { name: 'Solo rota', time_zone: 'UTC', layers: [dailyLayer([only.id])] } });
    const solo = await request(t, 'DELETE', `/api/v1/users/${only.id}`, { token: org.token });
    expect(solo.status).toBe(409);
    expect(solo.body.error.message).toMatch(/only person of a layer of schedule "Solo rota"/);

    const assigned = await addMember(t, org.token, 'responder', 'On It');
    const service = await request(t, 'POST', '/api/v1/services', { token: org.token, body: { name: 'people-service' } });
    const incident = await request(t, 'POST', '/api/v1/incidents', { token: org.token, body: { service_id: service.body.id, title: 'needs someone' } });
    expect((await request(t, 'POST', `/api/v1/incidents/${incident.body.id}/reassign`, { token: org.token, body: { user_ids: [assigned.id] } })).status).toBe(200);
    const busy = await request(t, 'DELETE', `/api/v1/users/${assigned.id}`, { token: org.token });
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain(`open incident #${incident.body.number}`);
    await request(t, 'POST', `/api/v1/incidents/${incident.body.id}/resolve`, { token: org.token });
    expect((await request(t, 'DELETE', `/api/v1/users/${assigned.id}`, { token: org.token })).status).toBe(204);
  });

  it('changes a password: the current one is required and the other sessions end', async () => {
    const member = await addMember(t, org.token, 'responder', 'Changer');
    const here = cookieOf(await login(t, member.email));
    const elsewhere = cookieOf(await login(t, member.email));
    const wrong = await request(t, 'POST', '/api/v1/me/password', { headers: { cookie: here }, body: { current_password: 'not it at all', new_password: 'a brand new passphrase' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'forbidden', details: [{ field: 'current_password', message: 'is not your current password' }] });
    const short = await request(t, 'POST', '/api/v1/me/password', { headers: { cookie: here }, body: { current_password: password, new_password: 'short' } });
    expect(short.status).toBe(400);
    expect(fieldsOf(short.body)).toEqual(['new_password']);
    expect(short.body.error.message).toMatch(/at least 12 characters/);

    const changed = await request(t, 'POST', '/api/v1/me/password', { headers: { cookie: here }, body: { current_password: password, new_password: 'a brand new passphrase' } });
    expect(changed.status).toBe(204);
    expect((await request(t, 'GET', '/api/v1/me', { headers: { cookie: here } })).status).toBe(200);
    expect((await request(t, 'GET', '/api/v1/me', { headers: { cookie: elsewhere } })).status).toBe(401);
    expect((await request(t, 'GET', '/api/v1/me', { token: member.token })).status).toBe(200);
    expect((await login(t, member.email)).status).toBe(401);
    expect((await login(t, member.email, 'a brand new passphrase')).status).toBe(200);
    expect(await auditActions(t, org.token)).toContain('user.password_change');
  });

  it('invites by e-mail: the link shows the invitation, then makes the user and signs them in, once', async () => {
    const responder = await addMember(t, org.token, 'responder');
    expect((await request(t, 'POST', '/api/v1/invitations', { token: responder.token, body: { email: 'no@example.com' } })).status).toBe(403);
    expect((await request(t, 'GET', '/api/v1/invitations', { token: responder.token })).status).toBe(403);
    const bad = await request(t, 'POST', '/api/v1/invitations', { token: org.token, body: { email: 'not an address', role: 'observer' } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['email']);
    expect((await request(t, 'POST', '/api/v1/invitations', { token: org.token, body: { email: responder.email } })).status).toBe(409);

    const invited = await request(t, 'POST', '/api/v1/invitations', { token: org.token, body: { email: 'newcomer@example.com', role: 'observer', name: 'New Comer' } });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: 'newcomer@example.com', role: 'observer', status: 'pending', email_status: 'stored_in_mail_outbox' });
    expect(Date.parse(invited.body.expires_at) - Date.parse(invited.body.created_at)).toBe(7 * DAY);
    const url = invited.body.accept_url as string;
    expect(url).toMatch(/^https:\/\/vigil\.example\.com\/invitations\/vgli_[\w-]{43}$/);
    const token = url.split('/').at(-1)!;

    const mails = await request(t, 'GET', '/api/v1/mail-outbox?limit=100', { token: org.token });
    const mail = mails.body.mails.find((m: { to: string }) => m.to === 'newcomer@example.com');
    expect(mail.subject).toMatch(/invites you to People Inc$/);
    expect(mail.text).toContain(url);
    const pending = await request(t, 'GET', '/api/v1/invitations', { token: org.token });
    expect(pending.body.invitations).toEqual([expect.objectContaining({ id: invited.body.id, status: 'pending' })]);
    expect(JSON.stringify(pending.body)).not.toContain(token);
    expect((await request(t, 'GET', '/api/v1/invitations', { token: stranger.token })).body.invitations).toEqual([]);

    const preview = await request(t, 'GET', `/api/v1/invitations/accept/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ organization_name: 'People Inc', email: 'newcomer@example.com', name: 'New Comer', role: 'observer', expires_at: invited.body.expires_at });
    const weak = await request(t, 'POST', `/api/v1/invitations/accept/${token}`, { body: { name: 'New Comer', password: 'short' } });
    expect(weak.status).toBe(400);
    expect(fieldsOf(weak.body)).toEqual(['password']);

    const accepted = await request(t, 'POST', `/api/v1/invitations/accept/${token}`, { body: { name: 'Newcomer', password } });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email: 'newcomer@example.com', name: 'Newcomer', role: 'observer', organization_id: org.orgId });
    expect(String(accepted.headers['set-cookie'])).toMatch(/vigil_session=vgls_[\w-]+.*HttpOnly.*SameSite=Strict/i);
    const cookie = cookieOf(accepted);
    expect((await request(t, 'GET', '/api/v1/me', { headers: { cookie } })).body.user.id).toBe(accepted.body.user.id);
    const methods = await request(t, 'GET', `/api/v1/users/${accepted.body.user.id}/contact-methods`, { headers: { cookie } });
    expect(methods.body.contact_methods).toEqual([expect.objectContaining({ type: 'email', address: 'newcomer@example.com' })]);
    const rules = await request(t, 'GET', `/api/v1/users/${accepted.body.user.id}/notification-rules`, { headers: { cookie } });
    expect(rules.body.notification_rules.map((rule: { urgency: string }) => rule.urgency).sort()).toEqual(['high', 'low']);

    const again = await request(t, 'POST', `/api/v1/invitations/accept/${token}`, { body: { name: 'Twice', password } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/accepted already/);
    expect((await request(t, 'GET', `/api/v1/invitations/accept/${token}`)).status).toBe(409);
    expect((await request(t, 'GET', '/api/v1/invitations', { token: org.token })).body.invitations).toEqual([]);
    expect((await login(t, 'newcomer@example.com')).status).toBe(200);
    expect(await auditActions(t, org.token)).toEqual(expect.arrayContaining(['invitation.create', 'invitation.accept', 'user.create']));
  });

  it('lets one of two simultaneous accepts of the same link in: the other gets a 409', async () => {
    const invited = await request(t, 'POST', '/api/v1/invitations', { token: org.token, body: { email: 'racer@example.com' } });
    const token = (invited.body.accept_url as string).split('/').at(-1)!;
    const answers = await Promise.all(['First', 'Second'].map((name) => request(t, 'POST', `/api/v1/invitations/accept/${token}`, { body: { name, password } })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const users = await request(t, 'GET', '/api/v1/users', { token: org.token });
    expect(users.body.users.filter((user: { email: string }) => user.email === 'racer@example.com')).toHaveLength(1);
  });

  it('answers 404 for an unknown link, 410 for a revoked or expired one, and 409 when the address was taken meanwhile', async () => {
    const unknown = `vgli_${'A'.repeat(43)}`;
    expect((await request(t, 'GET', `/api/v1/invitations/accept/${unknown}`)).status).toBe(404);
    expect((await request(t, 'POST', `/api/v1/invitations/accept/${unknown}`, { body: { name: 'X', password } })).status).toBe(404);

    const invite = async (email: string) => {
      const response = await request(t, 'POST', '/api/v1/invitations', { token: org.token, body: { email } });
      return { id: response.body.id as string, token: (response.body.accept_url as string).split('/').at(-1)! };
    };
    const revoked = await invite('revoked@example.com');
    expect((await request(t, 'DELETE', `/api/v1/invitations/${revoked.id}`, { token: stranger.token })).status).toBe(404);
    expect((await request(t, 'DELETE', `/api/v1/invitations/${revoked.id}`, { token: org.token })).status).toBe(204);
    const gone = await request(t, 'GET', `/api/v1/invitations/accept/${revoked.token}`);
    expect(gone.status).toBe(410);
    expect(gone.body.error).toMatchObject({ code: 'gone', message: expect.stringMatching(/withdrawn/) });

    // Inviting the same address again replaces the first invitation.
    const first = await invite('twice@example.com');
    const second = await invite('twice@example.com');
    expect((await request(t, 'GET', `/api/v1/invitations/accept/${first.token}`)).status).toBe(410);
    expect((await request(t, 'GET', `/api/v1/invitations/accept/${second.token}`)).status).toBe(200);

    const taken = await invite('taken@example.com');
    await request(t, 'POST', '/api/v1/users', { token: org.token, body: { email: 'taken@example.com', name: 'Taken', role: 'responder', password } });
    expect((await request(t, 'POST', `/api/v1/invitations/accept/${taken.token}`, { body: { name: 'Late', password } })).status).toBe(409);

    const late = await invite('late@example.com');
    time.advance(7 * DAY + 60_000);
    const expired = await request(t, 'POST', `/api/v1/invitations/accept/${late.token}`, { body: { name: 'Late', password } });
    expect(expired.status).toBe(410);
    expect(expired.body.error.message).toMatch(/expired/);
    expect((await request(t, 'GET', '/api/v1/invitations', { token: org.token })).body.invitations).toEqual([]);
    expect(await auditActions(t, org.token)).toContain('invitation.revoke');
  });

  it("lists a user's on-call shifts across schedules, as the schedules render them", async () => {
    const owner = await newOrganisation(t);
    const me = await userIdOf(t, owner.token);
    const mate = await addMember(t, owner.token, 'responder', 'Mate');
    const start = '2026-11-02T09:00:00Z';
    const day = await request(t, 'POST', '/api/v1/schedules', { token: owner.token, body: { name: 'Days', time_zone: 'UTC', layers: [dailyLayer([me, mate.id], start)] } });
    const other = await request(t, 'POST', '/api/v1/schedules', { token: owner.token, body: { name: 'Weeks', time_zone: 'UTC', layers: [dailyLayer([mate.id], start, { rotation: { kind: 'weekly' } })] } });
    await request(t, 'POST', `/api/v1/schedules/${day.body.id}/overrides`, { token: owner.token, body: { user_id: mate.id, start: '2026-11-04T12:00:00Z', end: '2026-11-04T15:00:00Z' } });

    const range = 'since=2026-11-02T00:00:00Z&until=2026-11-07T00:00:00Z';
    const mine = await request(t, 'GET', `/api/v1/me/oncall-shifts?${range}`, { token: owner.token });
    expect(mine.status).toBe(200);
    const shift = (schedule: { body: { id: string } }, name: string, from: string, to: string) => ({ schedule_id: schedule.body.id, schedule_name: name, start: from, end: to });
    expect(mine.body).toEqual({
      since: '2026-11-02T00:00:00.000Z',
      until: '2026-11-07T00:00:00.000Z',
      shifts: [
        shift(day, 'Days', '2026-11-02T09:00:00.000Z', '2026-11-03T09:00:00.000Z'),
        shift(day, 'Days', '2026-11-04T09:00:00.000Z', '2026-11-04T12:00:00.000Z'),
        shift(day, 'Days', '2026-11-04T15:00:00.000Z', '2026-11-05T09:00:00.000Z'),
        shift(day, 'Days', '2026-11-06T09:00:00.000Z', '2026-11-07T00:00:00.000Z'),
      ],
    });
    const theirs = await request(t, 'GET', `/api/v1/users/${mate.id}/oncall-shifts?${range}`, { token: owner.token });
    expect(theirs.body.shifts.map((s: { schedule_name: string; start: string }) => `${s.schedule_name} ${s.start}`)).toEqual([
      'Weeks 2026-11-02T09:00:00.000Z',
      'Days 2026-11-03T09:00:00.000Z',
      'Days 2026-11-04T12:00:00.000Z',
      'Days 2026-11-05T09:00:00.000Z',
    ]);
    expect(other.status).toBe(201);

    const byDefault = await request(t, 'GET', '/api/v1/me/oncall-shifts', { token: owner.token });
    expect(Date.parse(byDefault.body.until) - Date.parse(byDefault.body.since)).toBe(14 * DAY);
    expect(Math.abs(Date.parse(byDefault.body.since) - time.clock.now().getTime())).toBeLessThan(60_000);
    expect(byDefault.body.shifts.length).toBeGreaterThan(0);

    const tooLong = await request(t, 'GET', '/api/v1/me/oncall-shifts?since=2026-01-01T00:00:00Z&until=2026-06-01T00:00:00Z', { token: owner.token });
    expect(tooLong.status).toBe(400);
    expect(fieldsOf(tooLong.body)).toEqual(['until']);
    const backwards = await request(t, 'GET', '/api/v1/me/oncall-shifts?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z', { token: owner.token });
    expect(fieldsOf(backwards.body)).toEqual(['until']);
    expect(fieldsOf((await request(t, 'GET', '/api/v1/me/oncall-shifts?since=yesterday', { token: owner.token })).body)).toEqual(['since']);
    expect((await request(t, 'GET', `/api/v1/users/${mate.id}/oncall-shifts`, { token: stranger.token })).status).toBe(404);
  });
});
