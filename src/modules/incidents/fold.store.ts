import { type NumberedRow, numberPendingEvents, sequencerLock } from '../stream/stream-sequencer.ts';
import { type EventWanted, relayedType, releaseUnwanted } from '../outbox/relay-interest.ts';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { bulkInsertStatement } from '../../adapters/bulk-insert.ts';
import type { Transaction } from '../../ports/store.ts';
import type { AlertEventPayload, ChangeEventPayload } from '../events/event.ts';
import { events } from '../events/events.tables.ts';
import { organizations } from '../orgs/orgs.tables.ts';
import { services } from '../services/services.tables.ts';
import { FoldBatch, type FoldAlert, type FoldEvent, type FoldIncident, type FoldOutcome } from './fold.ts';
import { alerts, incidents } from './incidents.tables.ts';
import { presentIncident } from './incidents.presenters.ts';
import { startEscalationsStatement } from '../oncall/escalation.store.ts';
import type { JobsWithNotifications } from '../oncall/level-entries.ts';
import { escalationPolicies } from '../oncall/oncall.tables.ts';
import { enterFirstLevels, firstPages, type FirstLevelPolicy } from './first-levels.ts';
import { incidentUrgency, type UrgencyRule } from '../services/urgency.ts';
import { constant, idArray } from '../../adapters/sql-constant.ts';

/** One number for every Vigil process: only one folds at a time, so events of one key fold in order. */
export const FOLD_LOCK = 0x666f6c64;
/** How old the oldest pending event is when a poll's pass helps fold (it waits its turn at the lock then). */
const HELP_WHEN_BEHIND_MS = 1000;

/** What a committed pass left the engine: escalations to start (paging), domain events to hand on (relay). */
export interface EngineWork {
  paging: boolean;
  relay: boolean;
  /** The pass queued notification jobs (it entered first levels itself): call once it has committed. */
  wakeNotifications?: () => void;
}

type EventOutcome = FoldOutcome | 'service_disabled' | 'service_missing' | 'change_recorded' | 'change_duplicate' | 'failed' | 'maintenance';
type EventRow = typeof events.$inferSelect;

/** What a fold pass is given besides its transaction. */
export interface FoldPass {
  /** Most events folded. */
  limit: number;
  now: Date;
  /** Only this process writes the database (the embedded store): there is no one to lock out. */
  soleWriter: boolean;
  /**
   * How the pass takes the fold lock where other processes fold too. `own`: this process stored events and
   * has to see them folded, so it waits while another holds the lock. `poll`: it looks for events nobody is
   * folding, so it takes the lock only if free, and only once the oldest pending event was pending at the
   * previous poll too (`oldestSeen`); it is told the oldest it sees now. A poll's pass would otherwise step in
   * between the passes of the processes that stored the events, with a full batch they then wait for. Once
   * the oldest pending event is a second old, a poll waits its turn at the lock like the others.
   */
  turn: { kind: 'own' } | { kind: 'poll'; oldestSeen: number | undefined; seen: (oldest: number | undefined) => void };
  /** Called once the pass holds the fold lock (a pass's pace is reckoned from then). */
  onLocked?: () => void;
  onEngineWork?: (work: EngineWork) => void;
  onOutcomes?: (outcomes: string[], numbered: NumberedRow[], incidentsChangedIn: string[]) => void;
  /** Which domain events the relay's reactions want: the others leave `outbox_relay` in this transaction. */
  relayWanted?: EventWanted;
  /**
   * Given when notification jobs can be queued in this transaction (the store queue, worked by this process):
   * the pass enters the first level of the incidents it opens itself, instead of leaving them to the engine.
   */
  firstLevels?: JobsWithNotifications;
}

/**
 * Folds up to `limit` stored events in the caller's transaction. Returns how many it folded, or null when
 * another process holds the fold lock and the pass was not to wait for it (that process will fold them).
 */
export async function foldPendingEvents(tx: Transaction, pass: FoldPass): Promise<number | null> {
  const { limit, now, soleWriter, onEngineWork, onOutcomes, relayWanted, firstLevels } = pass;
  if (!soleWriter && !(await takeFoldLock(tx, pass.turn, now))) return null;
  pass.onLocked?.();
  const rows = await tx
    .select({
      event: events,
      serviceStatus: services.status,
      policyId: services.escalationPolicyId,
      urgencyRule: services.urgency,
      policy: { levels: escalationPolicies.levels, repeatCount: escalationPolicies.repeatCount },
      inMaintenance: sql<boolean>`exists (select 1 from maintenance_windows m where m.service_id = ${events.serviceId} and m."end" > ${events.receivedAt} and m.start <= ${events.receivedAt})`,
      // A scalar subquery, looked up event by event: as `exists`, a full batch's was planned as one hash of
      // every open alert (~100 ms a pass with 70,000 of them).
      keyOpen: sql<boolean>`coalesce((select true from alerts a where a.integration_id = ${events.integrationId} and a.dedup_key = ${events.dedupKey} and a.status <> ${constant('resolved')} limit 1), false)`,
    })
    .from(events)
    .leftJoin(services, eq(services.id, events.serviceId))
    .leftJoin(escalationPolicies, and(eq(escalationPolicies.id, services.escalationPolicyId), eq(escalationPolicies.orgId, services.orgId)))
    .where(isNull(events.foldedAt))
    .orderBy(asc(events.id))
    .limit(limit);
  if (rows.length === 0) return 0;

  const outcomes = new Map<number, EventOutcome>();
  const alertEvents: FoldEvent[] = [];
  const changeEvents: EventRow[] = [];
  const serviceSettings = new Map<string, ServiceSettings>();
  const causes = new Map<number, string | null>();
  let anyKeyOpen = false;
  for (const { event, serviceStatus, policyId, urgencyRule, policy, inMaintenance, keyOpen } of rows) {
    causes.set(event.id, event.causedBy);
    if (event.kind === 'alert' && keyOpen) anyKeyOpen = true;
    if (urgencyRule) serviceSettings.set(event.serviceId, { policyId, urgencyRule, policy: policyId && policy ? { id: policyId, ...policy } : null });
    if (!serviceStatus) outcomes.set(event.id, 'service_missing');
    else if (serviceStatus === 'disabled') outcomes.set(event.id, 'service_disabled');
    // In a maintenance window triggers open nothing; acknowledgements and resolutions still close alerts.
    else if (inMaintenance && event.kind === 'alert' && event.action === 'trigger') outcomes.set(event.id, 'maintenance');
    else if (event.kind === 'change') changeEvents.push(event);
    else alertEvents.push({ ...toFoldEvent(event), urgency: incidentUrgency(urgencyRule ?? undefined, (event.payload as AlertEventPayload).severity ?? 'critical') });
  }

  // Only the fold opens alerts, and it holds the fold lock: a batch none of whose keys had an open alert when
  // its events were read has no incident to lock (a flood of new keys spares a round trip). Should an alert
  // appear anyway (an organisation imported meanwhile), the unique index on open keys refuses the pass.
  const { openAlerts, openIncidents } = anyKeyOpen ? await loadOpenState(tx, alertEvents) : { openAlerts: [], openIncidents: new Map<string, FoldIncident>() };
  const batch = new FoldBatch(openAlerts, openIncidents, randomUUID);
  // What each domain event and new incident came of: the request that brought its event (lib/cause.ts).
  const announcementCauses: Array<string | null> = [];
  const incidentCauses = new Map<string, string | null>();
  for (const event of alertEvents) {
    const incidentsBefore = batch.newIncidents.length;
    outcomes.set(event.id, batch.apply(event));
    const cause = causes.get(event.id) ?? null;
    while (announcementCauses.length < batch.domainEvents.length) announcementCauses.push(cause);
    for (const incident of batch.newIncidents.slice(incidentsBefore)) incidentCauses.set(incident.id, cause);
  }

  const numbers = await allocateIncidentNumbers(tx, batch.newIncidents);
  const presented = (incident: FoldIncident) => presentIncident({ ...incident, number: numbers.get(incident.id) ?? 0 });
  // Alerts resolved in this batch are updated first, on their own: a new alert may reuse a resolved one's
  // key, and the unique index on open keys is checked row by row, in an order a single statement leaves open.
  await updateAlerts(tx, [...batch.changedAlerts]);
  const announcements: Array<Record<string, unknown>> = batch.domainEvents.map((event, index) => ({
    org_id: event.incident.orgId,
    type: event.type,
    // An incident event is about the incident (the alert that opened it is in the data); an alert event about its alert.
    subject_id: event.type.startsWith('incident.') || !event.alert ? event.incident.id : event.alert.id,
    data: { incident: presented(event.incident), ...(event.alert && { alert_id: event.alert.id, dedup_key: event.alert.dedupKey }) },
    created_at: event.at,
    caused_by: announcementCauses[index],
  }));
  const changes = changeRows(await withoutRecordedChanges(tx, changeEvents, outcomes));
  for (const change of changes) {
    outcomes.set(change.eventId, 'change_recorded');
    announcements.push({ org_id: change.org_id, type: 'change.created', subject_id: change.id, data: { change_id: change.id, service_id: change.service_id, summary: change.summary }, created_at: change.created_at, caused_by: causes.get(change.eventId) ?? null });
  }
  // Everything else in one statement (data-modifying CTEs): on the embedded store each statement costs a
  // round trip into WebAssembly, and ingestion waits for the whole pass. Foreign keys are checked at its end.
  const escalating = batch.newIncidents.flatMap((incident) => {
    const policyId = serviceSettings.get(incident.serviceId)?.policyId;
    return incident.status === 'triggered' && policyId ? [{ incident_id: incident.id, org_id: incident.orgId, policy_id: policyId, caused_by: incidentCauses.get(incident.id) ?? null }] : [];
  });
  const escalatingIds = new Set(escalating.map((row) => row.incident_id));
  const logRows: Array<Record<string, unknown>> = batch.log.map((entry) => ({ org_id: entry.incident.orgId, incident_id: entry.incident.id, type: entry.type, actor_type: 'integration', message: entry.message, alert_id: entry.alertId, created_at: entry.at }));
  const firstEntered = firstLevels
    ? await enterFirstLevels(
        tx,
        batch.newIncidents.filter((incident) => escalatingIds.has(incident.id)).map((incident) => ({ incident: { ...incident, number: numbers.get(incident.id) ?? 0 }, policy: serviceSettings.get(incident.serviceId)?.policy ?? null, causedBy: incidentCauses.get(incident.id) ?? null })),
        now,
      )
    : undefined;
  if (firstEntered) {
    // After the pass's own entries, so a new incident's assignment follows its trigger in the timeline and the stream.
    logRows.push(...firstEntered.log);
    announcements.push(...firstEntered.outbox);
  }
  const outboxRows = bulkInsertStatement('outbox', OUTBOX_COLUMNS, announcements);
  const outboxInsert = outboxRows && sql`${outboxRows} returning id, org_id, type`;
  const writes: SQL[] = [
    bulkInsertStatement('incidents', INCIDENT_COLUMNS, batch.newIncidents.map((incident) => incidentRow(incident, numbers.get(incident.id) ?? 0))),
    firstEntered ? bulkInsertStatement('incident_escalations', ESCALATION_COLUMNS, firstEntered.escalations) : startEscalationsStatement(escalating, now),
    bulkInsertStatement('alerts', ALERT_COLUMNS, batch.newAlerts.map(alertRow)),
    updateIncidentsStatement([...batch.changedIncidents]),
    bulkInsertStatement('incident_log', LOG_COLUMNS, logRows),
    // A change's dedup key is recorded once, even should a duplicate slip past withoutRecordedChanges.
    onConflictDoNothing(bulkInsertStatement('changes', CHANGE_COLUMNS, changes.map(({ eventId: _eventId, ...row }) => row))),
    outboxInsert,
    markFoldedStatement(outcomes, now),
  ].filter((statement): statement is SQL => statement !== undefined);
  // The relay filter below needs the new outbox rows' ids: the statement ends with them.
  const outboxWrite = outboxInsert ? writes.indexOf(outboxInsert) : -1;
  // The pass numbers its domain events last; on PostgreSQL the sequencer's lock is taken in this statement,
  // sparing the numbering a round trip (this pass's row locks are all held or taken here; nobody waiting for the
  // lock holds one it needs). The outer side of a left join, so no plan can leave it unread.
  const lockSequencer = !soleWriter && outboxWrite >= 0;
  const writesSql = sql.join(
    writes.map((statement, index) => sql`${sql.raw(`w${index}`)} as (${statement})`),
    sql`, `,
  );
  const result = lockSequencer
    ? sql`with ${writesSql}, sequencer as (select ${sequencerLock()} as locked) select w.id, w.org_id, w.type from sequencer left join ${sql.raw(`w${outboxWrite}`)} w on true`
    : sql`with ${writesSql} ${outboxWrite >= 0 ? sql.raw(`select id, org_id, type from w${outboxWrite}`) : sql`select 1`}`;
  const written = (await tx.execute(result)) as unknown as { rows: Array<{ id: string | number | null; org_id: string; type: string }> };
  let relaying = announcements.some((announcement) => relayedType(announcement.type as string));
  let release: SQL | undefined;
  if (relaying && relayWanted) {
    const rows = written.rows.flatMap((row) => (row.id === null ? [] : [{ outboxId: Number(row.id), orgId: row.org_id, type: row.type }]));
    const unwanted = await releaseUnwanted(tx, rows, relayWanted);
    relaying = unwanted.kept > 0;
    release = unwanted.release;
  }
  // The first pages and their jobs are written by the pass's last statement: they count as queued from just
  // before it, as the engine's do (its last statement writes them).
  const pages = firstLevels && firstEntered && firstEntered.notifications.length > 0 ? firstPages(firstEntered.notifications, firstLevels) : undefined;
  // Escalations to start and domain events to relay are the engine's work: it need not wait for its tick.
  const paging = escalating.length > 0 && !firstEntered;
  const wakeNotifications = pages?.wake;
  if (paging || relaying || wakeNotifications) onEngineWork?.({ paging, relay: relaying, ...(wakeNotifications && { wakeNotifications }) });
  // Numbered here, last (after every row lock), so they reach the live stream with this commit. The events no
  // reaction wants leave the relay's list in the same statement.
  const alongside = [release, ...(pages?.statements ?? [])].filter((statement): statement is SQL => statement !== undefined);
  const numbered = announcements.length > 0 || alongside.length > 0 ? await numberPendingEvents(tx, soleWriter, alongside, lockSequencer) : [];
  const incidentsChangedIn = new Set([...batch.newIncidents, ...batch.changedIncidents].map((incident) => incident.orgId));
  onOutcomes?.([...outcomes.values()], numbered, [...incidentsChangedIn]);
  return rows.length;
}

interface ServiceSettings {
  policyId: string | null;
  urgencyRule: UrgencyRule;
  policy: FirstLevelPolicy | null;
}

/** The fold lock, as the pass's turn says; false when the pass is to give way. */
async function takeFoldLock(tx: Transaction, turn: FoldPass['turn'], now: Date): Promise<boolean> {
  if (turn.kind === 'own') {
    // Waiting: passes of several processes follow each other as soon as one commits, with no retries.
    await tx.execute(sql`select pg_advisory_xact_lock(${FOLD_LOCK})`);
    return true;
  }
  // A poll also takes turns at the lock once the fold is behind (under a flood the processes that store the
  // events let ingestion go first, and a worker's idle CPU then shares their fold).
  const behindBefore = new Date(now.getTime() - HELP_WHEN_BEHIND_MS);
  const result = (await tx.execute(
    sql`with pending as (select id, received_at from events where folded_at is null order by id limit 1)
      select p.id as oldest, case
          when p.id <= ${turn.oldestSeen ?? null}::bigint then pg_try_advisory_xact_lock(${FOLD_LOCK})
          when p.received_at < ${behindBefore} then pg_advisory_xact_lock(${FOLD_LOCK}) is not null
          else false end as locked
      from (select 1) one left join pending p on true`,
  )) as unknown as { rows: Array<{ oldest: string | number | null; locked: boolean }> };
  const row = result.rows[0];
  turn.seen(row?.oldest === null || row?.oldest === undefined ? undefined : Number(row.oldest));
  return row?.locked === true;
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

/**
 * The open alerts the batch's keys refer to and their incidents. Incidents are locked first, in id order,
 * as the incident commands lock them (`no key update`: a page's timeline entry, whose foreign key check takes
 * a key share lock on its incident, is not held up; with `update` an alert storm's passes and its pages queued
 * behind each other's locks, 10–20 ms a time), then their alerts are read again under that lock.
 */
async function loadOpenState(tx: Transaction, alertEvents: FoldEvent[]) {
  const openIncidents = new Map<string, FoldIncident>();
  if (alertEvents.length === 0) return { openAlerts: [] as FoldAlert[], openIncidents };
  const keys = JSON.stringify([...new Map(alertEvents.map((e) => [`${e.integrationId}/${e.dedupKey}`, { i: e.integrationId, d: e.dedupKey }])).values()]);
  // Each key looked up on its own (a lateral subquery with a limit is never turned into a join): as a join the
  // planner, reckoning the keys at 100, read every open alert once a pass, still with 10,000 of them. Measured
  // on PGlite, 12 keys among 10,000 open alerts: incidents 2.4 → 0.25 ms, alerts 1.8 → 0.37 ms.
  const openAlertOfKey = (column: 'id' | 'incident_id') =>
    sql`select a.${sql.raw(column)} from jsonb_to_recordset(${keys}::jsonb) as k(i uuid, d text)
      cross join lateral (select ${sql.raw(column)} from alerts where integration_id = k.i and dedup_key = k.d and status <> ${constant('resolved')} limit 1) a`;
  const lockedIncidents = await tx
    .select()
    .from(incidents)
    .where(sql`${incidents.id} in (${openAlertOfKey('incident_id')})`)
    .orderBy(asc(incidents.id))
    .for('no key update');
  if (lockedIncidents.length === 0) return { openAlerts: [] as FoldAlert[], openIncidents };
  for (const incident of lockedIncidents) openIncidents.set(incident.id, incident);
  const rows = await tx.select().from(alerts).where(sql`${alerts.id} in (${openAlertOfKey('id')})`);
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

const INCIDENT_COLUMNS = ['id', 'org_id', 'number', 'service_id', 'title', 'status', 'severity', 'urgency', 'alert_count', 'open_alert_count', 'created_at', 'updated_at', 'acknowledged_at', 'resolved_at'];
const ALERT_COLUMNS = ['id', 'org_id', 'service_id', 'integration_id', 'incident_id', 'dedup_key', 'status', 'summary', 'severity', 'source', 'component', 'group', 'class', 'custom_details', 'links', 'images', 'client', 'client_url', 'event_count', 'created_at', 'last_event_at', 'acknowledged_at', 'resolved_at'];
const LOG_COLUMNS = ['org_id', 'incident_id', 'type', 'actor_type', 'actor_id', 'message', 'alert_id', 'created_at'];
const ESCALATION_COLUMNS = ['incident_id', 'org_id', 'policy_id', 'levels', 'repeat_count', 'level', 'loop', 'status', 'next_escalation_at', 'assignees', 'updated_at', 'caused_by'];
const OUTBOX_COLUMNS = ['org_id', 'type', 'subject_id', 'data', 'created_at', 'caused_by'];
const CHANGE_COLUMNS = ['id', 'org_id', 'service_id', 'integration_id', 'summary', 'source', 'custom_details', 'links', 'dedup_key', 'occurred_at', 'created_at'];

function incidentRow(incident: FoldIncident, number: number) {
  return {
    id: incident.id,
    org_id: incident.orgId,
    number,
    service_id: incident.serviceId,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    urgency: incident.urgency,
    alert_count: incident.alertCount,
    open_alert_count: incident.openAlertCount,
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    acknowledged_at: incident.acknowledgedAt,
    resolved_at: incident.resolvedAt,
  };
}

function alertRow(alert: FoldAlert) {
  const p = alert.payload;
  return {
    id: alert.id,
    org_id: alert.orgId,
    service_id: alert.serviceId,
    integration_id: alert.integrationId,
    incident_id: alert.incidentId,
    dedup_key: alert.dedupKey,
    status: alert.status,
    summary: alert.summary,
    severity: alert.severity,
    source: alert.source,
    component: p.component ?? null,
    group: p.group ?? null,
    class: p.class ?? null,
    custom_details: p.customDetails ?? null,
    links: p.links,
    images: p.images,
    client: p.client ?? null,
    client_url: p.clientUrl ?? null,
    event_count: alert.eventCount,
    created_at: alert.createdAt,
    last_event_at: alert.lastEventAt,
    acknowledged_at: alert.acknowledgedAt,
    resolved_at: alert.resolvedAt,
  };
}

async function updateAlerts(tx: Transaction, changed: FoldAlert[]) {
  if (changed.length === 0) return;
  const rows = JSON.stringify(changed.map((a) => ({ id: a.id, status: a.status, severity: a.severity, event_count: a.eventCount, last_event_at: a.lastEventAt, acknowledged_at: a.acknowledgedAt, resolved_at: a.resolvedAt })));
  await tx.execute(sql`
    update alerts a set status = v.status, severity = v.severity, event_count = v.event_count, last_event_at = v.last_event_at,
      acknowledged_at = v.acknowledged_at, resolved_at = v.resolved_at
    from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, status text, severity text, event_count int, last_event_at timestamptz, acknowledged_at timestamptz, resolved_at timestamptz)
    where a.id = v.id and a.id = any(${idArray(changed.map((a) => a.id), 'uuid')})`);
}

function updateIncidentsStatement(changed: FoldIncident[]): SQL | undefined {
  if (changed.length === 0) return undefined;
  const rows = JSON.stringify(changed.map((i) => ({ id: i.id, status: i.status, severity: i.severity, open_alert_count: i.openAlertCount, updated_at: i.updatedAt, acknowledged_at: i.acknowledgedAt, resolved_at: i.resolvedAt })));
  return sql`
    update incidents i set status = v.status, severity = v.severity, open_alert_count = v.open_alert_count, updated_at = v.updated_at,
      acknowledged_at = v.acknowledged_at, resolved_at = v.resolved_at
    from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, status text, severity text, open_alert_count int, updated_at timestamptz, acknowledged_at timestamptz, resolved_at timestamptz)
    where i.id = v.id and i.id = any(${idArray(changed.map((i) => i.id), 'uuid')})`;
}

function changeRows(changeEvents: EventRow[]) {
  return changeEvents.map((event) => {
    const payload = event.payload as ChangeEventPayload;
    return {
      id: randomUUID(),
      org_id: event.orgId,
      service_id: event.serviceId,
      integration_id: event.integrationId,
      summary: payload.summary,
      source: payload.source ?? null,
      custom_details: payload.customDetails ?? null,
      links: payload.links,
      dedup_key: event.dedupKey,
      occurred_at: payload.timestamp ? new Date(payload.timestamp) : event.receivedAt,
      created_at: event.receivedAt,
      eventId: event.id,
    };
  });
}

/**
 * Drops change events whose dedup key (a GitHub delivery id) is already recorded for their integration, or
 * comes earlier in the batch, marking them `change_duplicate`: a redelivery records no second change and
 * announces nothing.
 */
async function withoutRecordedChanges(tx: Transaction, changeEvents: EventRow[], outcomes: Map<number, EventOutcome>): Promise<EventRow[]> {
  const keyed = changeEvents.filter((event) => event.dedupKey !== null);
  if (keyed.length === 0) return changeEvents;
  const keys = JSON.stringify(keyed.map((event) => ({ i: event.integrationId, d: event.dedupKey })));
  const recorded = (await tx.execute(sql`
    select c.i, c.d from jsonb_to_recordset(${keys}::jsonb) as k(i uuid, d text)
    cross join lateral (select integration_id as i, dedup_key as d from changes where integration_id = k.i and dedup_key = k.d and dedup_key is not null limit 1) c`)) as unknown as { rows: Array<{ i: string; d: string }> };
  const seen = new Set(recorded.rows.map((row) => `${row.i}/${row.d}`));
  return changeEvents.filter((event) => {
    if (event.dedupKey === null) return true;
    const key = `${event.integrationId}/${event.dedupKey}`;
    if (seen.has(key)) {
      outcomes.set(event.id, 'change_duplicate');
      return false;
    }
    seen.add(key);
    return true;
  });
}

function onConflictDoNothing(statement: SQL | undefined): SQL | undefined {
  return statement && sql`${statement} on conflict do nothing`;
}

function markFoldedStatement(outcomes: Map<number, EventOutcome>, now: Date): SQL {
  const rows = JSON.stringify([...outcomes].map(([id, outcome]) => ({ id, outcome })));
  return sql`
    update events e set folded_at = ${now.toISOString()}::timestamptz, outcome = v.outcome
    from jsonb_to_recordset(${rows}::jsonb) as v(id bigint, outcome text)
    where e.id = v.id and e.id = any(${idArray([...outcomes.keys()], 'bigint')})`;
}
