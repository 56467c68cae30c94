import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { openMailer } from '../../adapters/open-mailer.ts';
import type { Deps } from '../../app/deps.ts';
import type { JobHandler } from '../../ports/job-queue.ts';
import type { Mailer } from '../../ports/mailer.ts';
import type { NotificationChannel } from '../../ports/notification-channel.ts';
import { ActionLinks, actionLinkKey } from './action-links.ts';
import { actionLinkRoutes } from './action-links.routes.ts';
import { createDeliveryHandler } from './delivery.handler.ts';
import { deliveryLogRoutes } from './delivery-log.routes.ts';
import { EmailChannel } from './email.channel.ts';
import { contactRoutes } from './notify.routes.ts';

export interface NotifyModule {
  /** Register inside apiScope (/api/v1): contact methods, notification rules, delivery logs, mail outbox. */
  routes: FastifyPluginAsyncZod;
  /** Register at the root, next to the ingestion routes: the one-click action links (/actions/<token>). */
  publicRoutes: FastifyPluginAsyncZod;
  /** `queue.work(NOTIFICATIONS_QUEUE, deliveryHandler, { concurrency: 10 })` */
  deliveryHandler: JobHandler;
  channels: NotificationChannel[];
  mailer: Mailer;
  links: ActionLinks;
}

export interface NotifyOptions {
  /** Instead of the one the configuration names (SMTP_URL, else the mail outbox). */
  mailer?: Mailer;
  /** Channels integrations add (Slack direct messages), beside e-mail. */
  channels?: NotificationChannel[];
}

/** Everything notifications need, built once in the composition root. */
export function notifyModule(deps: Deps, options: NotifyOptions = {}): NotifyModule {
  const mailer = options.mailer ?? openMailer(deps);
  const links = new ActionLinks(actionLinkKey(deps.store, deps.clock), deps.clock);
  const channels: NotificationChannel[] = [new EmailChannel(mailer), ...(options.channels ?? [])];
  return {
    routes: async (api) => {
      await api.register(contactRoutes(deps));
      await api.register(deliveryLogRoutes(deps));
    },
    publicRoutes: actionLinkRoutes(deps, links),
    deliveryHandler: createDeliveryHandler({ ...deps, links }, channels),
    channels,
    mailer,
    links,
  };
}
