import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Store, Transaction } from '../../ports/store.ts';
import { outbox } from '../../modules/outbox/outbox.tables.ts';
import type { DomainEvent } from '../integration-plugin.ts';
import type { AttemptOutcome } from './webhook-sender.ts';
import { judgeFailure } from './webhooks.policy.ts';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from './webhooks.tables.ts';
import { constant } from '../../adapters/sql-constant.ts';

export type Trigger = 'scheduled' | 'manual';

/** The body every attempt of a delivery POSTs, in the Standard Webhooks shape. */
export function webhookBody(event: { type: string; createdAt: Date; data: Record<string, unknown> }): { type: string; timestamp: string; data: Record<string, unknown> } {
  return { type: event.type, timestamp: event.createdAt.toISOString(), data: event.data };
}

/** The same body as `webhookBody`, serialised, from the event's data as JSON text. */
export function webhookBodyText(event: { type: string; createdAt: Date; dataJson: string }): string {
  return `{"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.createdAt.toISOString())},"data":${event.dataJson}}`;
}

const wantsType = (type: string) => sql`(${type} = any(${webhookSubscriptions.eventTypes}) or '*' = any(${webhookSubscriptions.eventTypes}))`;

/**
 * One delivery per enabled subscription of the event's organisation that wants its type; returns the ids of
 * the deliveries of this event still waiting for their first attempt — those just made, and those a previous
 * run made but may not have queued (the reaction runs again after a crash: the unique key adds nothing).
 */
export async function fanOut(store: Store, event: DomainEvent, now: Date): Promise<string[]> {
  // Most events of most organisations go nowhere: a read, not a write, finds that out.
  const [any] = await store.db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.orgId, event.orgId), eq(webhookSubscriptions.enabled, true), wantsType(event.type)))
    .limit(1);
  if (!any) return [];
  const at = now.toISOString();
  const result = await store.write((tx) =>
    tx.execute(sql`
      with made as (
        insert into webhook_deliveries (id, org_id, subscription_id, outbox_id, event_type, status, attempts, next_attempt_at, created_at)
        select gen_random_uuid(), s.org_id, s.id, ${event.outboxId}, ${event.type}, 'pending', 0, ${at}::timestamptz, ${at}::timestamptz
        from webhook_subscriptions s
        where s.org_id = ${event.orgId} and s.enabled and (${event.type} = any(s.event_types) or '*' = any(s.event_types))
        on conflict (subscription_id, outbox_id) do nothing
        returning id
      )
      select id from made
      union all
      select id from webhook_deliveries
      where org_id = ${event.orgId} and outbox_id = ${event.outboxId} and status = 'pending' and attempts = 0`),
  );
  return (result as unknown as { rows: Array<{ id: string }> }).rows.map((row) => row.id);
}

/** Deliveries with what sending them takes: their subscription and event (missing ones are left out). */
export function loadDeliveries(store: Store, ids: string[]) {
  return store.db
    .select({
      delivery: webhookDeliveries,
      subscription: {
        id: webhookSubscriptions.id,
        url: webhookSubscriptions.url,
        enabled: webhookSubscriptions.enabled,
        failingSince: webhookSubscriptions.failingSince,
        allowPrivateNetwork: webhookSubscriptions.allowPrivateNetwork,
        sealedSecret: webhookSubscriptions.sealedSecret,
        sealedPreviousSecret: webhookSubscriptions.sealedPreviousSecret,
        previousSecretExpiresAt: webhookSubscriptions.previousSecretExpiresAt,
      },
      // As text: it goes into the body as it is, with no parsing and serialising for every subscription.
      event: { type: outbox.type, dataJson: sql<string>`${outbox.data}::text`, createdAt: outbox.createdAt },
    })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, and(eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId), eq(webhookSubscriptions.orgId, webhookDeliveries.orgId)))
    .innerJoin(outbox, and(eq(outbox.id, webhookDeliveries.outboxId), eq(outbox.orgId, webhookDeliveries.orgId)))
    .where(inArray(webhookDeliveries.id, ids));
}

export type LoadedDelivery = Awaited<ReturnType<typeof loadDeliveries>>[number];

export interface Recorded {
  orgId: string;
  deliveryId: string;
  subscriptionId: string;
  attempt: number;
  trigger: Trigger;
  outcome: AttemptOutcome;
  now: Date;
}

/**
 * Successful attempts of deliveries whose subscription was not failing, in one statement: each delivery is
 * done and its attempt logged (a delivery whose attempt another run recorded first is left alone). The
 * subscription is not locked: a failure recorded meanwhile keeps its failing streak until the next success —
 * a delay in disabling, never a wrong one.
 */
export function recordSuccesses(store: Store, inputs: Recorded[]): Promise<void> {
  const rows = inputs.map((input) => ({
    delivery_id: input.deliveryId,
    org_id: input.orgId,
    attempt: input.attempt,
    trigger: input.trigger,
    status_code: input.outcome.statusCode,
    response_body: input.outcome.responseBody,
    duration_ms: input.outcome.durationMs,
    at: input.now.toISOString(),
  }));
  return store.writeStatement(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(delivery_id uuid, org_id uuid, attempt integer, trigger text, status_code integer, response_body text, duration_ms integer, at timestamptz)
    ), done as (
      update webhook_deliveries d
      set status = 'succeeded', attempts = i.attempt, next_attempt_at = null, completed_at = i.at, last_status_code = i.status_code, last_error = null
      from input i
      where d.id = i.delivery_id and d.org_id = i.org_id and d.attempts = i.attempt - 1
      returning i.*
    )
    insert into webhook_attempts (org_id, delivery_id, attempt, trigger, succeeded, status_code, response_body, error, duration_ms, at)
    select org_id, delivery_id, attempt, trigger, true, status_code, response_body, null, duration_ms, at from done`);
}

/** A successful attempt for a subscription that was failing: its failing streak ends too. */
export function recordSuccessEndingStreak(store: Store, input: Recorded): Promise<void> {
  // Subscription before delivery, the order every writer here locks them in.
  return store.write(async (tx) => {
    await tx
      .update(webhookSubscriptions)
      .set({ failingSince: null })
      .where(and(eq(webhookSubscriptions.id, input.subscriptionId), eq(webhookSubscriptions.orgId, input.orgId)));
    const [done] = await tx
      .update(webhookDeliveries)
      .set({ status: 'succeeded', attempts: input.attempt, nextAttemptAt: null, completedAt: input.now, lastStatusCode: input.outcome.statusCode, lastError: null })
      .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookDeliveries.orgId, input.orgId), eq(webhookDeliveries.attempts, input.attempt - 1)))
      .returning({ id: webhookDeliveries.id });
    if (done) await tx.insert(webhookAttempts).values(attemptRow(input));
  });
}

export interface FailureRecorded {
  /** When the next attempt is due; null when the delivery has failed for good. */
  nextAttemptAt: Date | null;
  /** Set when this failure disabled the subscription. */
  disabled: { at: Date; reason: string } | null;
}

/**
 * A failed attempt: schedules the next one, or gives the delivery up; may disable the subscription (410 Gone,
 * or failing for days), which gives up its other pending deliveries too. Null if another run recorded it first.
 */
export function recordFailure(store: Store, input: Recorded): Promise<FailureRecorded | null> {
  return store.write(async (tx) => {
    const [subscription] = await tx
      .select({ enabled: webhookSubscriptions.enabled, failingSince: webhookSubscriptions.failingSince })
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.id, input.subscriptionId), eq(webhookSubscriptions.orgId, input.orgId)))
      .for('update');
    if (!subscription) return null;
    const failingSince = subscription.failingSince ?? input.now;
    const verdict = subscription.enabled ? judgeFailure({ attempt: input.attempt, statusCode: input.outcome.statusCode, now: input.now, failingSince }) : { disable: null, nextAttemptAt: null };
    const nextAttemptAt = verdict.disable ? null : verdict.nextAttemptAt;
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({
        attempts: input.attempt,
        status: nextAttemptAt ? 'pending' : 'failed',
        nextAttemptAt,
        completedAt: nextAttemptAt ? null : input.now,
        lastStatusCode: input.outcome.statusCode,
        lastError: input.outcome.error,
      })
      .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookDeliveries.orgId, input.orgId), eq(webhookDeliveries.attempts, input.attempt - 1)))
      .returning({ id: webhookDeliveries.id });
    if (!updated) return null;
    await tx.insert(webhookAttempts).values(attemptRow(input));
    if (verdict.disable) {
      await tx
        .update(webhookSubscriptions)
        .set({ enabled: false, failingSince, disabledAt: input.now, disabledReason: verdict.disable, updatedAt: input.now })
        .where(eq(webhookSubscriptions.id, input.subscriptionId));
      await giveUpPending(tx, input.orgId, input.subscriptionId, input.now);
      return { nextAttemptAt: null, disabled: { at: input.now, reason: verdict.disable } };
    }
    if (!subscription.failingSince) await tx.update(webhookSubscriptions).set({ failingSince }).where(eq(webhookSubscriptions.id, input.subscriptionId));
    return { nextAttemptAt, disabled: null };
  });
}

/** A disabled subscription's deliveries still waiting are given up (re-enabling does not bring them back). */
export async function giveUpPending(tx: Transaction, orgId: string, subscriptionId: string, now: Date): Promise<void> {
  await tx
    .update(webhookDeliveries)
    .set({ status: 'failed', nextAttemptAt: null, completedAt: now, lastError: sql`coalesce(${webhookDeliveries.lastError} || '; ', '') || 'given up: the subscription was disabled'` })
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.subscriptionId, subscriptionId), eq(webhookDeliveries.status, 'pending')));
}

function attemptRow(input: Recorded) {
  return {
    orgId: input.orgId,
    deliveryId: input.deliveryId,
    attempt: input.attempt,
    trigger: input.trigger,
    succeeded: input.outcome.succeeded,
    statusCode: input.outcome.statusCode,
    responseBody: input.outcome.responseBody,
    error: input.outcome.error,
    durationMs: input.outcome.durationMs,
    at: input.now,
  };
}

/** Pending deliveries whose next attempt was due before `before`: their job was lost, or the clock jumped. */
export function overdueDeliveries(store: Store, before: Date, limit: number) {
  return store.db
    .select({ id: webhookDeliveries.id, orgId: webhookDeliveries.orgId, attempts: webhookDeliveries.attempts })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, constant('pending')), lte(webhookDeliveries.nextAttemptAt, before)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
}

/**
 * Marks overdue deliveries due now, so the next passes leave them alone for a while. Only those still overdue:
 * one whose attempt was recorded meanwhile keeps the due time of its next attempt.
 */
export function markRequeued(store: Store, ids: string[], before: Date, now: Date): Promise<unknown> {
  return store.write((tx) =>
    tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: now })
      .where(and(inArray(webhookDeliveries.id, ids), eq(webhookDeliveries.status, constant('pending')), lte(webhookDeliveries.nextAttemptAt, before))),
  );
}

/**
 * Deletes (with their attempts) up to `limit` deliveries made before `before`; returns how many. The ids as an
 * array, so that every plan deletes them by primary key (an `in (subquery)` may hash-join the whole table).
 */
export async function purgeDeliveries(store: Store, before: Date, limit: number): Promise<number> {
  const removed = (await store.write((tx) =>
    tx.execute(sql`
      delete from webhook_deliveries where id = any(array(
        select id from webhook_deliveries where created_at <= ${before.toISOString()}::timestamptz limit ${constant(limit)}))
      returning id`),
  )) as unknown as { rows: unknown[] };
  return removed.rows.length;
}
