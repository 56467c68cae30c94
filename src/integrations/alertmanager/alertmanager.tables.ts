import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from '../../modules/incidents/incidents.tables.ts';
import { organizations } from '../../modules/orgs/orgs.tables.ts';

/**
 * Silences Vigil created in an Alertmanager when an incident was acknowledged, so that resolving the incident
 * expires exactly those. One per alert of the incident that came from an alertmanager integration.
 */
export const alertmanagerSilences = pgTable(
  'alertmanager_silences',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    integrationId: uuid('integration_id').notNull(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    alertId: uuid('alert_id').notNull(),
    /** The id Alertmanager gave the silence. */
    silenceId: text('silence_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** When Vigil expired it (or found it gone); null while it may still be active. */
    expiredAt: timestamp('expired_at', { withTimezone: true }),
  },
  (t) => [
    index('alertmanager_silences_incident_idx').on(t.orgId, t.incidentId),
    // At most one live silence per alert: a retried job finds the one it made.
    uniqueIndex('alertmanager_silences_live_alert_key').on(t.alertId).where(sql`${t.expiredAt} is null`),
  ],
);
