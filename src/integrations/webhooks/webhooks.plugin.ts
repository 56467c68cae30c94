import type { Deps } from '../../app/deps.ts';
import type { Manager } from '../../engine/engine.ts';
import type { IntegrationPlugin, Reaction } from '../integration-plugin.ts';
import { createWebhooksHandler } from './delivery.handler.ts';
import { fanOut, markRequeued, overdueDeliveries, purgeDeliveries } from './delivery.store.ts';
import { subscribedTypes } from './subscribed-types.ts';
import { attemptJobKey, queueAttempt, WEBHOOKS_QUEUE } from './webhook-jobs.ts';
import { WebhookSender } from './webhook-sender.ts';
import { webhookRoutes } from './webhooks.routes.ts';

/**
 * A pending delivery this late (due time on the app's clock) has lost its job — a crash between a commit and
 * the enqueue after it — or the clock moved past the queue's delay; the manager queues it again. Longer than
 * an attempt takes, so an attempt under way is not queued twice.
 */
const OVERDUE_GRACE_MS = 5 * 60_000;
const OVERDUE_BATCH = 200;
/** Delivery logs are kept this long, then deleted with their attempts. */
const RETENTION_MS = 30 * 86_400_000;
const PURGE_EVERY_MS = 3_600_000;
const PURGE_BATCH = 5_000;

/** Every committed domain event → one delivery per matching subscription, each attempt a job. */
function fanOutReaction(deps: Deps): Reaction {
  return {
    name: 'webhook fan-out',
    types: ['*'],
    async wants(orgId, type, executor) {
      const types = await subscribedTypes(deps, orgId, executor);
      return types.has('*') || types.has(type);
    },
    async react(events) {
      const types = await subscribedTypes(deps, events[0]!.orgId);
      for (const event of events) {
        if (!types.has('*') && !types.has(event.type)) continue;
        const ids = await fanOut(deps.store, event, deps.clock.now());
        await Promise.all(ids.map((id) => queueAttempt(deps.queue, deps.clock, { id, orgId: event.orgId }, 1, 'scheduled', undefined, event.cause)));
      }
    },
  };
}

/** Queues overdue deliveries again, and deletes old delivery logs about once an hour. */
function deliveriesManager(deps: Deps): Manager {
  let lastPurge = 0;
  return {
    name: 'webhook deliveries',
    async run() {
      const now = deps.clock.now();
      const before = new Date(now.getTime() - OVERDUE_GRACE_MS);
      const overdue = await overdueDeliveries(deps.store, before, OVERDUE_BATCH);
      // First marked due now (so the next passes leave them alone for a while), then queued.
      if (overdue.length > 0) await markRequeued(deps.store, overdue.map((delivery) => delivery.id), before, now);
      for (const delivery of overdue) {
        // A job still delayed until a due time the clock has passed is replaced by one due now.
        const attempt = delivery.attempts + 1;
        await deps.queue.cancel(WEBHOOKS_QUEUE, { idempotencyKey: attemptJobKey(delivery.id, attempt, 'scheduled') });
        await queueAttempt(deps.queue, deps.clock, delivery, attempt, 'scheduled');
      }
      let purged = 0;
      if (now.getTime() - lastPurge >= PURGE_EVERY_MS) {
        lastPurge = now.getTime();
        purged = await purgeDeliveries(deps.store, new Date(now.getTime() - RETENTION_MS), PURGE_BATCH);
      }
      return overdue.length + purged;
    },
  };
}

/** Outgoing webhooks: subscriptions API, fan-out of domain events, signed deliveries with retries. */
export const webhooksPlugin: IntegrationPlugin = {
  name: 'webhooks',
  apiRoutes: ({ deps }) => webhookRoutes(deps),
  reactions: ({ deps }) => [fanOutReaction(deps)],
  workers: ({ deps, mailer }) => [{ queue: WEBHOOKS_QUEUE, handler: createWebhooksHandler(deps, new WebhookSender(), mailer), concurrency: deps.config.VIGIL_WEBHOOK_CONCURRENCY }],
  managers: ({ deps }) => [deliveriesManager(deps)],
};
