import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../modules/orgs/orgs.tables.ts';
import { integrations } from '../../modules/services/services.tables.ts';

/**
 * The state of each heartbeat integration (a dead man's switch). The engine's heartbeat manager claims rows whose
 * `due_at` has passed; a ping moves `due_at` forward. Rows appear at the first ping or when the manager adopts
 * a new heartbeat integration, whichever comes first.
 */
export const heartbeats = pgTable(
  'heartbeats',
  {
    integrationId: uuid('integration_id')
      .primaryKey()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** waiting: created, never pinged; up: pinged in time; down: overdue, its alert triggered. */
    status: text('status', { enum: ['waiting', 'up', 'down'] }).notNull(),
    lastPingAt: timestamp('last_ping_at', { withTimezone: true }),
    /** The latest the next ping may arrive; null while down (only a ping changes anything then). */
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** When it went down (the missed due time was noticed); null unless down. */
    downSince: timestamp('down_since', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('heartbeats_due_idx').on(t.dueAt)],
);
