import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Domain events the outbox relay hands to the job queue (queue `domain-events`, a job per organisation and batch): every
 * incident event and change events, which escalation, Slack, outgoing webhooks and Alertmanager silences
 * react to. Per-alert events are not relayed (a storm has many). Only these are tracked as unrelayed (a
 * partial index with this predicate, literally: a change here needs a migration of the index).
 */
export const UNRELAYED_PREDICATE = `relayed_at is null and (type like 'incident.%' or type = 'change.created')`;

/**
 * Domain events written in the same transaction as the change they announce. The live stream and the
 * notification engine read them in id order; nothing is announced that was not stored.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    type: text('type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    relayedAt: timestamp('relayed_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_org_idx').on(t.orgId, t.id),
    index('outbox_unrelayed_idx')
      .on(t.id)
      .where(sql.raw(UNRELAYED_PREDICATE)),
  ],
);
