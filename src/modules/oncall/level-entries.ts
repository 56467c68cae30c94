import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { Transaction } from '../../ports/store.ts';
import { type IncidentFields, presentIncident } from '../incidents/incidents.presenters.ts';
import { type EscalationPosition, nextDueAt } from './escalation.ts';
import { namedOnCall, onCallIn, peopleToPage, type PersonToPage } from './level-targets.ts';
import type { incidentEscalations } from './oncall.tables.ts';

type EscalationRow = typeof incidentEscalations.$inferSelect;
/** An incident as a step needs it: to present it in its domain event, and its urgency to choose rules by. */
export type StepIncident = IncidentFields & { orgId: string };

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
 * The delivery jobs of notifications as a statement to run with the one writing them (a queue kept in the
 * store), the time they count as queued, and what wakes the workers once it has committed.
 */
export type JobsWithNotifications = (scheduled: ScheduledNotification[]) => { statement: SQL; queuedAt: Date; wake: () => void } | undefined;

export interface EnterLevel {
  escalation: Pick<EscalationRow, 'levels' | 'repeatCount' | 'causedBy'>;
  incident: StepIncident;
  position: EscalationPosition;
  actor: StepActor;
  /** Entering the first level is an assignment; entering any other an escalation. */
  kind: 'assigned' | 'escalated';
  /** encodeCause of the request that made this step (an escalation by hand); default the escalation's. */
  causedBy?: string | null;
}

/** Whom each step's level names, and those people with their notification rules. */
export interface StepPeople {
  namedOf: string[][];
  people: Map<string, PersonToPage>;
}

/**
 * Looks up who is on call at each step's level: each distinct level's targets resolved once (schedule
 * targets cost a query or two, user targets none), then one query for everyone they name, with their rules.
 */
export async function findStepPeople(tx: Transaction, steps: EnterLevel[], now: Date): Promise<StepPeople> {
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
  return { namedOf, people };
}

export type NotificationRow = ReturnType<typeof notificationRows>[number];

/** What entering levels writes, as rows for the caller's statements. */
export interface LevelEntries {
  /** Each step's escalation from now on, in step order. */
  states: Array<{ incident_id: string; level: number; loop: number; assignees: string[]; next_escalation_at: Date | null; status: 'active' | 'stopped' }>;
  /** Timeline entries (incident_log rows) and domain events (outbox rows). */
  log: Array<Record<string, unknown>>;
  outbox: Array<Record<string, unknown>>;
  notifications: NotificationRow[];
  /** Their delivery jobs, when they can be queued in the same statement (`JobsWithNotifications`). */
  jobs?: { statement: SQL; wake: () => void };
}

/**
 * Puts incidents at levels, on paper: assigns each to whoever is on call there, schedules their notifications
 * by their rules for the incident's urgency, and records it in the timeline and the outbox.
 */
export function planLevelEntries(steps: EnterLevel[], { namedOf, people }: StepPeople, now: Date, jobsWith?: JobsWithNotifications): LevelEntries {
  const assigneesOf = steps.map((step, index) => onCallIn(step.incident.orgId, namedOf[index]!, people));
  const states = steps.map(({ escalation, incident, position }, index) => {
    const nextAt = nextDueAt(position, { levelCount: escalation.levels.length, repeatCount: escalation.repeatCount }, escalation.levels[position.level]?.delay_minutes ?? 0, now);
    return { incident_id: incident.id, level: position.level, loop: position.loop, assignees: assigneesOf[index]!, next_escalation_at: nextAt, status: nextAt === null ? ('stopped' as const) : ('active' as const) };
  });
  const causes = steps.map((step) => (step.causedBy === undefined ? step.escalation.causedBy : step.causedBy) ?? null);
  const records = steps.map(({ incident, position, kind, actor }, index): StepRecord => {
    const assignees = assigneesOf[index]!;
    const who = assignees.length > 0 ? assignees.map((id) => people.get(id)?.name ?? id).join(', ') : 'nobody (no one is on call there)';
    const where = `level ${position.level + 1}${position.loop > 0 ? `, repeat ${position.loop}` : ''}`;
    const message = kind === 'assigned' ? `Assigned to ${who} (${where})` : `Escalated to ${where}: ${who}`;
    return { incident, type: kind, message, actor, extra: { level: position.level + 1, loop: position.loop, assignees }, causedBy: causes[index]! };
  });
  const notifications = notificationRows(
    people,
    steps.map(({ incident, position }, index) => ({ incident, position, userIds: assigneesOf[index]!, causedBy: causes[index]! })),
    now,
  );
  const jobs = notifications.length > 0 ? jobsWith?.(notifications.map(scheduled)) : undefined;
  if (jobs) for (const row of notifications) row.queued_at = jobs.queuedAt;
  return { states, ...stepRows(records, now), notifications, ...(jobs && { jobs: { statement: jobs.statement, wake: jobs.wake } }) };
}

export function scheduled(row: NotificationRow): ScheduledNotification {
  return { id: row.id, orgId: row.org_id, dueAt: row.due_at, causedBy: row.caused_by };
}

export interface StepRecord {
  incident: StepIncident;
  type: 'assigned' | 'escalated' | 'reassigned';
  message: string;
  actor: StepActor;
  extra: Record<string, unknown>;
  causedBy: string | null;
}

export const STEP_LOG_COLUMNS = ['org_id', 'incident_id', 'type', 'actor_type', 'actor_id', 'message', 'created_at'];
export const STEP_OUTBOX_COLUMNS = ['org_id', 'type', 'subject_id', 'data', 'created_at', 'caused_by'];

/** The timeline entries and domain events of steps, as rows. */
export function stepRows(records: StepRecord[], now: Date): Pick<LevelEntries, 'log' | 'outbox'> {
  return {
    log: records.map(({ incident, type, message, actor }) => ({ org_id: incident.orgId, incident_id: incident.id, type, actor_type: actor.type, actor_id: actor.id, message, created_at: now })),
    outbox: records.map(({ incident, type, extra, causedBy }) => ({ org_id: incident.orgId, type: `incident.${type}`, subject_id: incident.id, data: { incident: presentIncident(incident), ...extra }, created_at: now, caused_by: causedBy })),
  };
}

export const NOTIFICATION_COLUMNS = ['id', 'org_id', 'incident_id', 'user_id', 'contact_method_id', 'channel', 'address', 'level', 'loop', 'due_at', 'status', 'created_at', 'queued_at'];

/** One notification per assignee and matching rule (by the incident's urgency), due after the rule's delay. */
export function notificationRows(people: ReadonlyMap<string, PersonToPage>, assignments: Array<{ incident: StepIncident; position: EscalationPosition; userIds: string[]; causedBy: string | null }>, now: Date) {
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
          queued_at: null as Date | null,
          caused_by: causedBy,
        })),
    ),
  );
}
