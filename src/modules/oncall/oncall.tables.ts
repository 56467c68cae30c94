import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from '../incidents/incidents.tables.ts';
import { organizations, users } from '../orgs/orgs.tables.ts';

/** Layers as the API takes them (snake_case, ISO instants): parsed again by `scheduleDefinition` on read. */
export type StoredLayer = Record<string, unknown>;

export const schedules = pgTable(
  'schedules',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    timeZone: text('time_zone').notNull(),
    layers: jsonb('layers').$type<StoredLayer[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('schedules_org_name_key').on(t.orgId, t.name), index('schedules_org_idx').on(t.orgId, t.createdAt, t.id)],
);

export const scheduleOverrides = pgTable(
  'schedule_overrides',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    start: timestamp('start', { withTimezone: true }).notNull(),
    end: timestamp('end', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  // The user index serves deleting a user (their overrides go with them).
  (t) => [index('schedule_overrides_schedule_idx').on(t.orgId, t.scheduleId, t.end), index('schedule_overrides_user_idx').on(t.userId)],
);

/** Secret iCalendar feed URLs: a schedule's or a user's shifts, readable without logging in. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['schedule', 'user'] }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('calendar_feeds_token_key').on(t.tokenHash), uniqueIndex('calendar_feeds_subject_key').on(t.orgId, t.kind, t.subjectId)],
);

export interface EscalationTarget {
  type: 'user' | 'schedule';
  id: string;
}
export interface EscalationLevel {
  delay_minutes: number;
  targets: EscalationTarget[];
}

export const escalationPolicies = pgTable(
  'escalation_policies',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** How many more times the whole policy runs after its last level. */
    repeatCount: integer('repeat_count').notNull().default(0),
    levels: jsonb('levels').$type<EscalationLevel[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('escalation_policies_org_name_key').on(t.orgId, t.name), index('escalation_policies_org_idx').on(t.orgId, t.createdAt, t.id)],
);

/**
 * Where an incident is in its escalation policy. The policy's levels are copied in when the incident
 * triggers, so editing the policy does not disturb running escalations. The engine advances due rows.
 */
export const incidentEscalations = pgTable(
  'incident_escalations',
  {
    incidentId: uuid('incident_id')
      .primaryKey()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull(),
    /** Null when the incident was assigned to people by hand and has no policy to follow. */
    policyId: uuid('policy_id'),
    levels: jsonb('levels').$type<EscalationLevel[]>().notNull(),
    repeatCount: integer('repeat_count').notNull(),
    /** Index into `levels`; -1 until the first level is entered. */
    level: integer('level').notNull(),
    loop: integer('loop').notNull(),
    status: text('status', { enum: ['active', 'stopped'] }).notNull(),
    /** When the engine next advances it; null once it has nothing more to do. */
    nextEscalationAt: timestamp('next_escalation_at', { withTimezone: true }),
    /** Users the incident is assigned to now. */
    assignees: jsonb('assignees').$type<string[]>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** The request that triggered the incident (lib/cause.ts): the notifications of every level descend from it. */
    causedBy: text('caused_by'),
  },
  (t) => [index('incident_escalations_due_idx').on(t.nextEscalationAt).where(sql`${t.status} = 'active'`)],
);
