import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../modules/orgs/orgs.tables.ts';

/**
 * An organisation's outgoing webhook: where its domain events are POSTed, signed with the Standard Webhooks
 * scheme. The signing secret is sealed (SecretBox, bound to the subscription's id) and shown only when made.
 * After a rotation the previous secret keeps signing too (a second signature) until `previousSecretExpiresAt`.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull(),
    /** Domain event types delivered, or `*` for all. */
    eventTypes: text('event_types').array().notNull(),
    enabled: boolean('enabled').notNull(),
    /** Lets the URL reach private, loopback and link-local addresses (the SSRF guard is off for it). */
    allowPrivateNetwork: boolean('allow_private_network').notNull(),
    sealedSecret: text('sealed_secret').notNull(),
    sealedPreviousSecret: text('sealed_previous_secret'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    /** First failed attempt with no successful one since: the clock of automatic disabling. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    disabledReason: text('disabled_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('webhook_subscriptions_org_idx').on(t.orgId, t.createdAt, t.id)],
);

/**
 * One domain event to one subscription, from its first attempt until it succeeded or was given up. Its id is
 * the `webhook-id` the receiver sees on every attempt (so receivers can drop duplicates). The body is made
 * from the outbox row it points to.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    /** Attempts made so far (scheduled and manual). */
    attempts: integer('attempts').notNull(),
    /** When the next attempt is due; null unless pending. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_subscription_event_key').on(t.subscriptionId, t.outboxId),
    index('webhook_deliveries_log_idx').on(t.subscriptionId, t.createdAt, t.id),
    index('webhook_deliveries_event_idx').on(t.orgId, t.outboxId),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_created_idx').on(t.createdAt),
  ],
);

/** Each HTTP request made for a delivery, with what came back (the body truncated). */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    /** `scheduled` (first try and retries) or `manual` (a redelivery asked through the API). */
    trigger: text('trigger', { enum: ['scheduled', 'manual'] }).notNull(),
    succeeded: boolean('succeeded').notNull(),
    statusCode: integer('status_code'),
    responseBody: text('response_body'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);
