import { inArray } from 'drizzle-orm';
import { decodeCause } from '../lib/cause.ts';
import type { Clock } from '../ports/clock.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Store } from '../ports/store.ts';
import { notifications } from '../modules/notify/notify.tables.ts';
import type { ScheduledNotification } from '../modules/oncall/escalation.store.ts';

export const NOTIFICATIONS_QUEUE = 'notifications';
export const DELIVER_JOB = 'deliver';

/** The job of a notification; its key makes queueing it twice (after a crash) harmless. */
const notificationJobKey = (id: string) => `notification:${id}`;

/**
 * Queues the delivery jobs of notifications just committed, then records that they are queued. A crash in
 * between leaves them unqueued; the engine queues those again later, and the job key keeps it to one job.
 */
export async function queueNotifications(store: Store, queue: JobQueue, scheduled: ScheduledNotification[], clock: Clock): Promise<void> {
  if (scheduled.length === 0) return;
  // Together, so the queue can commit them as one batch.
  await Promise.all(
    scheduled.map((notification) => {
      const cause = decodeCause(notification.causedBy);
      return queue.enqueue(NOTIFICATIONS_QUEUE, {
        name: DELIVER_JOB,
        data: { org_id: notification.orgId, notification_id: notification.id },
        // Relative to the engine's clock: the queue keeps its own (real) time.
        delayMs: Math.max(0, notification.dueAt.getTime() - clock.now().getTime()),
        idempotencyKey: notificationJobKey(notification.id),
        ...(cause && { cause }),
      });
    }),
  );
  await store.write((tx) =>
    tx
      .update(notifications)
      .set({ queuedAt: clock.now() })
      .where(
        inArray(
          notifications.id,
          scheduled.map((notification) => notification.id),
        ),
      ),
  );
}

/** Called-off notifications: their jobs are removed (a job that runs anyway finds them cancelled). */
export async function cancelNotificationJobs(queue: JobQueue, ids: string[]): Promise<void> {
  for (const id of ids) await queue.cancel(NOTIFICATIONS_QUEUE, { idempotencyKey: notificationJobKey(id) });
}
