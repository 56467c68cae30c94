import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Manager } from '../engine/engine.ts';
import type { NotificationChannel } from '../ports/notification-channel.ts';
import type { IntegrationContext, IntegrationPlugin, Listener, Reaction, Worker } from './integration-plugin.ts';
import { inboundRoutes } from './inbound.routes.ts';
import { heartbeatPlugin } from './heartbeat/heartbeat.plugin.ts';
import { emailPlugin } from './email/email.plugin.ts';
import { alertmanagerPlugin } from './alertmanager/alertmanager.plugin.ts';
import { genericWebhookPlugin } from './generic-webhook/generic-webhook.plugin.ts';
import { opsgeniePlugin } from './opsgenie/opsgenie.plugin.ts';
import { slackPlugin } from './slack/slack.plugin.ts';
import { webhooksPlugin } from './webhooks/webhooks.plugin.ts';

/** Every integration with more to it than an inbound mapper, in the order their parts are registered. */
const plugins: IntegrationPlugin[] = [alertmanagerPlugin, genericWebhookPlugin, opsgeniePlugin, heartbeatPlugin, emailPlugin, slackPlugin, webhooksPlugin];

export interface IntegrationsModule {
  /** At the root: POST /integrations/{key} and the tools' own APIs. */
  publicRoutes: FastifyPluginAsyncZod;
  /** Inside apiScope (/api/v1). */
  apiRoutes: FastifyPluginAsyncZod;
  managers: Manager[];
  workers: Worker[];
  reactions: Reaction[];
  channels: NotificationChannel[];
  listeners: Listener[];
}

export function integrationsModule(context: IntegrationContext): IntegrationsModule {
  return {
    publicRoutes: async (app) => {
      await app.register(inboundRoutes(context.deps, context.directory, context.ingest));
      for (const plugin of plugins) if (plugin.publicRoutes) await app.register(plugin.publicRoutes(context));
    },
    apiRoutes: async (api) => {
      for (const plugin of plugins) if (plugin.apiRoutes) await api.register(plugin.apiRoutes(context));
    },
    managers: plugins.flatMap((plugin) => plugin.managers?.(context) ?? []),
    workers: plugins.flatMap((plugin) => plugin.workers?.(context) ?? []),
    reactions: plugins.flatMap((plugin) => plugin.reactions?.(context) ?? []),
    channels: plugins.flatMap((plugin) => plugin.channels?.(context) ?? []),
    listeners: plugins.flatMap((plugin) => plugin.listeners?.(context) ?? []),
  };
}
