import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor, Transaction } from '../../ports/store.ts';
import { bulkInsertStatement } from '../../adapters/bulk-insert.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { presentIncident } from '../incidents/incidents.presenters.ts';
import { notifications } from '../notify/notify.tables.ts';
import { type EscalationPosition, nextDueAt } from './escalation.ts';
import { namedOnCall, onCallIn, peopleToPage, type PersonToPage } from './level-targets.ts';
import { incidentEscalations } from './oncall.tables.ts';
import { constant, idArray } from '../../adapters/sql-constant.ts';

type IncidentRow = typeof incidents.$inferSelect;
type EscalationRow = typeof incidentEscalations.$inferSelect;

/** A notification written in a transaction; its job is queued once the transaction has committed. */
export interface ScheduledNotification {
  id: string;
  orgId: string;
  dueAt: Date;
  /** encodeCause of the request it descends from, handed to its delivery job. */
  causedBy?: string | null;
}

/** Who caused a step: the engine, or a person through the API. */
export interface StepActor {
  type: 'system' | 'user' | 'api_key';
  id: string | null;
}

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

/**
 * The delivery jobs of notifications as a statement to run with the one writing them (a queue kept in the
 * store), the time they count as queued, and what wakes the workers once it has committed.
 */
export type JobsWithNotifications = (scheduled: ScheduledNotification[]) => { statement: SQL; queuedAt: Date; wake: () => void } | undefined;

export interface EnteredLevels {
  scheduled: ScheduledNotification[];
  /** Set when their jobs were queued in the same statement (`JobsWithNotifications`): call it after the commit. */
  wake?: () => void;
}

export interface EnterLevel {
  escalation: EscalationRow;
  incident: IncidentRow;
  position: EscalationPosition;
  actor: StepActor;
  /** Entering the first level is an assignment; entering any other an escalation. */
  kind: 'assigned' | 'escalated';
  /** encodeCause of the request that made this step (an escalation by hand); default the escalation's. */
  causedBy?: string | null;
}

/**
 * Puts incidents at levels: resolves who is on call there now, assigns the incidents to them, schedules
 * their notifications by their rules for each incident's urgency, and records it all in the timeline and
 * the outbox. Set-based: a few statements for the whole batch, whatever its size (a storm of incidents on
 * one policy resolves that policy's level once).
 */
export async function enterLevels(tx: Transaction, steps: EnterLevel[], now: Date, jobsWith?: JobsWithNotifications): Promise<EnteredLevels> {
  if (steps.length === 0) return { scheduled: [] };
  // Each distinct level's targets resolved once; then one query for everyone they name, with their rules.
  const resolved = new Map<string, string[]>();
  const namedOf: string[][] = [];
  for (const { escalation, incident, position } of steps) {
    const targets = escalation.levels[position.level]?.targets ?? [];
    const key = `${incident.orgId}:${JSON.stringify(targets)}`;
    let named = resolved.get(key);
    if (!named) {
      named = targets.length > 0 ? await namedOnCall(tx, incident.orgId, targets, now) : [];
      resolved.set(key, named);
    }
    namedOf.push(named);
  }
  const people = await peopleToPage(
    tx,
    steps.map((step) => step.incident.orgId),
    namedOf.flat(),
  );
  const assigneesOf = steps.map((step, index) => onCallIn(step.incident.orgId, namedOf[index]!, people));
  const updates = steps.map(({ escalation, incident, position }, index) => ({
    incident_id: incident.id,
    level: position.level,
    loop: position.loop,
    assignees: assigneesOf[index],
    next_escalation_at: nextDueAt(position, { levelCount: escalation.levels.length, repeatCount: escalation.repeatCount }, escalation.levels[position.level]?.delay_minutes ?? 0, now),
  }));
  const causes = steps.map((step) => (step.causedBy === undefined ? step.escalation.causedBy : step.causedBy));
  const entries = steps.map(({ incident, position, kind, actor }, index) => {
    const assignees = assigneesOf[index]!;
    const who = assignees.length > 0 ? assignees.map((id) => people.get(id)?.name ?? id).join(', ') : 'nobody (no one is on call there)';
    const where = `level ${position.level + 1}${position.loop > 0 ? `, repeat ${position.loop}` : ''}`;
    const message = kind === 'assigned' ? `Assigned to ${who} (${where})` : `Escalated to ${where}: ${who}`;
    return { incident, type: kind, message, actor, extra: { level: position.level + 1, loop: position.loop, assignees }, causedBy: causes[index] ?? null };
  });
  const notifications = notificationRows(
    people,
    steps.map(({ incident, position }, index) => ({ incident, position, userIds: assigneesOf[index]!, causedBy: causes[index] ?? null })),
    now,
  );
  const jobs = notifications.length > 0 ? jobsWith?.(notifications.map(scheduled)) : undefined;
  if (jobs) for (const row of notifications) Object.assign(row, { queued_at: jobs.queuedAt });
  await tx.execute(
    combine([
      sql`update incident_escalations e set level = v.level, loop = v.loop, assignees = v.assignees, next_escalation_at = v.next_escalation_at,
          status = case when v.next_escalation_at is null then 'stopped' else 'active' end, updated_at = ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as v(incident_id uuid, level int, loop int, assignees jsonb, next_escalation_at timestamptz)
        where e.incident_id = v.incident_id and e.incident_id = any(${idArray(steps.map((step) => step.incident.id), 'uuid')})`,
      // The people of the level left behind are no longer assigned: their reminders still to come are called
      // off (their queued jobs find them cancelled); what was due already goes out. Same snapshot: the rows
      // inserted below are not touched.
      sql`update notifications set status = 'cancelled'
        where status = 'scheduled' and due_at > ${now.toISOString()}::timestamptz and incident_id = any(${idArray(steps.map((step) => step.incident.id), 'uuid')})`,
      ...stepRecords(entries, now),
      bulkInsertStatement('notifications', NOTIFICATION_COLUMNS, notifications),
      jobs?.statement,
    ]),
  );
  return { scheduled: notifications.map(scheduled), ...(jobs && { wake: jobs.wake }) };
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
  await tx.execute(combine([...stepRecords([{ incident, type: 'reassigned', message, actor, extra: { assignees: userIds }, causedBy }], now), bulkInsertStatement('notifications', NOTIFICATION_COLUMNS, notifications)]));
  return notifications.map(scheduled);
}

function scheduled(row: { id: string; org_id: string; due_at: Date; caused_by: string | null }): ScheduledNotification {
  return { id: row.id, orgId: row.org_id, dueAt: row.due_at, causedBy: row.caused_by };
}

interface StepRecord {
  incident: IncidentRow;
  type: 'assigned' | 'escalated' | 'reassigned';
  message: string;
  actor: StepActor;
  extra: Record<string, unknown>;
  causedBy: string | null;
}

/** The timeline entries and domain events of steps. */
function stepRecords(records: StepRecord[], now: Date): Array<SQL | undefined> {
  return [
    bulkInsertStatement(
      'incident_log',
      ['org_id', 'incident_id', 'type', 'actor_type', 'actor_id', 'message', 'created_at'],
      records.map(({ incident, type, message, actor }) => ({ org_id: incident.orgId, incident_id: incident.id, type, actor_type: actor.type, actor_id: actor.id, message, created_at: now })),
    ),
    bulkInsertStatement(
      'outbox',
      ['org_id', 'type', 'subject_id', 'data', 'created_at', 'caused_by'],
      records.map(({ incident, type, extra, causedBy }) => ({ org_id: incident.orgId, type: `incident.${type}`, subject_id: incident.id, data: { incident: presentIncident(incident), ...extra }, created_at: now, caused_by: causedBy })),
    ),
  ];
}

/** Statements as one (data-modifying CTEs): one round trip. */
function combine(statements: Array<SQL | undefined>): SQL {
  const present = statements.filter((statement): statement is SQL => statement !== undefined);
  return sql`with ${sql.join(
    present.map((statement, index) => sql`${sql.raw(`s${index}`)} as (${statement})`),
    sql`, `,
  )} select 1`;
}

const NOTIFICATION_COLUMNS = ['id', 'org_id', 'incident_id', 'user_id', 'contact_method_id', 'channel', 'address', 'level', 'loop', 'due_at', 'status', 'created_at', 'queued_at'];

/** One notification per assignee and matching rule (by the incident's urgency), due after the rule's delay. */
function notificationRows(people: ReadonlyMap<string, PersonToPage>, assignments: Array<{ incident: IncidentRow; position: EscalationPosition; userIds: string[]; causedBy: string | null }>, now: Date) {
  return assignments.flatMap(({ incident, position, userIds, causedBy }) =>
    userIds.flatMap((userId) =>
      (people.get(userId)?.rules ?? [])
        .filter((rule) => rule.urgency === incident.urgency)
        .map((rule) => ({
          id: randomUUID(),
          org_id: incident.orgId,
          incident_id: incident.id,
          user_id: userId,
          contact_method_id: rule.contactMethodId,
          channel: rule.channel,
          address: rule.address,
          level: position.level + 1,
          loop: position.loop,
          due_at: new Date(now.getTime() + rule.delayMinutes * 60_000),
          status: 'scheduled',
          created_at: now,
          caused_by: causedBy,
        })),
    ),
  );
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
