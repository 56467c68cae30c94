import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from '../../modules/incidents/incidents.tables.ts';
import { organizations } from '../../modules/orgs/orgs.tables.ts';
import { services } from '../../modules/services/services.tables.ts';

/**
 * An organisation's Slack app, one per organisation. The bot token and signing secret are sealed (SecretBox,
 * bound to the organisation's id) and never leave the server. Several organisations may share a workspace,
 * each with its own app: requests from Slack are matched by team, then by whose signing secret verifies them.
 */
export const slackConnections = pgTable(
  'slack_connections',
  {
    orgId: uuid('org_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    teamId: text('team_id').notNull(),
    teamName: text('team_name').notNull(),
    botUserId: text('bot_user_id').notNull(),
    sealedBotToken: text('sealed_bot_token').notNull(),
    sealedSigningSecret: text('sealed_signing_secret').notNull(),
    connectedBy: uuid('connected_by'),
    connectedAt: timestamp('connected_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('slack_connections_team_idx').on(t.teamId)],
);

/** Channels told about a service's incidents; `incidentChannels` also opens a channel per incident. */
export const slackSubscriptions = pgTable(
  'slack_subscriptions',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    incidentChannels: boolean('incident_channels').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('slack_subscriptions_service_channel_key').on(t.serviceId, t.channelId), index('slack_subscriptions_org_service_idx').on(t.orgId, t.serviceId)],
);

/** Every Slack message about an incident (in a subscribed channel, its own channel, a direct message), updated in place. */
export const slackMessages = pgTable(
  'slack_messages',
  {
    orgId: uuid('org_id').notNull(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    kind: text('kind', { enum: ['channel', 'incident_channel', 'direct'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.channelId, t.ts] }), index('slack_messages_org_incident_idx').on(t.orgId, t.incidentId)],
);

/** The dedicated channel of an incident (`#inc-<number>-<slug>`), archived when the incident resolves. */
export const slackIncidentChannels = pgTable(
  'slack_incident_channels',
  {
    incidentId: uuid('incident_id')
      .primaryKey()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull(),
    channelId: text('channel_id').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('slack_incident_channels_org_idx').on(t.orgId, t.incidentId)],
);
