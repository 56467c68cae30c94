import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
    /** The request that led to it (lib/cause.ts), handed on to the jobs that react to it; null for the engine's own. */
    causedBy: text('caused_by'),
  },
  (t) => [index('outbox_org_idx').on(t.orgId, t.id)],
);

/**
 * The domain events still to be handed to the job queue (queue `domain-events`, a job per organisation and
 * batch): every incident event and change events, which escalation, Slack, outgoing webhooks and Alertmanager
 * silences react to; per-alert events are not relayed (a storm has many). A statement trigger on `outbox`
 * (migration 0007) adds a row for each such event, whoever writes it; the relay deletes the rows it queued.
 * Kept apart from `outbox` so relaying never rewrites an event row, and the rows left to relay are a small
 * table's primary key rather than a partial index full of relayed entries.
 */
export const outboxRelay = pgTable('outbox_relay', {
  outboxId: bigint('outbox_id', { mode: 'number' }).primaryKey(),
  orgId: uuid('org_id').notNull(),
  /** The event's cause, copied by the trigger so that relaying reads this table alone (migration 0013). */
  causedBy: text('caused_by'),
});
