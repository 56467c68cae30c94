import { afterAll, beforeAll, expect, it } from 'vitest';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { addMember, auditActions } from './oncall.helpers.ts';

const fieldsOf = (body: { error: { details: Array<{ field: string }> } }) => body.error.details.map((detail) => detail.field);

describeEachStore('teams and their members', (kind) => {
  let t: TestVigil;
  let org: Awaited<ReturnType<typeof newOrganisation>>;
  let stranger: Awaited<ReturnType<typeof newOrganisation>>;

  beforeAll(async () => {
    t = await startVigil(kind);
    org = await newOrganisation(t);
    stranger = await newOrganisation(t);
  });
  afterAll(() => t.stop());

  it('admins create teams; managers and admins change them; everyone reads them with their members', async () => {
    const lead = await addMember(t, org.token, 'responder', 'Bea Lead');
    const dev = await addMember(t, org.token, 'responder', 'Al Dev');
    const watcher = await addMember(t, org.token, 'observer', 'Cy Watcher');
    expect((await request(t, 'POST', '/api/v1/teams', { token: lead.token, body: { name: 'Payments' } })).status).toBe(403);
    const created = await request(t, 'POST', '/api/v1/teams', { token: org.token, body: { name: 'Payments', description: 'Money in, money out' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Payments', description: 'Money in, money out', members: [] });
    const team = created.body.id as string;
    expect((await request(t, 'POST', '/api/v1/teams', { token: org.token, body: { name: 'Payments' } })).status).toBe(409);

    // A responder who is not a manager of the team cannot change it; once a manager, they can.
    expect((await request(t, 'PUT', `/api/v1/teams/${team}/members/${dev.id}`, { token: lead.token, body: { role: 'member' } })).status).toBe(403);
    const manager = await request(t, 'PUT', `/api/v1/teams/${team}/members/${lead.id}`, { token: org.token, body: { role: 'manager' } });
    expect(manager.status).toBe(200);
    const added = await request(t, 'PUT', `/api/v1/teams/${team}/members/${dev.id}`, { token: lead.token, body: {} });
    expect(added.body.members).toEqual([
      { id: dev.id, name: 'Al Dev', email: dev.email, role: 'member' },
      { id: lead.id, name: 'Bea Lead', email: lead.email, role: 'manager' },
    ]);
    const renamed = await request(t, 'PATCH', `/api/v1/teams/${team}`, { token: lead.token, body: { name: 'Payments core' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Payments core');
    expect((await request(t, 'PATCH', `/api/v1/teams/${team}`, { token: dev.token, body: { name: 'Mine' } })).status).toBe(403);
    expect((await request(t, 'DELETE', `/api/v1/teams/${team}`, { token: lead.token })).status).toBe(403);

    // Changing a member's team role, taking them out.
    expect((await request(t, 'PUT', `/api/v1/teams/${team}/members/${dev.id}`, { token: org.token, body: { role: 'manager' } })).body.members[0].role).toBe('manager');
    expect((await request(t, 'DELETE', `/api/v1/teams/${team}/members/${dev.id}`, { token: lead.token })).status).toBe(204);
    expect((await request(t, 'DELETE', `/api/v1/teams/${team}/members/${dev.id}`, { token: lead.token })).status).toBe(404);

    const read = await request(t, 'GET', `/api/v1/teams/${team}`, { token: watcher.token });
    expect(read.body.members.map((m: { id: string }) => m.id)).toEqual([lead.id]);
    await request(t, 'POST', '/api/v1/teams', { token: org.token, body: { name: 'Atlas' } });
    const list = await request(t, 'GET', '/api/v1/teams', { token: watcher.token });
    expect(list.body.teams.map((x: { name: string; members: unknown[] }) => [x.name, x.members.length])).toEqual([
      ['Atlas', 0],
      ['Payments core', 1],
    ]);
    expect(await auditActions(t, org.token)).toEqual(expect.arrayContaining(['team.create', 'team.update', 'team.member.put', 'team.member.remove']));
  });

  it('answers 409, not 500, to the losers of simultaneous creations of one team name', async () => {
    for (const round of [1, 2, 3]) {
      const answers = await Promise.all([1, 2, 3, 4].map(() => request(t, 'POST', '/api/v1/teams', { token: org.token, body: { name: `Race ${round}` } })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
      for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.error.code).toBe('conflict');
    }
  });

  it('adds a user being deleted at the same moment either first (then the deletion takes the membership along) or not at all (404)', async () => {
    const team = (await request(t, 'POST', '/api/v1/teams', { token: org.token, body: { name: 'Racing' } })).body.id as string;
    for (let round = 0; round < 5; round++) {
      const user = await addMember(t, org.token, 'responder');
      const [put, deleted] = await Promise.all([
        request(t, 'PUT', `/api/v1/teams/${team}/members/${user.id}`, { token: org.token, body: { role: 'member' } }),
        request(t, 'DELETE', `/api/v1/users/${user.id}`, { token: org.token }),
      ]);
      expect([200, 404]).toContain(put.status);
      expect(deleted.status).toBe(204);
    }
    expect((await request(t, 'GET', `/api/v1/teams/${team}`, { token: org.token })).body.members).toEqual([]);
  });

  it('keeps teams to their organisation and names the field of bad input', async () => {
    const team = (await request(t, 'POST', '/api/v1/teams', { token: org.token, body: { name: 'Private' } })).body.id as string;
    const theirs = await addMember(t, stranger.token, 'responder');
    expect((await request(t, 'GET', `/api/v1/teams/${team}`, { token: stranger.token })).status).toBe(404);
    expect((await request(t, 'PATCH', `/api/v1/teams/${team}`, { token: stranger.token, body: { name: 'x' } })).status).toBe(404);
    expect((await request(t, 'DELETE', `/api/v1/teams/${team}`, { token: stranger.token })).status).toBe(404);
    expect((await request(t, 'GET', '/api/v1/teams', { token: stranger.token })).body.teams).toEqual([]);
    expect((await request(t, 'PUT', `/api/v1/teams/${team}/members/${theirs.id}`, { token: org.token, body: { role: 'member' } })).status).toBe(404);

    const badRole = await request(t, 'PUT', `/api/v1/teams/${team}/members/${theirs.id}`, { token: org.token, body: { role: 'boss' } });
    expect(badRole.status).toBe(400);
    expect(fieldsOf(badRole.body)).toEqual(['role']);
    expect(fieldsOf((await request(t, 'POST', '/api/v1/teams', { token: org.token, body: { name: '' } })).body)).toEqual(['name']);
    expect(fieldsOf((await request(t, 'POST', '/api/v1/teams', { token: org.token, body: { name: 'x', colour: 'red' } })).body)).toEqual(['body']);
    expect((await request(t, 'PATCH', `/api/v1/teams/${team}`, { token: org.token, body: {} })).status).toBe(400);
  });

  it('lets a team own services; deleting the team or a member leaves the services and the team intact', async () => {
    const team = (await request(t, 'POST', '/api/v1/teams', { token: org.token, body: { name: 'Owners' } })).body.id as string;
    const member = await addMember(t, org.token, 'responder');
    await request(t, 'PUT', `/api/v1/teams/${team}/members/${member.id}`, { token: org.token, body: { role: 'member' } });
    const service = await request(t, 'POST', '/api/v1/services', { token: org.token, body: { name: 'owned', team_id: team } });
    expect(service.status).toBe(201);
    expect(service.body.team_id).toBe(team);
    const foreign = await request(t, 'POST', '/api/v1/services', { token: stranger.token, body: { name: 'not theirs', team_id: team } });
    expect(foreign.status).toBe(422);
    expect(fieldsOf(foreign.body)).toEqual(['team_id']);
    expect((await request(t, 'PATCH', `/api/v1/services/${service.body.id}`, { token: org.token, body: { team_id: null } })).body.team_id).toBeNull();
    expect((await request(t, 'PATCH', `/api/v1/services/${service.body.id}`, { token: org.token, body: { team_id: team } })).body.team_id).toBe(team);

    expect((await request(t, 'DELETE', `/api/v1/users/${member.id}`, { token: org.token })).status).toBe(204);
    expect((await request(t, 'GET', `/api/v1/teams/${team}`, { token: org.token })).body.members).toEqual([]);
    expect((await request(t, 'DELETE', `/api/v1/teams/${team}`, { token: org.token })).status).toBe(204);
    expect((await request(t, 'GET', `/api/v1/teams/${team}`, { token: org.token })).status).toBe(404);
    expect((await request(t, 'GET', `/api/v1/services/${service.body.id}`, { token: org.token })).body).toMatchObject({ name: 'owned', team_id: null });
    const audit = await request(t, 'GET', '/api/v1/audit?limit=5', { token: org.token });
    expect(audit.body.entries[0]).toMatchObject({ action: 'team.delete', target_id: team, details: { name: 'Owners', services_unassigned: [service.body.id] } });
  });
});
