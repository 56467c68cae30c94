import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../orgs/orgs.tables.ts';
import { teams } from '../orgs/teams.tables.ts';

export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: ['active', 'disabled'] }).notNull(),
    /** Who gets paged; none: incidents open but page nobody. Deleting a policy in use is refused. */
    escalationPolicyId: uuid('escalation_policy_id'),
    /** The team that owns it, if any; deleting the team leaves its services without one. */
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    /** Urgency of its incidents: always high, always low, or from the severity (critical/error high). */
    urgency: text('urgency', { enum: ['high', 'low', 'severity_based'] })
      .notNull()
      .default('high'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('services_org_name_key').on(t.orgId, t.name), index('services_org_idx').on(t.orgId, t.createdAt, t.id)],
);

export const integrations = pgTable(
  'integrations',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    name: text('name').notNull(),
    integrationKey: text('integration_key').notNull(),
    /** Events per minute accepted for this key; null means the instance default. */
    rateLimitPerMinute: integer('rate_limit_per_minute'),
    /** The type's settings (a generic webhook's mapping, a heartbeat's interval…), secrets left out. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** The type's secret settings as one sealed JSON object (see SecretBox); never returned by the API. */
    sealedSecrets: text('sealed_secrets'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('integrations_key_key').on(t.integrationKey), index('integrations_service_idx').on(t.orgId, t.serviceId, t.createdAt)],
);

/** While one is in progress, the service's events are stored but open no incident and page nobody. */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    description: text('description').notNull().default(''),
    start: timestamp('start', { withTimezone: true }).notNull(),
    end: timestamp('end', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('maintenance_windows_service_idx').on(t.serviceId, t.end), index('maintenance_windows_org_idx').on(t.orgId, t.start, t.id)],
);
