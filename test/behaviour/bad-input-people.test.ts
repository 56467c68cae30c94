import { afterAll, beforeAll, expect, it } from 'vitest';
import { newIntegration, newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { addMember, userIdOf } from './oncall.helpers.ts';

/** Ids of this organisation (`mine`) and of another one (`theirs`) that the cases aim at. */
interface Fixture {
  userId: string;
  teamId: string;
  invitationId: string;
  serviceId: string;
  theirUserId: string;
  theirTeamId: string;
  theirInvitationId: string;
  theirServiceId: string;
}

interface Refusal {
  name: string;
  method: string;
  url: (f: Fixture) => string;
  /** A JSON body, or one built from the fixture. */
  body?: unknown;
  rawBody?: string;
  /** Sent without the admin's API key (public routes). */
  anonymous?: boolean;
  status: number;
  says: RegExp;
  /** A `details` entry must name this field. */
  field?: string;
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const HUGE = 'x'.repeat(100_000);
const WELL_FORMED_TOKEN = `vgli_${'A'.repeat(43)}`;
const password = 'correct horse battery staple';
const codeByStatus: Record<number, string> = { 400: 'validation_failed', 404: 'not_found', 422: 'unprocessable' };

const refusals: Refusal[] = [
  // Invitations
  { name: 'an invitation e-mail that is a number', method: 'POST', url: () => '/api/v1/invitations', body: { email: 42 }, status: 400, says: /^email: must be a string, not a number$/, field: 'email' },
  { name: 'an invitation role nobody has', method: 'POST', url: () => '/api/v1/invitations', body: { email: 'a@example.com', role: 'owner' }, status: 400, says: /^role: must be one of/, field: 'role' },
  { name: 'an invitation with an unknown field', method: 'POST', url: () => '/api/v1/invitations', body: { email: 'a@example.com', team: 'x' }, status: 400, says: /has unknown field "team"/, field: 'body' },
  { name: 'an invitation with a huge name', method: 'POST', url: () => '/api/v1/invitations', body: { email: 'a@example.com', name: HUGE }, status: 400, says: /^name: must be at most 200 characters long$/, field: 'name' },
  { name: 'an invitation with a __proto__ key', method: 'POST', url: () => '/api/v1/invitations', rawBody: '{"email":"a@example.com","__proto__":{"role":"admin"}}', status: 400, says: /__proto__/ },
  { name: 'an invitation id that is no UUID', method: 'DELETE', url: () => '/api/v1/invitations/123', status: 400, says: /^id: /, field: 'id' },
  { name: "another organisation's invitation", method: 'DELETE', url: (f) => `/api/v1/invitations/${f.theirInvitationId}`, status: 404, says: /Invitation/ },
  { name: 'an invitation token of the wrong shape', method: 'GET', url: () => '/api/v1/invitations/accept/not-a-token', anonymous: true, status: 400, says: /^token: /, field: 'token' },
  { name: 'an invitation token longer than any', method: 'GET', url: () => `/api/v1/invitations/accept/${'a'.repeat(300)}`, anonymous: true, status: 400, says: /^A path parameter is longer than 200 characters\.$/ },
  { name: 'accepting with a token of the wrong shape', method: 'POST', url: () => '/api/v1/invitations/accept/vgl_123', anonymous: true, body: { name: 'Ada', password }, status: 400, says: /^token: /, field: 'token' },
  { name: 'accepting an unknown well-formed token', method: 'POST', url: () => `/api/v1/invitations/accept/${WELL_FORMED_TOKEN}`, anonymous: true, body: { name: 'Ada', password }, status: 404, says: /not valid/ },
  { name: 'accepting without a name', method: 'POST', url: () => `/api/v1/invitations/accept/${WELL_FORMED_TOKEN}`, anonymous: true, body: { password }, status: 400, says: /^name: is required$/, field: 'name' },
  { name: 'accepting with a short password', method: 'POST', url: () => `/api/v1/invitations/accept/${WELL_FORMED_TOKEN}`, anonymous: true, body: { name: 'Ada', password: 'short' }, status: 400, says: /^password: /, field: 'password' },
  { name: 'accepting with a huge password', method: 'POST', url: () => `/api/v1/invitations/accept/${WELL_FORMED_TOKEN}`, anonymous: true, body: { name: 'Ada', password: HUGE }, status: 400, says: /^password: /, field: 'password' },
  { name: 'accepting with a role of their choosing', method: 'POST', url: () => `/api/v1/invitations/accept/${WELL_FORMED_TOKEN}`, anonymous: true, body: { name: 'Ada', password, role: 'admin' }, status: 400, says: /has unknown field "role"/, field: 'body' },

  // Users
  { name: 'a user id that is no UUID', method: 'PATCH', url: () => '/api/v1/users/me', body: { name: 'x' }, status: 400, says: /^id: /, field: 'id' },
  { name: 'a user name that is an array', method: 'PATCH', url: (f) => `/api/v1/users/${f.userId}`, body: { name: ['x'] }, status: 400, says: /^name: must be a string, not an array$/, field: 'name' },
  { name: 'a user change with an unknown field', method: 'PATCH', url: (f) => `/api/v1/users/${f.userId}`, body: { email: 'new@example.com' }, status: 400, says: /has unknown field "email"/, field: 'body' },
  { name: 'a user change that is null', method: 'PATCH', url: (f) => `/api/v1/users/${f.userId}`, body: null, status: 400, says: /body/ },
  { name: "deleting another organisation's user", method: 'DELETE', url: (f) => `/api/v1/users/${f.theirUserId}`, status: 404, says: /User/ },
  { name: 'deleting an unknown user', method: 'DELETE', url: () => `/api/v1/users/${UNKNOWN_ID}`, status: 404, says: /User/ },
  { name: 'a password change without the current password', method: 'POST', url: () => '/api/v1/me/password', body: { new_password: password }, status: 400, says: /^current_password: is required$/, field: 'current_password' },
  { name: 'a new password that is a number', method: 'POST', url: () => '/api/v1/me/password', body: { current_password: password, new_password: 12345678901 }, status: 400, says: /^new_password: must be a string/, field: 'new_password' },
  { name: 'a huge current password', method: 'POST', url: () => '/api/v1/me/password', body: { current_password: HUGE, new_password: password }, status: 400, says: /^current_password: must be at most 256/, field: 'current_password' },

  // On-call shifts
  { name: 'shifts since a date that is no date', method: 'GET', url: () => '/api/v1/me/oncall-shifts?since=yesterday', status: 400, says: /^since: /, field: 'since' },
  { name: 'shifts since a date without a zone', method: 'GET', url: () => '/api/v1/me/oncall-shifts?since=2026-01-01T00:00:00', status: 400, says: /^since: /, field: 'since' },
  { name: 'shifts since the year 0', method: 'GET', url: () => '/api/v1/me/oncall-shifts?since=0000-01-01T00:00:00Z', status: 400, says: /^since: /, field: 'since' },
  { name: 'shifts until before since', method: 'GET', url: () => '/api/v1/me/oncall-shifts?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z', status: 400, says: /^until: must be after since$/, field: 'until' },
  { name: 'shifts over more than 93 days', method: 'GET', url: () => '/api/v1/me/oncall-shifts?since=2026-01-01T00:00:00Z&until=2027-01-01T00:00:00Z', status: 400, says: /^until: must be at most 93 days/, field: 'until' },
  { name: 'shifts with an unknown parameter', method: 'GET', url: () => '/api/v1/me/oncall-shifts?days=3', status: 400, says: /has unknown field "days"/ },
  { name: 'shifts of a user id that is no UUID', method: 'GET', url: () => '/api/v1/users/42/oncall-shifts', status: 400, says: /^id: /, field: 'id' },
  { name: "shifts of another organisation's user", method: 'GET', url: (f) => `/api/v1/users/${f.theirUserId}/oncall-shifts`, status: 404, says: /User/ },

  // Teams
  { name: 'a team name that is a number', method: 'POST', url: () => '/api/v1/teams', body: { name: 7 }, status: 400, says: /^name: must be a string, not a number$/, field: 'name' },
  { name: 'a huge team description', method: 'POST', url: () => '/api/v1/teams', body: { name: 'Huge', description: HUGE }, status: 400, says: /^description: must be at most 2000/, field: 'description' },
  { name: 'a team with a __proto__ key', method: 'POST', url: () => '/api/v1/teams', rawBody: '{"name":"Proto","__proto__":{"x":1}}', status: 400, says: /__proto__/ },
  { name: 'a team member id that is no UUID', method: 'PUT', url: (f) => `/api/v1/teams/${f.teamId}/members/alice`, body: { role: 'member' }, status: 400, says: /^userId: /, field: 'userId' },
  { name: "another organisation's user as a team member", method: 'PUT', url: (f) => `/api/v1/teams/${f.teamId}/members/${f.theirUserId}`, body: { role: 'member' }, status: 404, says: /User/ },
  { name: "a member of another organisation's team", method: 'PUT', url: (f) => `/api/v1/teams/${f.theirTeamId}/members/${f.userId}`, body: { role: 'member' }, status: 404, says: /Team/ },
  { name: "taking a member out of another organisation's team", method: 'DELETE', url: (f) => `/api/v1/teams/${f.theirTeamId}/members/${f.theirUserId}`, status: 404, says: /Team/ },
  { name: 'taking out someone who is no member', method: 'DELETE', url: (f) => `/api/v1/teams/${f.teamId}/members/${f.theirUserId}`, status: 404, says: /Team member/ },
  { name: "a service owned by another organisation's team", method: 'PATCH', url: (f) => `/api/v1/services/${f.serviceId}`, body: (f: Fixture) => ({ team_id: f.theirTeamId }), status: 422, says: /team/, field: 'team_id' },
  { name: 'a service team id that is no UUID', method: 'PATCH', url: (f) => `/api/v1/services/${f.serviceId}`, body: { team_id: 'payments' }, status: 400, says: /^team_id: /, field: 'team_id' },

  // Overview
  { name: 'an overview since a date that is no date', method: 'GET', url: () => '/api/v1/analytics/overview?since=2026-13-45', status: 400, says: /^since: /, field: 'since' },
  { name: 'an overview in months', method: 'GET', url: () => '/api/v1/analytics/overview?bucket=month', status: 400, says: /^bucket: must be one of "day", "week"$/, field: 'bucket' },
  { name: 'an overview in a zone that does not exist', method: 'GET', url: () => '/api/v1/analytics/overview?time_zone=Mars/Olympus_Mons', status: 400, says: /^time_zone: /, field: 'time_zone' },
  { name: 'an overview of a service id that is no UUID', method: 'GET', url: () => '/api/v1/analytics/overview?service_id=payments', status: 400, says: /^service_id: /, field: 'service_id' },
  { name: "an overview of another organisation's service", method: 'GET', url: (f) => `/api/v1/analytics/overview?service_id=${f.theirServiceId}`, status: 404, says: /Service/ },
  { name: 'an overview until before since', method: 'GET', url: () => '/api/v1/analytics/overview?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z', status: 400, says: /^since: must be before until$/, field: 'since' },

  { name: 'an overview in a zone named by a huge string', method: 'GET', url: () => `/api/v1/analytics/overview?time_zone=${'A'.repeat(5000)}`, status: 400, says: /^time_zone: /, field: 'time_zone' },
  { name: 'an overview with since given twice', method: 'GET', url: () => '/api/v1/analytics/overview?since=2026-01-01T00:00:00Z&since=2026-01-02T00:00:00Z', status: 400, says: /^since: /, field: 'since' },
  { name: 'an overview with a __proto__ parameter', method: 'GET', url: () => '/api/v1/analytics/overview?__proto__=x', status: 400, says: /unknown field/ },
  { name: 'shifts until a huge string', method: 'GET', url: () => `/api/v1/me/oncall-shifts?until=${'9'.repeat(5000)}`, status: 400, says: /^until: /, field: 'until' },
  { name: 'accepting with an array for a body', method: 'POST', url: () => `/api/v1/invitations/accept/${WELL_FORMED_TOKEN}`, anonymous: true, body: [{ name: 'Ada', password }], status: 400, says: /^body: must be an object, not an array$/ },
  { name: 'a team member put without a body', method: 'PUT', url: (f) => `/api/v1/teams/${f.teamId}/members/${f.userId}`, status: 400, says: /^body: must be an object, not null$/, field: 'body' },

  // Demo data
  { name: 'a demo seed that is a string', method: 'POST', url: () => '/api/v1/demo', body: { seed: 'one' }, status: 400, says: /^seed: must be a number, not a string$/, field: 'seed' },
  { name: 'a negative demo seed', method: 'POST', url: () => '/api/v1/demo', body: { seed: -1 }, status: 400, says: /^seed: /, field: 'seed' },
  { name: 'a demo seed beyond 32 bits', method: 'POST', url: () => '/api/v1/demo', body: { seed: 2 ** 40 }, status: 400, says: /^seed: /, field: 'seed' },
  { name: 'a demo with an unknown field', method: 'POST', url: () => '/api/v1/demo', body: { seed: 1, size: 'large' }, status: 400, says: /has unknown field "size"/, field: 'body' },
];

describeEachStore('malformed or foreign requests to the people, on-call shift, overview and demo routes get a 4xx naming the problem', (kind) => {
  let t: TestVigil;
  let token: string;
  let adminId: string;
  let f0: Fixture;
  beforeAll(async () => {
    t = await startVigil(kind);
    const mine = await newOrganisation(t);
    const theirs = await newOrganisation(t);
    token = mine.token;
    adminId = await userIdOf(t, token);
    const create = async (org: string, url: string, body: unknown) => {
      const response = await request(t, 'POST', url, { token: org, body });
      expect(response.status, url).toBe(201);
      return response.body.id as string;
    };
    f0 = {
      userId: (await addMember(t, mine.token, 'responder')).id,
      teamId: await create(mine.token, '/api/v1/teams', { name: 'Ours' }),
      invitationId: await create(mine.token, '/api/v1/invitations', { email: `ours-${process.pid}@example.com` }),
      serviceId: (await newIntegration(t, mine.token)).serviceId,
      theirUserId: (await addMember(t, theirs.token, 'responder')).id,
      theirTeamId: await create(theirs.token, '/api/v1/teams', { name: 'Theirs' }),
      theirInvitationId: await create(theirs.token, '/api/v1/invitations', { email: `theirs-${process.pid}@example.com` }),
      theirServiceId: (await newIntegration(t, theirs.token)).serviceId,
    };
  });
  afterAll(() => t.stop());

  it.each(refusals)('refuses $name with $status', async ({ method, url, body, rawBody, anonymous, status, says, field }) => {
    const json = typeof body === 'function' ? (body as (f: Fixture) => unknown)(f0) : body;
    const response = await request(t, method, url(f0), {
      ...(!anonymous && { token }),
      ...(json !== undefined && { body: json }),
      ...(rawBody !== undefined && { rawBody, headers: { 'content-type': 'application/json' } }),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.error.code).toBe(status === 400 && response.body.error.code === 'invalid_json' ? 'invalid_json' : codeByStatus[status]);
    expect(response.body.error.message).toMatch(says);
    if (field) expect(response.body.error.details).toContainEqual({ field, message: expect.any(String) });
  });

  it('changed nothing in either organisation', async () => {
    const team = await request(t, 'GET', `/api/v1/teams/${f0.teamId}`, { token });
    expect(team.body.members).toEqual([]);
    const user = await request(t, 'GET', `/api/v1/users/${f0.userId}`, { token });
    expect(user.body.user).toMatchObject({ role: 'responder' });
    const invitations = await request(t, 'GET', '/api/v1/invitations', { token });
    expect(invitations.body.invitations.map((i: { id: string }) => i.id)).toEqual([f0.invitationId]);
    const teams = await request(t, 'GET', '/api/v1/teams', { token });
    expect(teams.body.teams.map((team: { name: string }) => team.name)).toEqual(['Ours']);
    const services = await request(t, 'GET', '/api/v1/services', { token });
    expect(services.body.services.map((s: { team_id: string | null }) => s.team_id)).toEqual([null]);
    expect((await request(t, 'GET', `/api/v1/users/${adminId}`, { token })).status).toBe(200);
  });
});
