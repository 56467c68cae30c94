import type { Deps } from '../app/deps.ts';
import { cancelScheduledNotifications, stopEscalations } from '../modules/oncall/escalation.store.ts';
import type { JobHandler } from '../ports/job-queue.ts';
import { cancelNotificationJobs } from './notification-jobs.ts';

/**
 * Reacts to relayed domain events. An incident acknowledged or resolved by an integration's event (an
 * Alertmanager resolve, say) stops paging as one acknowledged through the API does: its escalation stops and
 * reminders not sent yet are called off. Idempotent: a second run finds nothing left to stop.
 */
export function createDomainEventsHandler(deps: Deps): JobHandler {
  return async (job) => {
    if (job.name !== 'incident.acknowledged' && job.name !== 'incident.resolved') return;
    const data = job.data as { org_id?: unknown; subject_id?: unknown };
    if (typeof data.org_id !== 'string' || typeof data.subject_id !== 'string') {
      deps.log.warn({ jobId: job.id, name: job.name }, 'a domain event job without org_id or subject_id was ignored');
      return;
    }
    const orgId = data.org_id;
    const incidentId = data.subject_id;
    const cancelled = await deps.store.write(async (tx) => {
      await stopEscalations(tx, [incidentId], deps.clock.now());
      return cancelScheduledNotifications(tx, orgId, incidentId);
    });
    await cancelNotificationJobs(deps.queue, cancelled);
  };
}
