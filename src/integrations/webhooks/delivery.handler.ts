import { and, eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { causedLog } from '../../lib/cause.ts';
import { escapeHtml } from '../../modules/notify/html.ts';
import { users } from '../../modules/orgs/orgs.tables.ts';
import type { Job, JobHandler } from '../../ports/job-queue.ts';
import type { Mailer } from '../../ports/mailer.ts';
import { DeliveryBatches } from './delivery-batches.ts';
import { type LoadedDelivery, recordFailure, recordSuccessEndingStreak, webhookBodyText } from './delivery.store.ts';
import { DELIVER_JOB, DISABLED_NOTICE_JOB, queueAttempt, queueDisabledNotice } from './webhook-jobs.ts';
import type { WebhookSender } from './webhook-sender.ts';
import { webhookSubscriptions } from './webhooks.tables.ts';

const deliverJob = z.object({ org_id: z.uuid(), delivery_id: z.uuid(), attempt: z.number().int().min(1), trigger: z.enum(['scheduled', 'manual']) });
const noticeJob = z.object({ org_id: z.uuid(), subscription_id: z.uuid() });

/**
 * The `webhooks` queue: `deliver` makes one attempt of a delivery and records it; failures are retried by
 * queueing the next attempt on the schedule (the job itself succeeds, so the queue's own backoff is only for
 * errors of the store). `disabled-notice` mails the admins of a subscription disabled for failing.
 */
export function createWebhooksHandler(deps: Deps, sender: WebhookSender, mailer: Mailer): JobHandler {
  const webhooksLog = deps.log.child({ component: 'webhooks' });
  const batches = new DeliveryBatches(deps.store);
  // Opened secrets by sealed value: a fan-out signs for the same subscriptions over and over.
  const opened = new LRUCache<string, string>({ max: 1000 });
  const openSecret = (sealed: string, subscriptionId: string) => {
    const key = `${subscriptionId} ${sealed}`;
    let secret = opened.get(key);
    if (secret === undefined) opened.set(key, (secret = deps.secrets.open(sealed, subscriptionId)));
    return secret;
  };

  async function deliver(job: Job): Promise<void> {
    const log = causedLog(webhooksLog, job.cause);
    const data = deliverJob.safeParse(job.data);
    if (!data.success) {
      log.error({ jobId: job.id }, 'webhook deliver job without a valid org_id, delivery_id and attempt: dropped');
      return;
    }
    const row = await batches.load(data.data.org_id, data.data.delivery_id);
    if (!row) return; // its subscription was deleted
    const { delivery, subscription } = row;
    if (delivery.attempts >= data.data.attempt) {
      // This attempt was recorded by a run that died before queueing the next one: queue it (its key keeps it to one).
      if (delivery.status === 'pending' && delivery.nextAttemptAt) await queueAttempt(deps.queue, deps.clock, delivery, delivery.attempts + 1, 'scheduled', delivery.nextAttemptAt, job.cause);
      return;
    }
    if (delivery.status !== 'pending' || !subscription.enabled) return;
    const attempt = delivery.attempts + 1;
    const context = { orgId: delivery.orgId, subscriptionId: subscription.id, deliveryId: delivery.id, attempt };

    const outcome = await sender.send({
      url: subscription.url,
      allowPrivateNetwork: subscription.allowPrivateNetwork,
      id: delivery.id,
      timestamp: deps.clock.now(),
      body: webhookBodyText(row.event),
      secrets: signingSecrets(deps, openSecret, row),
    });
    const recorded = { orgId: delivery.orgId, deliveryId: delivery.id, subscriptionId: subscription.id, attempt, trigger: data.data.trigger, outcome, now: deps.clock.now() };
    if (outcome.succeeded) {
      await (subscription.failingSince === null ? batches.recordSuccess(recorded) : recordSuccessEndingStreak(deps.store, recorded));
      log.debug({ ...context, status: outcome.statusCode, ms: outcome.durationMs }, 'webhook delivered');
      return;
    }
    const result = await recordFailure(deps.store, recorded);
    if (!result) return;
    if (result.nextAttemptAt) await queueAttempt(deps.queue, deps.clock, delivery, attempt + 1, 'scheduled', result.nextAttemptAt, job.cause);
    if (result.disabled) {
      await queueDisabledNotice(deps.queue, delivery.orgId, subscription.id, result.disabled.at, job.cause);
      log.warn({ ...context, reason: result.disabled.reason }, 'webhook subscription disabled');
    }
    log.info({ ...context, status: outcome.statusCode, err: outcome.error, retryAt: result.nextAttemptAt?.toISOString() ?? null }, result.nextAttemptAt ? 'webhook attempt failed; will retry' : 'webhook delivery failed for good');
  }

  async function notice(job: Job): Promise<void> {
    const log = causedLog(webhooksLog, job.cause);
    const data = noticeJob.safeParse(job.data);
    if (!data.success) return;
    const [subscription] = await deps.store.db
      .select()
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.id, data.data.subscription_id), eq(webhookSubscriptions.orgId, data.data.org_id)));
    // Deleted or re-enabled since: nothing to tell.
    if (!subscription || subscription.enabled || !subscription.disabledReason) return;
    const admins = await deps.store.db
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.orgId, data.data.org_id), eq(users.role, 'admin')));
    const mail = disabledNoticeMail(deps.publicUrl(), subscription);
    for (const admin of admins) await mailer.send({ orgId: subscription.orgId, to: admin.email, ...mail });
    log.info({ orgId: subscription.orgId, subscriptionId: subscription.id, admins: admins.length }, 'webhook disabled notice sent');
  }

  return async (job) => {
    if (job.name === DELIVER_JOB) return deliver(job);
    if (job.name === DISABLED_NOTICE_JOB) return notice(job);
    throw new Error(`the webhooks queue has no handler for jobs named ${JSON.stringify(job.name)}`);
  };
}

/** The current secret, and the previous one while a rotation's overlap lasts. Never logged. */
function signingSecrets(deps: Deps, open: (sealed: string, subscriptionId: string) => string, row: LoadedDelivery): string[] {
  const { subscription } = row;
  const secrets = [open(subscription.sealedSecret, subscription.id)];
  if (subscription.sealedPreviousSecret && subscription.previousSecretExpiresAt && subscription.previousSecretExpiresAt > deps.clock.now()) {
    secrets.push(open(subscription.sealedPreviousSecret, subscription.id));
  }
  return secrets;
}

/** Where it went, without the query string (which may carry a token of the receiver's). */
export const safeDestination = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};

function disabledNoticeMail(publicUrl: string, subscription: { id: string; url: string; disabledReason: string | null }) {
  const destination = safeDestination(subscription.url);
  const api = `${publicUrl}/api/v1/webhooks/${subscription.id}`;
  const reason = subscription.disabledReason ?? 'It kept failing.';
  const subject = `Webhook disabled: ${new URL(subscription.url).host}`;
  const text = [
    `Vigil stopped sending webhooks to ${destination} (subscription ${subscription.id}).`,
    '',
    `Why: ${reason}`,
    '',
    'Deliveries still waiting were given up. Once the receiver works again, re-enable the subscription',
    `(PATCH ${api} with {"enabled": true}) and redeliver what it missed from its delivery log`,
    `(GET ${api}/deliveries, then POST …/deliveries/{id}/redeliver).`,
  ].join('\n');
  const html = `<p>Vigil stopped sending webhooks to <strong>${escapeHtml(destination)}</strong> (subscription ${escapeHtml(subscription.id)}).</p>
<p>Why: ${escapeHtml(reason)}</p>
<p>Deliveries still waiting were given up. Once the receiver works again, re-enable the subscription (<code>PATCH ${escapeHtml(api)}</code> with <code>{"enabled": true}</code>) and redeliver what it missed from its delivery log (<code>GET ${escapeHtml(api)}/deliveries</code>).</p>`;
  return { subject, text, html };
}
