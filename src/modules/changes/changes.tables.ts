import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { EventLink } from '../events/event.ts';

export const changes = pgTable(
  'changes',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    integrationId: uuid('integration_id').notNull(),
    summary: text('summary').notNull(),
    source: text('source'),
    customDetails: jsonb('custom_details'),
    links: jsonb('links').$type<EventLink[]>().notNull(),
    /** The sender's id of the change (a GitHub delivery id): a redelivery with the same key records nothing. */
    dedupKey: text('dedup_key'),
    /** When the change happened, as the sender says; received time when it says nothing. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('changes_org_occurred_idx').on(t.orgId, t.occurredAt, t.id),
    index('changes_org_service_idx').on(t.orgId, t.serviceId, t.occurredAt, t.id),
    uniqueIndex('changes_integration_dedup_key').on(t.integrationId, t.dedupKey).where(sql`${t.dedupKey} is not null`),
  ],
);
