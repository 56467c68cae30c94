import { bigint, bigserial, index, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Domain events committed but not yet numbered for the live stream. A statement trigger on `outbox`
 * (migration 0008) adds every event, whoever writes it; the stream sequencer moves them to `stream_events`.
 */
export const streamPending = pgTable('stream_pending', {
  outboxId: bigint('outbox_id', { mode: 'number' }).primaryKey(),
  orgId: uuid('org_id').notNull(),
});

/**
 * The live stream's log: each domain event numbered once (`seq`, the message id clients resume from), in the
 * order its commit became visible. Numbered by one sequencer pass at a time (an advisory lock), so a reader
 * never sees a number before every lower one is committed. Kept for VIGIL_STREAM_RETENTION_HOURS.
 */
export const streamEvents = pgTable(
  'stream_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('stream_events_org_idx').on(t.orgId, t.seq)],
);
