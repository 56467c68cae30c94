import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Domain events the outbox relay hands to the job queue (queue `domain-events`, job name = type). Only these
 * are tracked as unrelayed (a partial index), so the relay costs nothing for the many events nobody consumes
 * as jobs yet; a new consumer adds its type here and in a migration of the index.
 */
export const RELAYED_TYPES = ['incident.acknowledged', 'incident.resolved'] as const;

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
      .where(sql.raw(`relayed_at is null and type in (${RELAYED_TYPES.map((type) => `'${type}'`).join(', ')})`)),
  ],
);
