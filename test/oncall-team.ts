import { expect } from 'vitest';
import { addMember, dailyLayer, userIdOf } from './behaviour/oncall.helpers.ts';
import { request } from './factories.ts';
import type { TestVigil } from './harness.ts';

/** An organisation's owner and a second responder in a daily rotation, paged by a one-level policy. */
export async function rotatingTeam(t: TestVigil, token: string) {
  const ownerId = await userIdOf(t, token);
  const other = await addMember(t, token, 'responder', 'Rota Second');
  const schedule = await request(t, 'POST', '/api/v1/schedules', { token, body: { name: 'Rota', time_zone: 'Europe/Berlin', layers: [dailyLayer([ownerId, other.id])] } });
  expect(schedule.status).toBe(201);
  const policy = await request(t, 'POST', '/api/v1/escalation-policies', { token, body: { name: 'Rota policy', levels: [{ delay_minutes: 30, targets: [{ type: 'schedule', id: schedule.body.id }] }] } });
  expect(policy.status).toBe(201);
  return { ownerId, other, scheduleId: schedule.body.id as string, policyId: policy.body.id as string };
}

/** Ids of the users GET /oncalls says are on call now. */
export async function oncallUserIds(t: TestVigil, token: string): Promise<string[]> {
  const response = await request(t, 'GET', '/api/v1/oncalls', { token });
  expect(response.status).toBe(200);
  return response.body.oncalls.map((entry: { user: { id: string } }) => entry.user.id);
}

/** An override putting `userId` on call for the next hours. */
export async function overrideNow(t: TestVigil, token: string, scheduleId: string, userId: string) {
  const start = new Date(Date.now() - 60_000).toISOString();
  const end = new Date(Date.now() + 4 * 3_600_000).toISOString();
  const created = await request(t, 'POST', `/api/v1/schedules/${scheduleId}/overrides`, { token, body: { user_id: userId, start, end } });
  expect(created.status).toBe(201);
}
