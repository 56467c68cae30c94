import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../orgs/actor.ts';
import { changingOncalls } from './oncalls.cache.ts';
import { services } from '../services/services.tables.ts';
import { type EscalationLevel, escalationPolicies, schedules } from './oncall.tables.ts';
import { loadUsers, uuidsOf } from './schedules.store.ts';

export interface PolicyFields {
  name?: string;
  description?: string;
  repeat_count?: number;
  levels?: EscalationLevel[];
}

export function createPolicy(deps: Deps, actor: Actor, input: PolicyFields & { name: string; repeat_count: number; levels: EscalationLevel[] }) {
  return changingOncalls(deps, actor.orgId, deps.store.write(async (tx) => {
    const now = deps.clock.now();
    await assertNameFree(tx, actor.orgId, input.name);
    await assertTargetsExist(tx, actor.orgId, input.levels);
    const [policy] = await tx
      .insert(escalationPolicies)
      .values({ id: randomUUID(), orgId: actor.orgId, name: input.name, description: input.description ?? '', repeatCount: input.repeat_count, levels: input.levels, createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(tx, actor, 'escalation_policy.create', { type: 'escalation_policy', id: policy!.id }, now, { name: input.name });
    return policy!;
  }));
}

/** Running escalations keep the levels they were started with; only new incidents see the change. */
export function updatePolicy(deps: Deps, actor: Actor, id: string, changes: PolicyFields) {
  return changingOncalls(deps, actor.orgId, deps.store.write(async (tx) => {
    const now = deps.clock.now();
    if (changes.name !== undefined) await assertNameFree(tx, actor.orgId, changes.name, id);
    if (changes.levels) await assertTargetsExist(tx, actor.orgId, changes.levels);
    const [policy] = await tx
      .update(escalationPolicies)
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.repeat_count !== undefined && { repeatCount: changes.repeat_count }),
        ...(changes.levels && { levels: changes.levels }),
        updatedAt: now,
      })
      .where(and(eq(escalationPolicies.id, id), eq(escalationPolicies.orgId, actor.orgId)))
      .returning();
    if (!policy) throw notFound('Escalation policy');
    await recordAudit(tx, actor, 'escalation_policy.update', { type: 'escalation_policy', id }, now, { ...changes });
    return policy;
  }));
}

/** Refused while a service pages through the policy: its incidents would page nobody. */
export function deletePolicy(deps: Deps, actor: Actor, id: string) {
  return changingOncalls(deps, actor.orgId, deps.store.write(async (tx) => {
    const [policy] = await tx
      .select({ id: escalationPolicies.id, name: escalationPolicies.name })
      .from(escalationPolicies)
      .where(and(eq(escalationPolicies.id, id), eq(escalationPolicies.orgId, actor.orgId)))
      .for('update');
    if (!policy) throw notFound('Escalation policy');
    const usedBy = await tx
      .select({ name: services.name })
      .from(services)
      .where(and(eq(services.orgId, actor.orgId), eq(services.escalationPolicyId, id)))
      .orderBy(services.name)
      .limit(10);
    if (usedBy.length > 0) {
      throw conflict(`The escalation policy is used by service${usedBy.length > 1 ? 's' : ''} ${usedBy.map((service) => JSON.stringify(service.name)).join(', ')}; give them another policy first.`);
    }
    await tx.delete(escalationPolicies).where(eq(escalationPolicies.id, id));
    await recordAudit(tx, actor, 'escalation_policy.delete', { type: 'escalation_policy', id }, deps.clock.now(), { name: policy.name });
  }));
}

/** 422 naming every target that is not a user or schedule of the organisation (`levels.0.targets.1.id`). */
async function assertTargetsExist(tx: Transaction, orgId: string, levels: EscalationLevel[]) {
  const targets = levels.flatMap((level, i) => level.targets.map((target, j) => ({ ...target, field: `levels.${i}.targets.${j}.id` })));
  const users = await loadUsers(
    tx,
    orgId,
    targets.filter((target) => target.type === 'user').map((target) => target.id),
  );
  const scheduleIds = uuidsOf(targets.filter((target) => target.type === 'schedule').map((target) => target.id));
  // Shared locks: a schedule being deleted meanwhile either goes first (and is missing here) or waits for us.
  const found =
    scheduleIds.length === 0
      ? []
      : await tx
          .select({ id: schedules.id })
          .from(schedules)
          .where(and(eq(schedules.orgId, orgId), inArray(schedules.id, scheduleIds)))
          .for('share');
  const knownSchedules = new Set(found.map((row) => row.id));
  const missing = targets.filter((target) => (target.type === 'user' ? !users.has(target.id) : !knownSchedules.has(target.id)));
  if (missing.length === 0) return;
  const details = missing.map((target) => ({ field: target.field, message: `is not a ${target.type} of this organisation` }));
  throw new AppError('unprocessable', details.map((detail) => `${detail.field}: ${detail.message}`).join('; '), details);
}

async function assertNameFree(tx: Transaction, orgId: string, name: string, exceptId?: string) {
  const [existing] = await tx.select({ id: escalationPolicies.id }).from(escalationPolicies).where(and(eq(escalationPolicies.orgId, orgId), eq(escalationPolicies.name, name)));
  if (existing && existing.id !== exceptId) throw conflict(`An escalation policy named ${JSON.stringify(name)} already exists.`);
}
