import { and, eq, sql } from 'drizzle-orm';
import { conflict } from '../../http/errors.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../orgs/actor.ts';
import { calendarFeeds, type EscalationLevel, escalationPolicies, schedules, type StoredLayer } from './oncall.tables.ts';

const quoted = (names: string[]) => names.map((name) => JSON.stringify(name)).join(', ');
const usersOf = (layer: StoredLayer): string[] => (Array.isArray(layer['users']) ? layer['users'].filter((id): id is string => typeof id === 'string') : []);

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

  const others = (ids: string[]) => ids.filter((id) => id !== userId);
  const keptTargets = (level: EscalationLevel) => level.targets.filter((target) => !(target.type === 'user' && target.id === userId));
  const onlyInLayer = inSchedules.filter((schedule) => schedule.layers.some((layer) => usersOf(layer).includes(userId) && others(usersOf(layer)).length === 0));
  const onlyInLevel = inPolicies.filter((policy) => policy.levels.some((level) => keptTargets(level).length === 0));
  if (onlyInLayer.length > 0 || onlyInLevel.length > 0) {
    const reasons = [
      ...(onlyInLayer.length > 0 ? [`the only person of a layer of schedule${onlyInLayer.length > 1 ? 's' : ''} ${quoted(onlyInLayer.map((s) => s.name))}`] : []),
      ...(onlyInLevel.length > 0 ? [`the only target of a level of escalation polic${onlyInLevel.length > 1 ? 'ies' : 'y'} ${quoted(onlyInLevel.map((p) => p.name))}`] : []),
    ];
    throw conflict(`The user is ${reasons.join(' and ')}; without them it would page nobody. Add someone else there first.`);
  }

  for (const schedule of inSchedules) {
    const layers = schedule.layers.map((layer) => (usersOf(layer).includes(userId) ? { ...layer, users: others(usersOf(layer)) } : layer));
    await tx.update(schedules).set({ layers, updatedAt: now }).where(eq(schedules.id, schedule.id));
    await recordAudit(tx, actor, 'schedule.update', { type: 'schedule', id: schedule.id }, now, { name: schedule.name, changed: ['layers'], removed_user_id: userId });
  }
  for (const policy of inPolicies) {
    const levels = policy.levels.map((level) => ({ ...level, targets: keptTargets(level) }));
    await tx.update(escalationPolicies).set({ levels, updatedAt: now }).where(eq(escalationPolicies.id, policy.id));
    await recordAudit(tx, actor, 'escalation_policy.update', { type: 'escalation_policy', id: policy.id }, now, { name: policy.name, changed: ['levels'], removed_user_id: userId });
  }
  await tx.delete(calendarFeeds).where(and(eq(calendarFeeds.orgId, actor.orgId), eq(calendarFeeds.kind, 'user'), eq(calendarFeeds.subjectId, userId)));
  return { removed_from_schedules: inSchedules.map((s) => s.name), removed_from_escalation_policies: inPolicies.map((p) => p.name) };
}
