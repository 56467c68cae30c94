import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { StoredEventPayload } from './event.ts';

/** Every accepted event, written durably before the 2xx; folded into alerts and incidents afterwards. */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    integrationId: uuid('integration_id').notNull(),
    kind: text('kind', { enum: ['alert', 'change'] }).notNull(),
    action: text('action', { enum: ['trigger', 'acknowledge', 'resolve', 'change'] }).notNull(),
    dedupKey: text('dedup_key'),
    payload: jsonb('payload').$type<StoredEventPayload>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    foldedAt: timestamp('folded_at', { withTimezone: true }),
    /** What folding did with it: see FoldOutcome. */
    outcome: text('outcome'),
    /** The request that brought it (lib/cause.ts): the domain events it leads to carry it on to their jobs. */
    causedBy: text('caused_by'),
  },
  (t) => [
    index('events_unfolded_idx').on(t.id).where(sql`${t.foldedAt} is null`),
    index('events_org_received_idx').on(t.orgId, t.id),
    index('events_service_id_idx').on(t.orgId, t.serviceId, t.id),
    // The event log filtered by outcome (`?outcome=failed`): without it a rare outcome is a scan of the whole log.
    // Events are stored with no outcome, so ingestion never writes to it; the fold adds one entry per event.
    index('events_org_outcome_idx').on(t.orgId, t.outcome, t.id).where(sql`${t.outcome} is not null`),
  ],
);
