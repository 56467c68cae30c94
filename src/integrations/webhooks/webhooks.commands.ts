import { randomBytes, randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../../modules/audit/audit.store.ts';
import type { Actor } from '../../modules/orgs/actor.ts';
import { giveUpPending } from './delivery.store.ts';
import { safeDestination } from './delivery.handler.ts';
import { checkPublicDestination, parseWebhookUrl } from './destination.ts';
import { attemptJobKey, queueAttempt, WEBHOOKS_QUEUE } from './webhook-jobs.ts';
import { requestCause } from '../../lib/cause.ts';
import { webhookDeliveries, webhookSubscriptions } from './webhooks.tables.ts';
import { subscriptionsChanged } from './subscribed-types.ts';

/** Subscriptions one organisation may have: each event is delivered to each, so this bounds the fan-out. */
const MAX_SUBSCRIPTIONS = 500;
/** After a rotation the previous secret still signs (a second signature) this long, so receivers can switch. */
const PREVIOUS_SECRET_OVERLAP_MS = 24 * 3_600_000;

/** A Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

function requireSecretBox(deps: Deps): void {
  if (!deps.secrets.available) {
    throw new AppError('unprocessable', 'This instance has no VIGIL_SECRET_KEY, so it cannot keep webhook signing secrets; set VIGIL_SECRET_KEY in every process and try again.', [
      { field: 'VIGIL_SECRET_KEY', message: 'is not set' },
    ]);
  }
}

/** Parses the URL and, unless private networks are allowed, checks it resolves to public addresses only. */
async function checkUrl(text: string, allowPrivateNetwork: boolean): Promise<string> {
  const url = parseWebhookUrl(text);
  if (!allowPrivateNetwork) await checkPublicDestination(url);
  return url.toString();
}

export interface NewWebhook {
  url: string;
  description?: string;
  event_types: string[];
  enabled?: boolean;
  allow_private_network?: boolean;
}

/** Creates a subscription; its signing secret comes back this once. */
export async function createWebhook(deps: Deps, actor: Actor, input: NewWebhook) {
  requireSecretBox(deps);
  const allowPrivateNetwork = input.allow_private_network ?? false;
  // Outside the transaction: a DNS lookup must not hold the store (one connection, on the embedded store).
  const url = await checkUrl(input.url, allowPrivateNetwork);
  const id = randomUUID();
  const secret = newSecret();
  const subscription = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [existing] = await tx.select({ n: count() }).from(webhookSubscriptions).where(eq(webhookSubscriptions.orgId, actor.orgId));
    if ((existing?.n ?? 0) >= MAX_SUBSCRIPTIONS) throw conflict(`An organisation can have at most ${MAX_SUBSCRIPTIONS} webhook subscriptions.`);
    const enabled = input.enabled ?? true;
    const [row] = await tx
      .insert(webhookSubscriptions)
      .values({
        id,
        orgId: actor.orgId,
        url,
        description: input.description ?? '',
        eventTypes: input.event_types,
        enabled,
        allowPrivateNetwork,
        sealedSecret: deps.secrets.seal(secret, id),
        disabledAt: enabled ? null : now,
        disabledReason: enabled ? null : 'Created disabled.',
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, actor, 'webhook.create', { type: 'webhook', id }, now, auditDetails({ url, event_types: input.event_types, enabled, allow_private_network: allowPrivateNetwork }));
    return row!;
  });
  await subscriptionsChanged(deps, actor.orgId);
  return { subscription, secret };
}

/** What the audit log keeps of a change: the URL without its query string, which may carry a token. */
function auditDetails(changes: Record<string, unknown>): Record<string, unknown> {
  return typeof changes['url'] === 'string' ? { ...changes, url: safeDestination(changes['url']) } : changes;
}

async function lockSubscription(tx: Transaction, orgId: string, id: string) {
  const [subscription] = await tx
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.orgId, orgId)))
    .for('update');
  if (!subscription) throw notFound('Webhook subscription');
  return subscription;
}

export interface WebhookChanges {
  url?: string;
  description?: string;
  event_types?: string[];
  enabled?: boolean;
  allow_private_network?: boolean;
}

/**
 * Changes a subscription. A new URL, or turning `allow_private_network` off, checks the destination again.
 * Disabling gives up its pending deliveries; enabling clears the disabling and the failing streak.
 */
export async function updateWebhook(deps: Deps, actor: Actor, id: string, changes: WebhookChanges) {
  const [current] = await deps.store.db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.orgId, actor.orgId)));
  if (!current) throw notFound('Webhook subscription');
  const allowPrivateNetwork = changes.allow_private_network ?? current.allowPrivateNetwork;
  const url = changes.url !== undefined || (current.allowPrivateNetwork && !allowPrivateNetwork) ? await checkUrl(changes.url ?? current.url, allowPrivateNetwork) : undefined;
  const updated = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const subscription = await lockSubscription(tx, actor.orgId, id);
    const enabling = changes.enabled === true && !subscription.enabled;
    const disabling = changes.enabled === false && subscription.enabled;
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({
        ...(url !== undefined && { url }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.event_types !== undefined && { eventTypes: changes.event_types }),
        ...(changes.allow_private_network !== undefined && { allowPrivateNetwork }),
        ...(enabling && { enabled: true, disabledAt: null, disabledReason: null, failingSince: null }),
        ...(disabling && { enabled: false, disabledAt: now, disabledReason: 'Disabled through the API.' }),
        updatedAt: now,
      })
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    if (disabling) await giveUpPending(tx, actor.orgId, id, now);
    await recordAudit(tx, actor, 'webhook.update', { type: 'webhook', id }, now, auditDetails({ ...changes, ...(url !== undefined && { url }) }));
    return row!;
  });
  await subscriptionsChanged(deps, actor.orgId);
  return updated;
}

export async function deleteWebhook(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [removed] = await tx
      .delete(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.orgId, actor.orgId)))
      .returning({ url: webhookSubscriptions.url });
    if (!removed) throw notFound('Webhook subscription');
    await recordAudit(tx, actor, 'webhook.delete', { type: 'webhook', id }, now, auditDetails({ url: removed.url }));
  });
  await subscriptionsChanged(deps, actor.orgId);
}

/** A new signing secret, returned this once; the previous one keeps signing for a day beside it. */
export async function rotateWebhookSecret(deps: Deps, actor: Actor, id: string) {
  requireSecretBox(deps);
  const secret = newSecret();
  const subscription = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const current = await lockSubscription(tx, actor.orgId, id);
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({
        sealedSecret: deps.secrets.seal(secret, id),
        sealedPreviousSecret: current.sealedSecret,
        previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_OVERLAP_MS),
        updatedAt: now,
      })
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    await recordAudit(tx, actor, 'webhook.rotate_secret', { type: 'webhook', id }, now);
    return row!;
  });
  return { subscription, secret };
}

/**
 * Makes a new attempt of a delivery now, whatever its status (a failed one gets retries again if the schedule
 * has steps left for its attempt number). Refused while the subscription is disabled.
 */
export async function redeliver(deps: Deps, actor: Actor, subscriptionId: string, deliveryId: string): Promise<void> {
  const delivery = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const subscription = await lockSubscription(tx, actor.orgId, subscriptionId);
    if (!subscription.enabled) throw conflict('The subscription is disabled; enable it (PATCH with {"enabled": true}) before redelivering.');
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: now, completedAt: null })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, subscriptionId), eq(webhookDeliveries.orgId, actor.orgId)))
      .returning();
    if (!row) throw notFound('Delivery');
    await recordAudit(tx, actor, 'webhook.redeliver', { type: 'webhook', id: subscriptionId }, now, { delivery_id: deliveryId });
    return row;
  });
  const next = delivery.attempts + 1;
  // A retry waiting for later would be this same attempt: this one replaces it.
  await deps.queue.cancel(WEBHOOKS_QUEUE, { idempotencyKey: attemptJobKey(delivery.id, next, 'scheduled') });
  await queueAttempt(deps.queue, deps.clock, delivery, next, 'manual', undefined, requestCause(actor.requestId));
}
