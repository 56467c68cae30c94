import { randomUUID } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { encodeCause, requestCause } from '../../lib/cause.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Severity } from '../events/event.ts';
import type { Actor } from '../orgs/actor.ts';
import { organizations } from '../orgs/orgs.tables.ts';
import { outbox } from '../outbox/outbox.tables.ts';
import { services } from '../services/services.tables.ts';
import { alerts, incidentLog, incidents } from './incidents.tables.ts';
import { presentIncident } from './incidents.presenters.ts';
import { cancelNotificationJobs } from '../../engine/notification-jobs.ts';
import { cancelScheduledNotifications, startEscalationsStatement, stopEscalations } from '../oncall/escalation.store.ts';
import { incidentUrgency, type Urgency } from '../services/urgency.ts';
import { overviewsChanged } from '../analytics/overview.cache.ts';

type IncidentRow = typeof incidents.$inferSelect;

/**
 * Locks the incident for the rest of the transaction: commands and the fold change it one at a time. As an
 * update of it would (`no key update`): the rows that refer to it (timeline entries, notifications) are still
 * written meanwhile, since their foreign keys' checks only keep its key from changing.
 */
async function lockIncident(tx: Transaction, actor: Actor, id: string): Promise<IncidentRow> {
  const [incident] = await tx.select().from(incidents).where(and(eq(incidents.id, id), eq(incidents.orgId, actor.orgId))).for('no key update');
  if (!incident) throw notFound('Incident');
  return incident;
}

/** The domain event of a change the actor made; the jobs that react to it descend from the actor's request. */
async function announce(tx: Transaction, actor: Actor, type: string, incident: IncidentRow, at: Date, extra: Record<string, unknown> = {}) {
  const causedBy = encodeCause(requestCause(actor.requestId));
  await tx.insert(outbox).values({ orgId: actor.orgId, type, subjectId: incident.id, data: { incident: presentIncident(incident), ...extra }, createdAt: at, causedBy });
}

async function writeLog(tx: Transaction, actor: Actor, incidentId: string, type: 'triggered' | 'acknowledged' | 'resolved' | 'note', message: string, at: Date) {
  await tx.insert(incidentLog).values({ orgId: actor.orgId, incidentId, type, actorType: actor.type, actorId: actor.id, message, createdAt: at });
}

/** Acknowledging an incident acknowledges its open alerts; acknowledging twice changes nothing. */
export async function acknowledgeIncident(deps: Deps, actor: Actor, id: string) {
  const cancelled: string[] = [];
  const result = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const incident = await lockIncident(tx, actor, id);
    if (incident.status === 'resolved') throw conflict(`Incident #${incident.number} is resolved; it cannot be acknowledged.`);
    if (incident.status === 'acknowledged') return incident;
    cancelled.push(...(await stopPaging(tx, actor, id, now)));
    const [updated] = await tx.update(incidents).set({ status: 'acknowledged', acknowledgedAt: now, updatedAt: now }).where(eq(incidents.id, id)).returning();
    await tx
      .update(alerts)
      .set({ status: 'acknowledged', acknowledgedAt: now })
      .where(and(eq(alerts.orgId, actor.orgId), eq(alerts.incidentId, id), eq(alerts.status, 'triggered')));
    await writeLog(tx, actor, id, 'acknowledged', 'Acknowledged', now);
    await announce(tx, actor, 'incident.acknowledged', updated!, now);
    await recordAudit(tx, actor, 'incident.acknowledge', { type: 'incident', id }, now);
    return updated!;
  });
  await cancelNotificationJobs(deps.queue, cancelled);
  await overviewsChanged(deps.cache, actor.orgId);
  deps.kickEngine(); // the outbox relay hands the event on (Slack, webhooks) without waiting for a tick
  return result;
}

/** Resolving an incident resolves its open alerts: a later trigger with one of their keys opens a new incident. */
export async function resolveIncident(deps: Deps, actor: Actor, id: string) {
  const cancelled: string[] = [];
  const result = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const incident = await lockIncident(tx, actor, id);
    if (incident.status === 'resolved') return incident;
    cancelled.push(...(await stopPaging(tx, actor, id, now)));
    const [updated] = await tx.update(incidents).set({ status: 'resolved', resolvedAt: now, updatedAt: now, openAlertCount: 0 }).where(eq(incidents.id, id)).returning();
    await tx
      .update(alerts)
      .set({ status: 'resolved', resolvedAt: now })
      .where(and(eq(alerts.orgId, actor.orgId), eq(alerts.incidentId, id), ne(alerts.status, 'resolved')));
    await writeLog(tx, actor, id, 'resolved', 'Resolved', now);
    await announce(tx, actor, 'incident.resolved', updated!, now);
    await recordAudit(tx, actor, 'incident.resolve', { type: 'incident', id }, now);
    return updated!;
  });
  await cancelNotificationJobs(deps.queue, cancelled);
  await overviewsChanged(deps.cache, actor.orgId);
  deps.kickEngine(); // the outbox relay hands the event on (Slack, webhooks) without waiting for a tick
  return result;
}

/** Acknowledged or resolved: escalation stops and reminders not sent yet are called off. */
async function stopPaging(tx: Transaction, actor: Actor, id: string, now: Date): Promise<string[]> {
  await stopEscalations(tx, [id], now);
  return cancelScheduledNotifications(tx, actor.orgId, id);
}

export async function addNote(deps: Deps, actor: Actor, id: string, text: string) {
  const entry = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const incident = await lockIncident(tx, actor, id);
    const [entry] = await tx
      .insert(incidentLog)
      .values({ orgId: actor.orgId, incidentId: id, type: 'note', actorType: actor.type, actorId: actor.id, message: text, createdAt: now })
      .returning();
    await announce(tx, actor, 'incident.note_added', incident, now, { note: text });
    await recordAudit(tx, actor, 'incident.note', { type: 'incident', id }, now);
    return entry!;
  });
  deps.kickEngine();
  return entry;
}

export interface ManualIncident {
  service_id: string;
  title: string;
  severity: Severity;
  urgency?: Urgency;
  details?: string;
}

/** An incident opened by a person rather than an alert: it has no alerts and resolves only by hand. */
export async function createIncident(deps: Deps, actor: Actor, input: ManualIncident) {
  const created = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [service] = await tx
      .select({ id: services.id, policyId: services.escalationPolicyId, urgency: services.urgency })
      .from(services)
      .where(and(eq(services.id, input.service_id), eq(services.orgId, actor.orgId)));
    if (!service) throw notFound('Service');
    const [org] = await tx
      .update(organizations)
      .set({ incidentCounter: sql`${organizations.incidentCounter} + 1` })
      .where(eq(organizations.id, actor.orgId))
      .returning({ counter: organizations.incidentCounter });
    const [incident] = await tx
      .insert(incidents)
      .values({
        id: randomUUID(),
        orgId: actor.orgId,
        number: org!.counter,
        serviceId: input.service_id,
        title: input.title,
        status: 'triggered',
        severity: input.severity,
        urgency: input.urgency ?? incidentUrgency(service.urgency, input.severity),
        alertCount: 0,
        openAlertCount: 0,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await writeLog(tx, actor, incident!.id, 'triggered', input.details ? `Opened by hand: ${input.details}` : 'Opened by hand', now);
    await announce(tx, actor, 'incident.triggered', incident!, now);
    await recordAudit(tx, actor, 'incident.create', { type: 'incident', id: incident!.id }, now, { service_id: input.service_id });
    const escalation = service.policyId ? startEscalationsStatement([{ incident_id: incident!.id, org_id: actor.orgId, policy_id: service.policyId, caused_by: encodeCause(requestCause(actor.requestId)) }], now) : undefined;
    if (escalation) await tx.execute(escalation);
    return incident!;
  });
  await overviewsChanged(deps.cache, actor.orgId);
  deps.kickEngine();
  return created;
}
