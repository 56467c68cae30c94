import { type Column, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { alertmanagerSilences } from '../../integrations/alertmanager/alertmanager.tables.ts';
import { heartbeats } from '../../integrations/heartbeat/heartbeat.tables.ts';
import { slackConnections, slackIncidentChannels, slackMessages, slackSubscriptions } from '../../integrations/slack/slack.tables.ts';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../../integrations/webhooks/webhooks.tables.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { changes } from '../changes/changes.tables.ts';
import { events } from '../events/events.tables.ts';
import { alerts, incidentLog, incidents } from '../incidents/incidents.tables.ts';
import { contactMethods, notificationAttempts, notificationRules, notifications } from '../notify/notify.tables.ts';
import { calendarFeeds, escalationPolicies, incidentEscalations, scheduleOverrides, schedules } from '../oncall/oncall.tables.ts';
import { invitations } from '../orgs/invitations.tables.ts';
import { apiKeys, organizations, users } from '../orgs/orgs.tables.ts';
import { teamMembers, teams } from '../orgs/teams.tables.ts';
import { outbox } from '../outbox/outbox.tables.ts';
import { maintenanceWindows, services, integrations } from '../services/services.tables.ts';

/** One table of an export, as its Drizzle definition describes it: a column added there is carried at once. */
export interface TransferTable {
  readonly name: string;
  readonly table: PgTable;
  readonly columns: readonly Column[];
  /** What the rows are paged by, in this order. */
  readonly primaryKey: readonly Column[];
  /** The column that holds the organisation's id (the id itself for `organizations`). */
  readonly orgColumn: Column;
  /**
   * A bigserial id: another organisation of the target has the same numbers, so the target's sequence gives
   * each row a new one (in the file's order, so timelines and the event log keep their order).
   */
  readonly serialId: Column | undefined;
  /** A further restriction than the organisation, when only some of its rows are durable state. */
  readonly within: ((orgId: string) => SQL) | undefined;
}

function define(table: PgTable, orgColumn: Column, within?: (orgId: string) => SQL): TransferTable {
  const config = getTableConfig(table);
  const columns = Object.values(getTableColumns(table));
  const composite = config.primaryKeys[0]?.columns;
  const primaryKey = composite ?? columns.filter((column) => column.primary);
  const serial = primaryKey.length === 1 && primaryKey[0]!.columnType === 'PgBigSerial53' ? primaryKey[0] : undefined;
  return { name: config.name, table, columns, primaryKey, orgColumn, serialId: serial, within };
}

/**
 * Every table of an organisation's durable state, parents before children (the order rows are written and
 * inserted in, so foreign keys hold at every step). Every one of them carries the organisation's id itself —
 * users too: a user belongs to one organisation (`users.org_id`), there is no membership table — so each is
 * scoped by its own column, never through a parent.
 */
export const transferTables: readonly TransferTable[] = [
  define(organizations, organizations.id),
  define(users, users.orgId),
  define(teams, teams.orgId),
  define(teamMembers, teamMembers.orgId),
  define(invitations, invitations.orgId),
  define(apiKeys, apiKeys.orgId),
  define(contactMethods, contactMethods.orgId),
  define(notificationRules, notificationRules.orgId),
  define(services, services.orgId),
  define(integrations, integrations.orgId),
  define(maintenanceWindows, maintenanceWindows.orgId),
  define(schedules, schedules.orgId),
  define(scheduleOverrides, scheduleOverrides.orgId),
  define(calendarFeeds, calendarFeeds.orgId),
  define(escalationPolicies, escalationPolicies.orgId),
  define(incidents, incidents.orgId),
  define(incidentEscalations, incidentEscalations.orgId),
  define(alerts, alerts.orgId),
  define(incidentLog, incidentLog.orgId),
  define(changes, changes.orgId),
  define(notifications, notifications.orgId),
  define(notificationAttempts, notificationAttempts.orgId),
  define(auditLog, auditLog.orgId),
  define(alertmanagerSilences, alertmanagerSilences.orgId),
  define(slackConnections, slackConnections.orgId),
  define(slackSubscriptions, slackSubscriptions.orgId),
  define(slackMessages, slackMessages.orgId),
  define(slackIncidentChannels, slackIncidentChannels.orgId),
  define(webhookSubscriptions, webhookSubscriptions.orgId),
  // The outbox is transient but for one use: the webhook delivery log is read joined to the domain events it
  // delivered (their type and body), and a pending delivery sends its event's body. So the events the
  // organisation's deliveries point at travel too, and only those.
  define(outbox, outbox.orgId, (orgId) => sql`${outbox.id} in (select ${webhookDeliveries.outboxId} from ${webhookDeliveries} where ${webhookDeliveries.orgId} = ${orgId})`),
  define(webhookDeliveries, webhookDeliveries.orgId),
  define(webhookAttempts, webhookAttempts.orgId),
  define(heartbeats, heartbeats.orgId),
  define(events, events.orgId),
];

/**
 * Tables with organisation rows that an export leaves out, and why: the state of a process or of a moment,
 * rebuilt by the target (or not worth moving).
 */
export const tablesLeftOut: Readonly<Record<string, string>> = {
  sessions: 'browser sessions: users sign in again',
  jobs: 'queued work of the old store; the engine queues again what is due (notifications, deliveries)',
  job_schedules: 'cron schedules, registered by every process at start',
  outbox_relay: 'domain events still to be relayed: a moment of the old store',
  stream_pending: 'live stream numbering of the old store',
  stream_events: 'live stream replay window (hours) of the old store',
  mail_outbox: 'mail not sent for want of SMTP, kept 30 days',
  instance_secrets: "the installation's own keys, not an organisation's",
};

const byName = new Map(transferTables.map((table, index) => [table.name, { table, index }]));

/** The table of that name and its place in the order, if an export carries it. */
export function transferTable(name: string): { table: TransferTable; index: number } | undefined {
  return byName.get(name);
}
