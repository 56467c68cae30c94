import { and, eq, sql } from 'drizzle-orm';
import { conflict } from '../../http/errors.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../orgs/actor.ts';
import { calendarFeeds, escalationPolicies, schedules } from './oncall.tables.ts';
import { planRelease } from './user-release.plan.ts';

const quoted = (names: string[]) => names.map((name) => JSON.stringify(name)).join(', ');

/**
 * Takes a user who is being deleted out of on-call, inside the deleting transaction: out of every schedule layer
 * (the rotation carries on with the others) and every escalation level that names them, and their calendar feed
 * goes. Refused with 409 naming them when the user is the only person of a layer or the only target of a level,
 * which would then page nobody. Each schedule and policy changed gets its own audit entry.
 */
export async function releaseFromOncall(tx: Transaction, actor: Actor, userId: string, now: Date) {
  const inSchedules = await tx
    .select({ id: schedules.id, name: schedules.name, layers: schedules.layers })
    .from(schedules)
    .where(and(eq(schedules.orgId, actor.orgId), sql`${schedules.layers} @> ${JSON.stringify([{ users: [userId] }])}::jsonb`))
    .orderBy(schedules.name)
    .for('update');
  const inPolicies = await tx
    .select({ id: escalationPolicies.id, name: escalationPolicies.name, levels: escalationPolicies.levels })
    .from(escalationPolicies)
    .where(and(eq(escalationPolicies.orgId, actor.orgId), sql`${escalationPolicies.levels} @> ${JSON.stringify([{ targets: [{ type: 'user', id: userId }] }])}::jsonb`))
    .orderBy(escalationPolicies.name)
    .for('update');

  const plan = planRelease(userId, inSchedules, inPolicies);
  const { schedules: emptied, policies: stranded } = plan.blockedBy;
  if (emptied.length > 0 || stranded.length > 0) {
    const reasons = [
      ...(emptied.length > 0 ? [`the only person of a layer of schedule${emptied.length > 1 ? 's' : ''} ${quoted(emptied)}`] : []),
      ...(stranded.length > 0 ? [`the only target of a level of escalation polic${stranded.length > 1 ? 'ies' : 'y'} ${quoted(stranded)}`] : []),
    ];
    throw conflict(`The user is ${reasons.join(' and ')}; without them it would page nobody. Add someone else there first.`);
  }

  for (const { id, name, layers } of plan.schedules) {
    await tx.update(schedules).set({ layers, updatedAt: now }).where(eq(schedules.id, id));
    await recordAudit(tx, actor, 'schedule.update', { type: 'schedule', id }, now, { name, changed: ['layers'], removed_user_id: userId });
  }
  for (const { id, name, levels } of plan.policies) {
    await tx.update(escalationPolicies).set({ levels, updatedAt: now }).where(eq(escalationPolicies.id, id));
    await recordAudit(tx, actor, 'escalation_policy.update', { type: 'escalation_policy', id }, now, { name, changed: ['levels'], removed_user_id: userId });
  }
  await tx.delete(calendarFeeds).where(and(eq(calendarFeeds.orgId, actor.orgId), eq(calendarFeeds.kind, 'user'), eq(calendarFeeds.subjectId, userId)));
  return { removed_from_schedules: inSchedules.map((s) => s.name), removed_from_escalation_policies: inPolicies.map((p) => p.name) };
}
