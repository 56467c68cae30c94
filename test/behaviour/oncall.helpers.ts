import { request } from '../factories.ts';
import type { TestVigil } from '../harness.ts';

let counter = 0;

/** A clock the test moves by hand. */
export function handClock(start: string) {
  let now = new Date(start);
  return {
    now: () => now,
    set(at: string | Date) {
      now = new Date(at);
    },
  };
}

/** Adds a user with the role to the admin's organisation; returns their id and an API key of theirs. */
export async function addMember(t: TestVigil, adminToken: string, role: 'admin' | 'responder' | 'observer', name = `Member ${(counter += 1)}`) {
  const email = `member-${process.pid}-${(counter += 1)}@example.com`;
  const password = 'correct horse battery staple';
  const added = await request(t, 'POST', '/api/v1/users', { token: adminToken, body: { email, name, role, password } });
  if (added.status !== 201) throw new Error(`add user answered ${added.status}: ${JSON.stringify(added.body)}`);
  const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email, password } });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const key = await request(t, 'POST', '/api/v1/api-keys', { headers: { cookie }, body: { name: 'tests' } });
  if (key.status !== 201) throw new Error(`create API key answered ${key.status}: ${JSON.stringify(key.body)}`);
  return { id: added.body.user.id as string, token: key.body.token as string, name, email };
}

export async function userIdOf(t: TestVigil, token: string): Promise<string> {
  return (await request(t, 'GET', '/api/v1/me', { token })).body.user.id as string;
}

/** The audit actions of the organisation, newest first. */
export async function auditActions(t: TestVigil, adminToken: string): Promise<string[]> {
  const audit = await request(t, 'GET', '/api/v1/audit?limit=500', { token: adminToken });
  return audit.body.entries.map((entry: { action: string }) => entry.action);
}

/** A daily layer handing off at 09:00 Berlin time through the users. */
export function dailyLayer(users: string[], start = '2026-10-22T09:00:00+02:00', fields: Record<string, unknown> = {}) {
  return { name: 'Primary', start, rotation: { kind: 'daily' }, handoff_time: '09:00', users, ...fields };
}
