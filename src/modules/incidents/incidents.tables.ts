import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { EventLink, EventImage } from '../events/event.ts';
import { organizations } from '../orgs/orgs.tables.ts';

const statuses = ['triggered', 'acknowledged', 'resolved'] as const;
const severities = ['critical', 'error', 'warning', 'info'] as const;

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    serviceId: uuid('service_id').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: statuses }).notNull(),
    severity: text('severity', { enum: severities }).notNull(),
    urgency: text('urgency', { enum: ['high', 'low'] })
      .notNull()
      .default('high'),
    alertCount: integer('alert_count').notNull(),
    openAlertCount: integer('open_alert_count').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('incidents_org_number_key').on(t.orgId, t.number),
    index('incidents_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('incidents_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.id),
    index('incidents_org_service_created_idx').on(t.orgId, t.serviceId, t.createdAt, t.id),
    // The open-incidents gauge counts open incidents of every organisation by severity at each scrape: this
    // holds only the open few, where any index on the whole history would be read from end to end.
    index('incidents_open_severity_idx').on(t.severity).where(sql`${t.status} <> 'resolved'`),
    // An organisation's open incidents by service, status and severity (the overview, each service's health):
    // read from the index alone, over the open few rather than the whole history.
    index('incidents_open_service_idx').on(t.orgId, t.serviceId, t.status, t.severity).where(sql`${t.status} <> 'resolved'`),
  ],
);

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    integrationId: uuid('integration_id').notNull(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    dedupKey: text('dedup_key').notNull(),
    status: text('status', { enum: statuses }).notNull(),
    summary: text('summary').notNull(),
    severity: text('severity', { enum: severities }).notNull(),
    source: text('source').notNull(),
    component: text('component'),
    group: text('group'),
    class: text('class'),
    customDetails: jsonb('custom_details'),
    links: jsonb('links').$type<EventLink[]>().notNull(),
    images: jsonb('images').$type<EventImage[]>().notNull(),
    client: text('client'),
    clientUrl: text('client_url'),
    eventCount: integer('event_count').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastEventAt: timestamp('last_event_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    // The database itself refuses a second open alert for one dedup key, whatever races above it.
    uniqueIndex('alerts_open_dedup_key').on(t.integrationId, t.dedupKey).where(sql`${t.status} <> 'resolved'`),
    index('alerts_incident_idx').on(t.orgId, t.incidentId, t.createdAt),
  ],
);

export const incidentLog = pgTable(
  'incident_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ['triggered', 'alert_added', 'alert_resolved', 'acknowledged', 'resolved', 'note', 'assigned', 'escalated', 'reassigned', 'notified', 'suppressed'] }).notNull(),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'integration', 'system'] }).notNull(),
    actorId: uuid('actor_id'),
    message: text('message').notNull(),
    alertId: uuid('alert_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('incident_log_incident_idx').on(t.orgId, t.incidentId, t.id)],
);
