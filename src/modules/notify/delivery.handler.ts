import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DELIVER_JOB } from '../../engine/notification-jobs.ts';
import { causedLog } from '../../lib/cause.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Job, JobHandler } from '../../ports/job-queue.ts';
import type { NotificationChannel, OutgoingNotification } from '../../ports/notification-channel.ts';
import type { Store } from '../../ports/store.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { users } from '../orgs/orgs.tables.ts';
import { services } from '../services/services.tables.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { ActionLinks } from './action-links.ts';
import { notifiedMessage } from './notify.ts';
import { notificationAttempts, notifications } from './notify.tables.ts';

export interface DeliveryDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  publicUrl: () => string;
  links: ActionLinks;
  metrics?: Metrics;
}

const deliverJob = z.object({ org_id: z.uuid(), notification_id: z.uuid() });

/** Error text kept in the delivery log: enough to diagnose, bounded so a chatty server cannot bloat rows. */
const MAX_ERROR_LENGTH = 1000;

/** The incident page in the web dashboard. */
export const incidentUrl = (publicUrl: string, incidentId: string) => `${publicUrl}/incidents/${incidentId}`;

type Loaded = Awaited<ReturnType<ReturnType<typeof notificationLoader>['execute']>>[number];

/**
 * The notification with its incident, service and user: built once and prepared, since every page runs it
 * (building a four-table select is a noticeable share of the CPU in a storm of pages). Found by its id alone,
 * the organisation checked as a filter that no index can serve: a connection keeps the plan it made early on,
 * and made over an empty table, where both cost the same, the plan walked the organisation's notifications
 * (`notifications_incident_idx`) and kept doing so at thousands of them (~10 ms a page in the paging bench).
 */
function notificationLoader(store: Store) {
  return store.db
    .select({ notification: notifications, incident: incidents, serviceName: services.name, userName: users.name })
    .from(notifications)
    .innerJoin(incidents, and(eq(incidents.id, notifications.incidentId), eq(incidents.orgId, notifications.orgId)))
    .leftJoin(services, and(eq(services.id, incidents.serviceId), eq(services.orgId, incidents.orgId)))
    .leftJoin(users, and(eq(users.id, notifications.userId), eq(users.orgId, notifications.orgId)))
    .where(and(eq(notifications.id, sql.placeholder('id')), sql`(${notifications.orgId} = ${sql.placeholder('orgId')}) is true`))
    .prepare('notification_to_deliver');
}

/**
 * Handles `deliver` jobs of the `notifications` queue: sends one scheduled notification through the channel of
 * its type and records the outcome. Idempotent once an outcome is recorded: a notification no longer
 * 'scheduled' is left alone, so a job run again after a crash does not send twice once 'sent' is stored (a
 * crash between the send and that write sends again: delivery is at least once). A failed send is recorded
 * and thrown, so the queue retries it with backoff; on the last attempt the notification is marked 'failed'.
 */
export function createDeliveryHandler(deps: DeliveryDeps, channels: NotificationChannel[]): JobHandler {
  const byType = new Map(channels.map((channel) => [channel.type, channel]));
  const notifyLog = deps.log.child({ component: 'notify' });
  const loader = notificationLoader(deps.store);

  return async (job: Job) => {
    if (job.name !== DELIVER_JOB) throw new Error(`the notifications queue has no handler for jobs named ${JSON.stringify(job.name)}`);
    const log = causedLog(notifyLog, job.cause);
    const data = deliverJob.safeParse(job.data);
    if (!data.success) {
      log.error({ jobId: job.id }, 'deliver job without a valid org_id and notification_id: dropped');
      return;
    }
    const [row] = await loader.execute({ id: data.data.notification_id, orgId: data.data.org_id });
    if (!row) {
      log.warn({ orgId: data.data.org_id, notificationId: data.data.notification_id }, 'notification to deliver is gone (its incident was deleted?)');
      return;
    }
    if (row.notification.status !== 'scheduled') return;
    const channelName = row.notification.channel;
    const count = (outcome: 'sent' | 'failed' | 'dead' | 'skipped') => deps.metrics?.notifications.inc({ channel: channelName, outcome });
    if (row.incident.status !== 'triggered') {
      count('skipped');
      return skip(deps, job, row, `Incident #${row.incident.number} is ${row.incident.status}`);
    }
    if (row.userName === null) {
      count('skipped');
      return skip(deps, job, row, 'The user no longer exists');
    }
    const channel = byType.get(row.notification.channel);
    if (!channel) {
      // No retry can help: this build has no such channel. Recorded, not thrown.
      count('dead');
      await recordFailure(deps, job, row, `No ${row.notification.channel} channel is configured`, true);
      log.error({ ...context(row), channel: row.notification.channel }, 'notification for a channel this process does not have');
      return;
    }

    let detail: string;
    try {
      ({ detail } = await channel.send(await outgoing(deps, row, row.userName)));
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
      const final = job.attempt >= job.maxAttempts;
      count(final ? 'dead' : 'failed');
      await recordFailure(deps, job, row, reason, final);
      log.warn({ ...context(row), attempt: job.attempt, maxAttempts: job.maxAttempts, err: reason }, final ? 'notification failed for good' : 'notification failed; will retry');
      throw error;
    }
    await recordSent(deps, job, row, row.userName, detail);
    count('sent');
    deps.metrics?.notificationLatency.observe({ channel: channelName }, Math.max(0, deps.clock.now().getTime() - row.incident.createdAt.getTime()) / 1000);
    log.info({ ...context(row), attempt: job.attempt }, 'notification sent');
  };
}

const context = (row: Loaded) => ({ orgId: row.notification.orgId, incidentId: row.incident.id, notificationId: row.notification.id, userId: row.notification.userId });

async function outgoing(deps: DeliveryDeps, row: Loaded, userName: string): Promise<OutgoingNotification> {
  const { notification, incident } = row;
  const claims = { org: notification.orgId, incident: incident.id, user: notification.userId };
  const base = deps.publicUrl();
  const [acknowledge, resolve] = await Promise.all([deps.links.sign({ ...claims, action: 'acknowledge' }), deps.links.sign({ ...claims, action: 'resolve' })]);
  return {
    orgId: notification.orgId,
    notificationId: notification.id,
    address: notification.address,
    incident: {
      id: incident.id,
      number: incident.number,
      title: incident.title,
      status: incident.status,
      urgency: incident.urgency,
      serviceName: row.serviceName ?? 'a deleted service',
      url: incidentUrl(base, incident.id),
    },
    recipient: { id: notification.userId, name: userName },
    actions: { acknowledge: `${base}/actions/${acknowledge}`, resolve: `${base}/actions/${resolve}` },
  };
}

function skip(deps: DeliveryDeps, job: Job, row: Loaded, reason: string): Promise<void> {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [cancelled] = await tx
      .update(notifications)
      .set({ status: 'cancelled' })
      .where(and(eq(notifications.id, row.notification.id), eq(notifications.orgId, row.notification.orgId), eq(notifications.status, 'scheduled')))
      .returning({ id: notifications.id });
    if (!cancelled) return;
    await tx.insert(notificationAttempts).values({ orgId: row.notification.orgId, notificationId: row.notification.id, attempt: job.attempt, outcome: 'skipped', detail: reason, at: now });
  });
}

function recordFailure(deps: DeliveryDeps, job: Job, row: Loaded, reason: string, final: boolean): Promise<void> {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    await tx
      .update(notifications)
      .set({ attempts: job.attempt, lastError: reason, ...(final && { status: 'failed' as const }) })
      .where(and(eq(notifications.id, row.notification.id), eq(notifications.orgId, row.notification.orgId), eq(notifications.status, 'scheduled')));
    await tx.insert(notificationAttempts).values({ orgId: row.notification.orgId, notificationId: row.notification.id, attempt: job.attempt, outcome: 'failed', detail: reason, at: now });
  });
}

/** Sent is sent: recorded even if the incident was acknowledged while the message was on its way. */
function recordSent(deps: DeliveryDeps, job: Job, row: Loaded, userName: string, detail: string): Promise<void> {
  const { notification } = row;
  const now = deps.clock.now().toISOString();
  // One statement (a round trip and a commit): under a storm every notification pays this.
  return deps.store.writeStatement(sql`
    with sent as (
      update notifications set status = 'sent', sent_at = ${now}::timestamptz, attempts = ${job.attempt}, last_error = null
      where id = ${notification.id} and org_id = ${notification.orgId}
    ), attempt as (
      insert into notification_attempts (org_id, notification_id, attempt, outcome, detail, at)
      values (${notification.orgId}, ${notification.id}, ${job.attempt}, 'sent', ${detail}, ${now}::timestamptz)
    )
    insert into incident_log (org_id, incident_id, type, actor_type, actor_id, message, created_at)
    values (${notification.orgId}, ${notification.incidentId}, 'notified', 'system', null, ${notifiedMessage(userName, notification.channel, notification.address)}, ${now}::timestamptz)`);
}
