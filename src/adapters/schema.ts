// Every table, gathered for Drizzle and drizzle-kit. Each module owns its own *.tables.ts.
export * from '../modules/orgs/orgs.tables.ts';
export * from '../modules/orgs/teams.tables.ts';
export * from '../modules/orgs/invitations.tables.ts';
export * from '../modules/audit/audit.tables.ts';
export * from '../modules/services/services.tables.ts';
export * from '../modules/events/events.tables.ts';
export * from '../modules/incidents/incidents.tables.ts';
export * from '../modules/changes/changes.tables.ts';
export * from '../modules/outbox/outbox.tables.ts';
export * from '../modules/oncall/oncall.tables.ts';
export * from '../modules/notify/notify.tables.ts';
export * from './store-queue/jobs.tables.ts';
export * from '../integrations/alertmanager/alertmanager.tables.ts';
export * from '../integrations/slack/slack.tables.ts';
export * from '../integrations/heartbeat/heartbeat.tables.ts';
export * from '../integrations/webhooks/webhooks.tables.ts';
export * from '../modules/stream/stream.tables.ts';
