import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { AppError, conflict, invalid, notFound } from '../../http/errors.ts';
import type { Executor, Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../orgs/actor.ts';
import { changingOncalls } from './oncalls.cache.ts';
import { calendarFeeds, escalationPolicies, scheduleOverrides, schedules } from './oncall.tables.ts';
import type { StoredLayerView } from './schedules.presenters.ts';
import type { LayerInput } from './schedules.schema.ts';
import { loadUsers } from './schedules.store.ts';

export interface ScheduleFields {
  name?: string;
  description?: string;
  time_zone?: string;
  layers?: LayerInput[];
}

export function createSchedule(deps: Deps, actor: Actor, input: ScheduleFields & { name: string; time_zone: string; layers: LayerInput[] }) {
  const layers = storedLayers(input.layers);
  return changingOncalls(deps, actor.orgId, deps.store.write(async (tx) => {
    const now = deps.clock.now();
    await assertNameFree(tx, actor.orgId, input.name);
    await assertLayerUsersKnown(tx, actor.orgId, layers);
    const [schedule] = await tx
      .insert(schedules)
      .values({ id: randomUUID(), orgId: actor.orgId, name: input.name, description: input.description ?? '', timeZone: input.time_zone, layers, createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(tx, actor, 'schedule.create', { type: 'schedule', id: schedule!.id }, now, { name: input.name });
    return schedule!;
  }));
}

export function updateSchedule(deps: Deps, actor: Actor, id: string, changes: ScheduleFields) {
  const layers = changes.layers && storedLayers(changes.layers);
  return changingOncalls(deps, actor.orgId, deps.store.write(async (tx) => {
    const now = deps.clock.now();
    if (changes.name !== undefined) await assertNameFree(tx, actor.orgId, changes.name, id);
    if (layers) await assertLayerUsersKnown(tx, actor.orgId, layers);
    const [schedule] = await tx
      .update(schedules)
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.time_zone !== undefined && { timeZone: changes.time_zone }),
        ...(layers && { layers }),
        updatedAt: now,
      })
      .where(and(eq(schedules.id, id), eq(schedules.orgId, actor.orgId)))
      .returning();
    if (!schedule) throw notFound('Schedule');
    await recordAudit(tx, actor, 'schedule.update', { type: 'schedule', id }, now, { name: schedule.name, changed: Object.keys(changes) });
    return schedule;
  }));
}

/** Refused while an escalation policy pages the schedule: the policy would silently page nobody. */
export function deleteSchedule(deps: Deps, actor: Actor, id: string) {
  return changingOncalls(deps, actor.orgId, deps.store.write(async (tx) => {
    const now = deps.clock.now();
    // Locked first, so a policy being pointed at it concurrently either commits before (and is seen) or fails after.
    const [schedule] = await tx.select({ id: schedules.id, name: schedules.name }).from(schedules).where(and(eq(schedules.id, id), eq(schedules.orgId, actor.orgId))).for('update');
    if (!schedule) throw notFound('Schedule');
    const policies = await policiesTargeting(tx, actor.orgId, 'schedule', id);
    if (policies.length > 0) {
      throw conflict(`The schedule is used by escalation polic${policies.length > 1 ? 'ies' : 'y'} ${policies.map((policy) => JSON.stringify(policy.name)).join(', ')}; remove it from them first.`);
    }
    await tx.delete(calendarFeeds).where(and(eq(calendarFeeds.orgId, actor.orgId), eq(calendarFeeds.kind, 'schedule'), eq(calendarFeeds.subjectId, id)));
    await tx.delete(schedules).where(eq(schedules.id, id));
    await recordAudit(tx, actor, 'schedule.delete', { type: 'schedule', id }, now, { name: schedule.name });
  }));
}

export function createOverride(deps: Deps, actor: Actor, scheduleId: string, input: { user_id: string; start: Date; end: Date }) {
  return changingOncalls(deps, actor.orgId, deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [schedule] = await tx.select({ id: schedules.id }).from(schedules).where(and(eq(schedules.id, scheduleId), eq(schedules.orgId, actor.orgId))).for('share');
    if (!schedule) throw notFound('Schedule');
    if (!(await loadUsers(tx, actor.orgId, [input.user_id])).has(input.user_id)) throw notAUser(['user_id']);
    const [override] = await tx
      .insert(scheduleOverrides)
      .values({ id: randomUUID(), orgId: actor.orgId, scheduleId, userId: input.user_id, start: input.start, end: input.end, createdAt: now })
      .returning();
    await recordAudit(tx, actor, 'schedule.override.create', { type: 'schedule_override', id: override!.id }, now, {
      schedule_id: scheduleId,
      user_id: input.user_id,
      start: input.start.toISOString(),
      end: input.end.toISOString(),
    });
    return override!;
  }));
}

export function deleteOverride(deps: Deps, actor: Actor, scheduleId: string, id: string) {
  return changingOncalls(deps, actor.orgId, deps.store.write(async (tx) => {
    const [override] = await tx
      .delete(scheduleOverrides)
      .where(and(eq(scheduleOverrides.id, id), eq(scheduleOverrides.scheduleId, scheduleId), eq(scheduleOverrides.orgId, actor.orgId)))
      .returning({ id: scheduleOverrides.id });
    if (!override) throw notFound('Override');
    await recordAudit(tx, actor, 'schedule.override.delete', { type: 'schedule_override', id }, deps.clock.now(), { schedule_id: scheduleId });
  }));
}

/** Escalation policies with a level that targets the user or schedule. */
function policiesTargeting(executor: Executor, orgId: string, type: 'user' | 'schedule', id: string) {
  const pattern = JSON.stringify([{ targets: [{ type, id }] }]);
  return executor
    .select({ id: escalationPolicies.id, name: escalationPolicies.name })
    .from(escalationPolicies)
    .where(and(eq(escalationPolicies.orgId, orgId), sql`${escalationPolicies.levels} @> ${pattern}::jsonb`))
    .orderBy(escalationPolicies.name);
}

/** 422 naming each field whose user is not one of the organisation's. */
function notAUser(fields: string[]): AppError {
  const message = 'is not a user of this organisation';
  return new AppError('unprocessable', fields.map((field) => `${field}: ${message}`).join('; '), fields.map((field) => ({ field, message })));
}

/** Layers in the form they are stored and shown: every layer with an id (kept when given) and a name. */
function storedLayers(layers: LayerInput[]): StoredLayerView[] {
  const seen = new Map<string, number>();
  return layers.map((given, index) => {
    const id = given.id ?? randomUUID();
    const first = seen.get(id);
    if (first !== undefined) throw invalid(`layers.${index}.id`, `is the id of layers.${first} too; layer ids must differ`);
    seen.set(id, index);
    return {
      id,
      name: given.name ?? `Layer ${index + 1}`,
      start: given.start.toISOString(),
      end: given.end ? given.end.toISOString() : null,
      rotation: given.rotation,
      handoff_time: given.handoff_time,
      users: given.users,
      restrictions: given.restrictions,
    };
  });
}

async function assertLayerUsersKnown(executor: Executor, orgId: string, layers: StoredLayerView[]) {
  const known = await loadUsers(
    executor,
    orgId,
    layers.flatMap((layer) => layer.users),
  );
  const unknown = layers.flatMap((layer, i) => layer.users.flatMap((user, j) => (known.has(user) ? [] : [`layers.${i}.users.${j}`])));
  if (unknown.length > 0) throw notAUser(unknown);
}

async function assertNameFree(tx: Transaction, orgId: string, name: string, exceptId?: string) {
  const [existing] = await tx.select({ id: schedules.id }).from(schedules).where(and(eq(schedules.orgId, orgId), eq(schedules.name, name)));
  if (existing && existing.id !== exceptId) throw conflict(`A schedule named ${JSON.stringify(name)} already exists.`);
}
