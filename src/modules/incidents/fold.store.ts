import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Transaction } from '../../ports/store.ts';
import { changes } from '../changes/changes.tables.ts';
import type { AlertEventPayload, ChangeEventPayload } from '../events/event.ts';
import { events } from '../events/events.tables.ts';
import { organizations } from '../orgs/orgs.tables.ts';
import { outbox } from '../outbox/outbox.tables.ts';
import { services } from '../services/services.tables.ts';
import { FoldBatch, type FoldAlert, type FoldEvent, type FoldIncident, type FoldOutcome } from './fold.ts';
import { alerts, incidentLog, incidents } from './incidents.tables.ts';
import { presentIncident } from './incidents.presenters.ts';

/** One number for every Vigil process: only one folds at a time, so events of one key fold in order. */
const FOLD_LOCK = 0x666f6c64;

type EventOutcome = FoldOutcome | 'service_disabled' | 'service_missing' | 'change_recorded' | 'failed';
type EventRow = typeof events.$inferSelect;

/**
 * Folds up to `limit` stored events in the caller's transaction. Returns how many it folded, or null
 * when another process holds the fold lock (it will fold them).
 */
export async function foldPendingEvents(tx: Transaction, limit: number, now: Date): Promise<number | null> {
  const lock = (await tx.execute(sql`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as locked`)) as unknown as { rows: Array<{ locked: boolean }> };
  if (!lock.rows[0]?.locked) return null;
  const pending = await tx.select().from(events).where(isNull(events.foldedAt)).orderBy(asc(events.id)).limit(limit);
  if (pending.length === 0) return 0;

  const serviceStatus = await loadServiceStatus(tx, pending);
  const outcomes = new Map<number, EventOutcome>();
  const alertEvents: FoldEvent[] = [];
  const changeEvents: EventRow[] = [];
  for (const event of pending) {
    const status = serviceStatus.get(event.serviceId);
    if (!status) outcomes.set(event.id, 'service_missing');
    else if (status === 'disabled') outcomes.set(event.id, 'service_disabled');
    else if (event.kind === 'change') changeEvents.push(event);
    else alertEvents.push(toFoldEvent(event));
  }

  const { openAlerts, openIncidents } = await loadOpenState(tx, alertEvents);
  const batch = new FoldBatch(openAlerts, openIncidents, randomUUID);
  for (const event of alertEvents) outcomes.set(event.id, batch.apply(event));

  const numbers = await allocateIncidentNumbers(tx, batch.newIncidents);
  const presented = (incident: FoldIncident) => presentIncident({ ...incident, number: numbers.get(incident.id) ?? 0 });
  if (batch.newIncidents.length > 0) {
    await tx.insert(incidents).values(batch.newIncidents.map((incident) => ({ ...incident, number: numbers.get(incident.id) ?? 0 })));
  }
  await updateAlerts(tx, [...batch.changedAlerts]);
  if (batch.newAlerts.length > 0) await tx.insert(alerts).values(batch.newAlerts.map(alertRow));
  await updateIncidents(tx, [...batch.changedIncidents]);
  if (batch.log.length > 0) {
    await tx.insert(incidentLog).values(
      batch.log.map((entry) => ({ orgId: entry.incident.orgId, incidentId: entry.incident.id, type: entry.type, actorType: 'integration' as const, message: entry.message, alertId: entry.alertId, createdAt: entry.at })),
    );
  }
  const announcements: Array<typeof outbox.$inferInsert> = batch.domainEvents.map((event) => ({
    orgId: event.incident.orgId,
    type: event.type,
    subjectId: event.alert?.id ?? event.incident.id,
    data: { incident: presented(event.incident), ...(event.alert && { alert_id: event.alert.id, dedup_key: event.alert.dedupKey }) },
    createdAt: event.at,
  }));
  for (const change of await recordChanges(tx, changeEvents)) {
    outcomes.set(change.eventId, 'change_recorded');
    announcements.push({ orgId: change.orgId, type: 'change.created', subjectId: change.id, data: { change_id: change.id, service_id: change.serviceId, summary: change.summary }, createdAt: change.createdAt });
  }
  if (announcements.length > 0) await tx.insert(outbox).values(announcements);
  await markFolded(tx, outcomes, now);
  return pending.length;
}

/** Marks the oldest pending event as failed so one poisoned event cannot stop the fold for everyone. */
export async function setAsideOldestEvent(tx: Transaction, now: Date): Promise<number | undefined> {
  const [oldest] = await tx.select({ id: events.id }).from(events).where(isNull(events.foldedAt)).orderBy(asc(events.id)).limit(1);
  if (!oldest) return undefined;
  await tx.update(events).set({ foldedAt: now, outcome: 'failed' }).where(eq(events.id, oldest.id));
  return oldest.id;
}

function toFoldEvent(event: EventRow): FoldEvent {
  return {
    id: event.id,
    orgId: event.orgId,
    serviceId: event.serviceId,
    integrationId: event.integrationId,
    action: event.action as FoldEvent['action'],
    dedupKey: event.dedupKey ?? '',
    payload: event.payload as AlertEventPayload,
    receivedAt: event.receivedAt,
  };
}

async function loadServiceStatus(tx: Transaction, pending: EventRow[]) {
  const ids = [...new Set(pending.map((event) => event.serviceId))];
  const rows = await tx.select({ id: services.id, status: services.status }).from(services).where(inArray(services.id, ids));
  return new Map(rows.map((row) => [row.id, row.status]));
}

/**
 * The open alerts the batch's keys refer to and their incidents. Incidents are locked first, in id order,
 * as the incident commands lock them, then their alerts are read again under that lock.
 */
async function loadOpenState(tx: Transaction, alertEvents: FoldEvent[]) {
  const openIncidents = new Map<string, FoldIncident>();
  if (alertEvents.length === 0) return { openAlerts: [] as FoldAlert[], openIncidents };
  const keys = JSON.stringify([...new Map(alertEvents.map((e) => [`${e.integrationId}/${e.dedupKey}`, { i: e.integrationId, d: e.dedupKey }])).values()]);
  const openAlertsOfKeys = and(
    ne(alerts.status, 'resolved'),
    sql`(${alerts.integrationId}, ${alerts.dedupKey}) in (select k.i, k.d from jsonb_to_recordset(${keys}::jsonb) as k(i uuid, d text))`,
  );
  const first = await tx.select({ incidentId: alerts.incidentId }).from(alerts).where(openAlertsOfKeys);
  if (first.length === 0) return { openAlerts: [] as FoldAlert[], openIncidents };
  const incidentIds = [...new Set(first.map((row) => row.incidentId))].sort();
  const lockedIncidents = await tx.select().from(incidents).where(inArray(incidents.id, incidentIds)).orderBy(asc(incidents.id)).for('update');
  for (const incident of lockedIncidents) openIncidents.set(incident.id, incident);
  const rows = await tx.select().from(alerts).where(openAlertsOfKeys);
  const openAlerts: FoldAlert[] = rows.map((row) => ({
    ...row,
    payload: { links: row.links, images: row.images },
  }));
  return { openAlerts, openIncidents };
}

async function allocateIncidentNumbers(tx: Transaction, created: FoldIncident[]): Promise<Map<string, number>> {
  const numbers = new Map<string, number>();
  const byOrg = new Map<string, FoldIncident[]>();
  for (const incident of created) byOrg.set(incident.orgId, [...(byOrg.get(incident.orgId) ?? []), incident]);
  for (const [orgId, list] of byOrg) {
    const [org] = await tx
      .update(organizations)
      .set({ incidentCounter: sql`${organizations.incidentCounter} + ${list.length}` })
      .where(eq(organizations.id, orgId))
      .returning({ counter: organizations.incidentCounter });
    const last = org?.counter ?? list.length;
    list.forEach((incident, index) => numbers.set(incident.id, last - list.length + index + 1));
  }
  return numbers;
}

function alertRow(alert: FoldAlert) {
  const p = alert.payload;
  return {
    id: alert.id,
    orgId: alert.orgId,
    serviceId: alert.serviceId,
    integrationId: alert.integrationId,
    incidentId: alert.incidentId,
    dedupKey: alert.dedupKey,
    status: alert.status,
    summary: alert.summary,
    severity: alert.severity,
    source: alert.source,
    component: p.component ?? null,
    group: p.group ?? null,
    class: p.class ?? null,
    customDetails: p.customDetails ?? null,
    links: p.links,
    images: p.images,
    client: p.client ?? null,
    clientUrl: p.clientUrl ?? null,
    eventCount: alert.eventCount,
    createdAt: alert.createdAt,
    lastEventAt: alert.lastEventAt,
    acknowledgedAt: alert.acknowledgedAt,
    resolvedAt: alert.resolvedAt,
  };
}

async function updateAlerts(tx: Transaction, changed: FoldAlert[]) {
  if (changed.length === 0) return;
  const rows = JSON.stringify(changed.map((a) => ({ id: a.id, status: a.status, severity: a.severity, event_count: a.eventCount, last_event_at: a.lastEventAt, acknowledged_at: a.acknowledgedAt, resolved_at: a.resolvedAt })));
  await tx.execute(sql`
    update alerts a set status = v.status, severity = v.severity, event_count = v.event_count, last_event_at = v.last_event_at,
      acknowledged_at = v.acknowledged_at, resolved_at = v.resolved_at
    from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, status text, severity text, event_count int, last_event_at timestamptz, acknowledged_at timestamptz, resolved_at timestamptz)
    where a.id = v.id`);
}

async function updateIncidents(tx: Transaction, changed: FoldIncident[]) {
  if (changed.length === 0) return;
  const rows = JSON.stringify(changed.map((i) => ({ id: i.id, status: i.status, severity: i.severity, open_alert_count: i.openAlertCount, updated_at: i.updatedAt, acknowledged_at: i.acknowledgedAt, resolved_at: i.resolvedAt })));
  await tx.execute(sql`
    update incidents i set status = v.status, severity = v.severity, open_alert_count = v.open_alert_count, updated_at = v.updated_at,
      acknowledged_at = v.acknowledged_at, resolved_at = v.resolved_at
    from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, status text, severity text, open_alert_count int, updated_at timestamptz, acknowledged_at timestamptz, resolved_at timestamptz)
    where i.id = v.id`);
}

async function recordChanges(tx: Transaction, changeEvents: EventRow[]) {
  if (changeEvents.length === 0) return [];
  const rows = changeEvents.map((event) => {
    const payload = event.payload as ChangeEventPayload;
    const occurred = payload.timestamp ? new Date(payload.timestamp) : event.receivedAt;
    return {
      eventId: event.id,
      id: randomUUID(),
      orgId: event.orgId,
      serviceId: event.serviceId,
      integrationId: event.integrationId,
      summary: payload.summary,
      source: payload.source ?? null,
      customDetails: payload.customDetails ?? null,
      links: payload.links,
      occurredAt: occurred,
      createdAt: event.receivedAt,
    };
  });
  await tx.insert(changes).values(rows.map(({ eventId: _eventId, ...row }) => row));
  return rows;
}

async function markFolded(tx: Transaction, outcomes: Map<number, EventOutcome>, now: Date) {
  const rows = JSON.stringify([...outcomes].map(([id, outcome]) => ({ id, outcome })));
  await tx.execute(sql`
    update events e set folded_at = ${now.toISOString()}::timestamptz, outcome = v.outcome
    from jsonb_to_recordset(${rows}::jsonb) as v(id bigint, outcome text)
    where e.id = v.id`);
}
