import type { InferSelectModel } from 'drizzle-orm';
import { webhookBody } from './delivery.store.ts';
import type { webhookAttempts, webhookDeliveries, webhookSubscriptions } from './webhooks.tables.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A subscription as the API shows it: never its secrets. */
export function presentWebhook(subscription: InferSelectModel<typeof webhookSubscriptions>) {
  return {
    id: subscription.id,
    url: subscription.url,
    description: subscription.description,
    event_types: subscription.eventTypes,
    enabled: subscription.enabled,
    allow_private_network: subscription.allowPrivateNetwork,
    disabled_at: iso(subscription.disabledAt),
    disabled_reason: subscription.disabledReason,
    failing_since: iso(subscription.failingSince),
    previous_secret_expires_at: iso(subscription.previousSecretExpiresAt),
    created_at: subscription.createdAt.toISOString(),
    updated_at: subscription.updatedAt.toISOString(),
  };
}

export function presentDelivery(
  delivery: InferSelectModel<typeof webhookDeliveries>,
  event: { type: string; createdAt: Date; data: Record<string, unknown> },
  attempts: InferSelectModel<typeof webhookAttempts>[],
) {
  return {
    id: delivery.id,
    subscription_id: delivery.subscriptionId,
    event_id: String(delivery.outboxId),
    event_type: delivery.eventType,
    status: delivery.status,
    attempt_count: delivery.attempts,
    next_attempt_at: iso(delivery.nextAttemptAt),
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    created_at: delivery.createdAt.toISOString(),
    completed_at: iso(delivery.completedAt),
    payload: webhookBody(event),
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      trigger: attempt.trigger,
      succeeded: attempt.succeeded,
      status_code: attempt.statusCode,
      response_body: attempt.responseBody,
      error: attempt.error,
      duration_ms: attempt.durationMs,
      at: attempt.at.toISOString(),
    })),
  };
}
