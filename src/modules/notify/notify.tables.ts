import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { incidents } from '../incidents/incidents.tables.ts';
import { organizations, users } from '../orgs/orgs.tables.ts';

export const contactMethods = pgTable(
  'contact_methods',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** A channel name (`email` now; more with the integrations). */
    type: text('type').notNull(),
    label: text('label').notNull(),
    address: text('address').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('contact_methods_user_idx').on(t.orgId, t.userId, t.createdAt)],
);

/** "Notify me by this contact method `delay_minutes` after I am assigned an incident of this urgency." */
export const notificationRules = pgTable(
  'notification_rules',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    urgency: text('urgency', { enum: ['high', 'low'] }).notNull(),
    contactMethodId: uuid('contact_method_id')
      .notNull()
      .references(() => contactMethods.id, { onDelete: 'cascade' }),
    delayMinutes: integer('delay_minutes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('notification_rules_user_idx').on(t.orgId, t.userId, t.urgency)],
);

/**
 * One notification of one user about one incident by one contact method: written with the escalation step
 * that causes it (so none is lost), then sent by a queue job; its attempts are the delivery log.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    contactMethodId: uuid('contact_method_id').notNull(),
    channel: text('channel').notNull(),
    /** Where it went, as it was when it was scheduled. */
    address: text('address').notNull(),
    level: integer('level').notNull(),
    loop: integer('loop').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['scheduled', 'sent', 'failed', 'cancelled'] }).notNull(),
    /** Set once its job is in the queue; rows left unset by a crash are queued again by the engine. */
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('notifications_incident_idx').on(t.orgId, t.incidentId, t.createdAt),
    index('notifications_unqueued_idx').on(t.createdAt).where(sql`${t.queuedAt} is null and ${t.status} = 'scheduled'`),
    // An escalation step calls off the reminders still scheduled for its incidents (not scoped by organisation):
    // only the notifications not sent yet, so the index stays small however long the delivery log grows.
    index('notifications_scheduled_idx').on(t.incidentId).where(sql`${t.status} = 'scheduled'`),
  ],
);

export const notificationAttempts = pgTable(
  'notification_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    outcome: text('outcome', { enum: ['sent', 'failed', 'skipped'] }).notNull(),
    detail: text('detail').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('notification_attempts_notification_idx').on(t.orgId, t.notificationId, t.id)],
);

/** Mail Vigil would have sent, when no SMTP server is configured (the embedded default). */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('mail_outbox_org_idx').on(t.orgId, t.id)],
);
