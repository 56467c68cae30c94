import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { afterEnteringLevels, cancelNotificationJobs, jobsWithNotifications, queueNotificationsInTransaction } from '../../engine/notification-jobs.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import { encodeCause, requestCause } from '../../lib/cause.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import type { Actor } from '../orgs/actor.ts';
import { users } from '../orgs/orgs.tables.ts';
import { services } from '../services/services.tables.ts';
import { assignToUsers, cancelScheduledNotifications, enterLevels, startEscalationsStatement } from './escalation.store.ts';
import { incidentEscalations } from './oncall.tables.ts';

async function lockTriggeredIncident(tx: Transaction, actor: Actor, id: string) {
  const [incident] = await tx.select().from(incidents).where(and(eq(incidents.id, id), eq(incidents.orgId, actor.orgId))).for('update');
  if (!incident) throw notFound('Incident');
  if (incident.status !== 'triggered') throw conflict(`Incident #${incident.number} is ${incident.status}; only a triggered incident escalates.`);
  return incident;
}

/**
 * Escalates by hand to a level (1-based; default the next one). An incident without an escalation yet
 * (its service had no policy when it triggered) starts on the service's current policy.
 */
export async function escalateIncident(deps: Deps, actor: Actor, id: string, requestedLevel?: number) {
  const now = deps.clock.now();
  const causedBy = encodeCause(requestCause(actor.requestId));
  const afterCommit = await deps.store.write(async (tx) => {
    const incident = await lockTriggeredIncident(tx, actor, id);
    let [escalation] = await tx.select().from(incidentEscalations).where(eq(incidentEscalations.incidentId, id)).for('update');
    if (!escalation || escalation.levels.length === 0) {
      const [service] = await tx.select({ policyId: services.escalationPolicyId }).from(services).where(eq(services.id, incident.serviceId));
      const start = service?.policyId ? startEscalationsStatement([{ incident_id: id, org_id: actor.orgId, policy_id: service.policyId, caused_by: causedBy }], now) : undefined;
      if (!start) throw new AppError('unprocessable', 'The incident has no escalation policy to escalate along: give its service one.');
      if (escalation) await tx.delete(incidentEscalations).where(eq(incidentEscalations.incidentId, id));
      await tx.execute(start);
      [escalation] = await tx.select().from(incidentEscalations).where(eq(incidentEscalations.incidentId, id)).for('update');
    }
    const row = escalation!;
    const level = requestedLevel === undefined ? Math.min(row.level + 1, row.levels.length - 1) : requestedLevel - 1;
    if (level < 0 || level >= row.levels.length) {
      throw new AppError('validation_failed', `The policy has ${row.levels.length} level(s).`, [{ field: 'level', message: `must be between 1 and ${row.levels.length}` }]);
    }
    await tx.update(incidentEscalations).set({ status: 'active' }).where(eq(incidentEscalations.incidentId, id));
    const entered = await enterLevels(tx, [{ escalation: row, incident, position: { level, loop: row.loop }, actor: { type: actor.type, id: actor.id }, kind: 'escalated', causedBy }], now, jobsWithNotifications(deps.queue, deps.clock));
    await recordAudit(tx, actor, 'incident.escalate', { type: 'incident', id }, now, { level: level + 1 });
    return afterEnteringLevels(tx, deps.store, deps.queue, entered, deps.clock);
  });
  await afterCommit();
}

/**
 * Hands the incident to these users: the policy's escalation stops; they are notified by their rules. What was
 * still scheduled for the incident (reminders of the previous assignees) is called off: the new assignees'
 * rules start over.
 */
export async function reassignIncident(deps: Deps, actor: Actor, id: string, userIds: string[]) {
  const now = deps.clock.now();
  const cancelled: string[] = [];
  const afterCommit = await deps.store.write(async (tx) => {
    const incident = await lockTriggeredIncident(tx, actor, id);
    const distinct = [...new Set(userIds)];
    const found = await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, actor.orgId), inArray(users.id, distinct)));
    const known = new Set(found.map((row) => row.id));
    const unknown = distinct.findIndex((userId) => !known.has(userId));
    if (unknown >= 0) throw new AppError('unprocessable', 'No such user in this organisation.', [{ field: `user_ids.${userIds.indexOf(distinct[unknown]!)}`, message: 'is not a user of this organisation' }]);
    cancelled.push(...(await cancelScheduledNotifications(tx, actor.orgId, id)));
    const result = await assignToUsers(tx, incident, distinct, { type: actor.type, id: actor.id }, now, encodeCause(requestCause(actor.requestId)));
    await recordAudit(tx, actor, 'incident.reassign', { type: 'incident', id }, now, { user_ids: distinct });
    return queueNotificationsInTransaction(tx, deps.store, deps.queue, result, deps.clock);
  });
  await cancelNotificationJobs(deps.queue, cancelled);
  await afterCommit();
}
