import type { Cause } from '../../lib/cause.ts';
import type { Clock } from '../../ports/clock.ts';
import type { JobQueue } from '../../ports/job-queue.ts';
import type { Trigger } from './delivery.store.ts';

export const WEBHOOKS_QUEUE = 'webhooks';
export const DELIVER_JOB = 'deliver';
export const DISABLED_NOTICE_JOB = 'disabled-notice';

/** One job per delivery and attempt number (a manual redelivery has its own), so queueing twice is harmless. */
export const attemptJobKey = (deliveryId: string, attempt: number, trigger: Trigger) => `webhook:${deliveryId}:${attempt}${trigger === 'manual' ? ':manual' : ''}`;

/**
 * Queues attempt `attempt` of a delivery, due at `dueAt` on the app's clock (now when omitted). `cause`: the
 * request asking for it (a redelivery), or the cause of the job queueing the next attempt.
 */
export function queueAttempt(queue: JobQueue, clock: Clock, delivery: { id: string; orgId: string }, attempt: number, trigger: Trigger, dueAt?: Date, cause?: Cause) {
  return queue.enqueue(WEBHOOKS_QUEUE, {
    name: DELIVER_JOB,
    data: { org_id: delivery.orgId, delivery_id: delivery.id, attempt, trigger },
    // Relative to the app's clock: the queue keeps its own (real) time.
    delayMs: dueAt ? Math.max(0, dueAt.getTime() - clock.now().getTime()) : 0,
    idempotencyKey: attemptJobKey(delivery.id, attempt, trigger),
    ...(cause && { cause }),
  });
}

/** Tells the organisation's admins that a subscription was disabled; one job per disabling. */
export function queueDisabledNotice(queue: JobQueue, orgId: string, subscriptionId: string, disabledAt: Date, cause?: Cause) {
  return queue.enqueue(WEBHOOKS_QUEUE, {
    name: DISABLED_NOTICE_JOB,
    data: { org_id: orgId, subscription_id: subscriptionId },
    idempotencyKey: `webhook-disabled:${subscriptionId}:${disabledAt.getTime()}`,
    ...(cause && { cause }),
  });
}
