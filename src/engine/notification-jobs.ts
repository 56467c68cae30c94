import { inArray } from 'drizzle-orm';
import { decodeCause } from '../lib/cause.ts';
import type { Clock } from '../ports/clock.ts';
import type { JobQueue, NewJob } from '../ports/job-queue.ts';
import type { Store, Transaction } from '../ports/store.ts';
import { notifications } from '../modules/notify/notify.tables.ts';
import type { EnteredLevels } from '../modules/oncall/escalation.store.ts';
import type { JobsWithNotifications, ScheduledNotification } from '../modules/oncall/level-entries.ts';

export const NOTIFICATIONS_QUEUE = 'notifications';
export const DELIVER_JOB = 'deliver';

/** The job of a notification; its key makes queueing it twice (after a crash) harmless. */
const notificationJobKey = (id: string) => `notification:${id}`;

/** The delivery job of a notification, due when it is (the queue keeps its own, real, time). */
function deliveryJob(notification: ScheduledNotification, clock: Clock): NewJob {
  const cause = decodeCause(notification.causedBy);
  return {
    name: DELIVER_JOB,
    data: { org_id: notification.orgId, notification_id: notification.id },
    delayMs: Math.max(0, notification.dueAt.getTime() - clock.now().getTime()),
    idempotencyKey: notificationJobKey(notification.id),
    ...(cause && { cause }),
  };
}

/**
 * Queues the delivery jobs of notifications just committed, then records that they are queued. A crash in
 * between leaves them unqueued; the engine queues those again later, and the job key keeps it to one job.
 */
export async function queueNotifications(store: Store, queue: JobQueue, scheduled: ScheduledNotification[], clock: Clock): Promise<void> {
  if (scheduled.length === 0) return;
  // Together, so the queue can commit them as one batch.
  await Promise.all(scheduled.map((notification) => queue.enqueue(NOTIFICATIONS_QUEUE, deliveryJob(notification, clock))));
  await store.write((tx) => markQueued(tx, scheduled, clock));
}

/** What is left to do once the transaction that scheduled notifications has committed. */
export type AfterCommit = () => Promise<void>;

/**
 * Queues the delivery jobs of notifications in the transaction that schedules them, when the queue is kept in
 * the store: they commit together, marked queued, and no further transaction (each one an fsync on the
 * embedded store) stands between an incident and its page. A queue elsewhere (BullMQ) gets them once the
 * transaction has committed, as `queueNotifications` does.
 */
export async function queueNotificationsInTransaction(tx: Transaction, store: Store, queue: JobQueue, scheduled: ScheduledNotification[], clock: Clock): Promise<AfterCommit> {
  if (scheduled.length === 0) return async () => undefined;
  if (!queue.enqueueInTransaction) return () => queueNotifications(store, queue, scheduled, clock);
  const wake = await queue.enqueueInTransaction(
    tx,
    NOTIFICATIONS_QUEUE,
    scheduled.map((notification) => deliveryJob(notification, clock)),
  );
  await markQueued(tx, scheduled, clock);
  return async () => wake();
}

/**
 * When the queue is kept in the store: the delivery jobs of notifications as part of the very statement that
 * writes them, which writes them queued (the engine's `enterLevels`, and the fold's first pages). Under a storm
 * each round trip waits its turn on busy CPUs: this spares a pass two of them.
 */
export function jobsWithNotifications(queue: JobQueue, clock: Clock): JobsWithNotifications | undefined {
  if (!queue.enqueueStatement) return undefined;
  return (scheduled) => {
    const jobs = queue.enqueueStatement?.(
      NOTIFICATIONS_QUEUE,
      scheduled.map((notification) => deliveryJob(notification, clock)),
    );
    return jobs && { ...jobs, queuedAt: clock.now() };
  };
}

/** What is left once the transaction that entered levels has committed: waking the workers, or queueing the jobs. */
export async function afterEnteringLevels(tx: Transaction, store: Store, queue: JobQueue, entered: EnteredLevels, clock: Clock): Promise<AfterCommit> {
  const { wake } = entered;
  if (wake) return async () => wake();
  return queueNotificationsInTransaction(tx, store, queue, entered.scheduled, clock);
}

async function markQueued(tx: Transaction, scheduled: ScheduledNotification[], clock: Clock): Promise<void> {
  await tx
    .update(notifications)
    .set({ queuedAt: clock.now() })
    .where(
      inArray(
        notifications.id,
        scheduled.map((notification) => notification.id),
      ),
    );
}

/** Called-off notifications: their jobs are removed (a job that runs anyway finds them cancelled). */
export async function cancelNotificationJobs(queue: JobQueue, ids: string[]): Promise<void> {
  for (const id of ids) await queue.cancel(NOTIFICATIONS_QUEUE, { idempotencyKey: notificationJobKey(id) });
}
