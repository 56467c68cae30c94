import { and, asc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor, Transaction } from '../../ports/store.ts';
import { bulkInsertStatement } from '../../adapters/bulk-insert.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { notifications } from '../notify/notify.tables.ts';
import {
  type EnterLevel,
  findStepPeople,
  type JobsWithNotifications,
  NOTIFICATION_COLUMNS,
  notificationRows,
  planLevelEntries,
  scheduled,
  type ScheduledNotification,
  type StepActor,
  STEP_LOG_COLUMNS,
  STEP_OUTBOX_COLUMNS,
  stepRows,
} from './level-entries.ts';
import { onCallIn, peopleToPage } from './level-targets.ts';
import { incidentEscalations } from './oncall.tables.ts';
import { constant, idArray } from '../../adapters/sql-constant.ts';

type IncidentRow = typeof incidents.$inferSelect;

/**
 * Escalation rows for incidents that just triggered on a service with a policy: the policy's levels are
 * copied in (later edits leave running escalations alone) and the row is due at once, so the engine enters
 * the first level on its next pass. Undefined when there are none.
 */
export function startEscalationsStatement(rows: ReadonlyArray<{ incident_id: string; org_id: string; policy_id: string; caused_by?: string | null }>, now: Date): SQL | undefined {
  if (rows.length === 0) return undefined;
  return sql`
    insert into incident_escalations (incident_id, org_id, policy_id, levels, repeat_count, level, loop, status, next_escalation_at, assignees, updated_at, caused_by)
    select v.incident_id, v.org_id, p.id, p.levels, p.repeat_count, -1, 0, 'active', ${now.toISOString()}::timestamptz, '[]'::jsonb, ${now.toISOString()}::timestamptz, v.caused_by
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(incident_id uuid, org_id uuid, policy_id uuid, caused_by text)
    join escalation_policies p on p.id = v.policy_id and p.org_id = v.org_id
    on conflict (incident_id) do nothing`;
}

/**
 * Due escalations with their incidents (null once deleted), in one round trip: under a storm the engine's
 * pass is a chain of them, each waiting its turn on a busy event loop. The escalations are locked; rows
 * another process holds are skipped (it advances them).
 */
export function claimDueEscalations(tx: Transaction, now: Date, limit: number) {
  return tx
    .select({ escalation: incidentEscalations, incident: incidents })
    .from(incidentEscalations)
    .leftJoin(incidents, eq(incidents.id, incidentEscalations.incidentId))
    .where(and(eq(incidentEscalations.status, constant('active')), lte(incidentEscalations.nextEscalationAt, now)))
    .orderBy(asc(incidentEscalations.nextEscalationAt))
    .limit(limit)
    .for('update', { of: incidentEscalations, skipLocked: true });
}

/** Escalations stop: their incidents were acknowledged or resolved, or their policy has run its course. */
export async function stopEscalations(tx: Transaction, incidentIds: string[], now: Date): Promise<void> {
  if (incidentIds.length === 0) return;
  await tx.update(incidentEscalations).set({ status: 'stopped', nextEscalationAt: null, updatedAt: now }).where(inArray(incidentEscalations.incidentId, incidentIds));
}

/** Notifications of an incident not sent yet are called off; returns them so their jobs can be cancelled. */
export async function cancelScheduledNotifications(tx: Transaction, orgId: string, incidentId: string): Promise<string[]> {
  const rows = await tx
    .update(notifications)
    .set({ status: 'cancelled' })
    .where(and(eq(notifications.orgId, orgId), eq(notifications.incidentId, incidentId), eq(notifications.status, constant('scheduled'))))
    .returning({ id: notifications.id });
  return rows.map((row) => row.id);
}

export interface EnteredLevels {
  scheduled: ScheduledNotification[];
  /** Set when their jobs were queued in the same statement (`JobsWithNotifications`): call it after the commit. */
  wake?: () => void;
}

/**
 * Puts incidents at levels: resolves who is on call there now, assigns the incidents to them, schedules
 * their notifications by their rules for each incident's urgency, and records it all in the timeline and
 * the outbox. Set-based: a few statements for the whole batch, whatever its size (a storm of incidents on
 * one policy resolves that policy's level once).
 */
export async function enterLevels(tx: Transaction, steps: EnterLevel[], now: Date, jobsWith?: JobsWithNotifications): Promise<EnteredLevels> {
  if (steps.length === 0) return { scheduled: [] };
  const entries = planLevelEntries(steps, await findStepPeople(tx, steps, now), now, jobsWith);
  const stepIds = idArray(
    steps.map((step) => step.incident.id),
    'uuid',
  );
  await tx.execute(
    combine([
      sql`update incident_escalations e set level = v.level, loop = v.loop, assignees = v.assignees, next_escalation_at = v.next_escalation_at,
          status = v.status, updated_at = ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(entries.states)}::jsonb) as v(incident_id uuid, level int, loop int, assignees jsonb, next_escalation_at timestamptz, status text)
        where e.incident_id = v.incident_id and e.incident_id = any(${stepIds})`,
      // The people of the level left behind are no longer assigned: their reminders still to come are called
      // off (their queued jobs find them cancelled); what was due already goes out. Same snapshot: the rows
      // inserted below are not touched.
      sql`update notifications set status = 'cancelled'
        where status = 'scheduled' and due_at > ${now.toISOString()}::timestamptz and incident_id = any(${stepIds})`,
      bulkInsertStatement('incident_log', STEP_LOG_COLUMNS, entries.log),
      bulkInsertStatement('outbox', STEP_OUTBOX_COLUMNS, entries.outbox),
      bulkInsertStatement('notifications', NOTIFICATION_COLUMNS, entries.notifications),
      entries.jobs?.statement,
    ]),
  );
  return { scheduled: entries.notifications.map(scheduled), ...(entries.jobs && { wake: entries.jobs.wake }) };
}

/**
 * Hands the incident to these people, outside any policy: escalation stops, they are notified. `causedBy`: the
 * request doing it (encodeCause).
 */
export async function assignToUsers(tx: Transaction, incident: IncidentRow, userIds: string[], actor: StepActor, now: Date, causedBy: string | null = null): Promise<ScheduledNotification[]> {
  const existing = await tx.select().from(incidentEscalations).where(eq(incidentEscalations.incidentId, incident.id)).for('update');
  const position = existing[0] ? { level: Math.max(existing[0].level, 0), loop: existing[0].loop } : { level: 0, loop: 0 };
  await tx
    .insert(incidentEscalations)
    .values({ incidentId: incident.id, orgId: incident.orgId, policyId: null, levels: [], repeatCount: 0, level: position.level, loop: position.loop, status: 'stopped', nextEscalationAt: null, assignees: userIds, updatedAt: now })
    .onConflictDoUpdate({ target: incidentEscalations.incidentId, set: { status: 'stopped', nextEscalationAt: null, assignees: userIds, updatedAt: now } });
  const people = await peopleToPage(tx, [incident.orgId], userIds);
  const message = `Reassigned to ${userIds.map((id) => people.get(id)?.name ?? id).join(', ')}`;
  const notifications = notificationRows(people, [{ incident, position, userIds: onCallIn(incident.orgId, userIds, people), causedBy }], now);
  const records = stepRows([{ incident, type: 'reassigned', message, actor, extra: { assignees: userIds }, causedBy }], now);
  await tx.execute(
    combine([
      bulkInsertStatement('incident_log', STEP_LOG_COLUMNS, records.log),
      bulkInsertStatement('outbox', STEP_OUTBOX_COLUMNS, records.outbox),
      bulkInsertStatement('notifications', NOTIFICATION_COLUMNS, notifications),
    ]),
  );
  return notifications.map(scheduled);
}

/** Statements as one (data-modifying CTEs): one round trip. */
function combine(statements: Array<SQL | undefined>): SQL {
  const present = statements.filter((statement): statement is SQL => statement !== undefined);
  return sql`with ${sql.join(
    present.map((statement, index) => sql`${sql.raw(`s${index}`)} as (${statement})`),
    sql`, `,
  )} select 1`;
}

/** Notifications whose job was never queued (the process died right after their transaction). */
export function unqueuedNotifications(executor: Executor, olderThan: Date, limit: number) {
  return executor
    .select({ id: notifications.id, orgId: notifications.orgId, dueAt: notifications.dueAt })
    .from(notifications)
    .where(and(sql`${notifications.queuedAt} is null`, eq(notifications.status, constant('scheduled')), lte(notifications.createdAt, olderThan)))
    .orderBy(asc(notifications.createdAt))
    .limit(limit);
}
