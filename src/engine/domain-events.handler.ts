import type { Deps } from '../app/deps.ts';
import type { DomainEvent, Reaction } from '../integrations/integration-plugin.ts';
import { cancelScheduledNotifications, stopEscalations } from '../modules/oncall/escalation.store.ts';
import type { JobHandler } from '../ports/job-queue.ts';
import { cancelNotificationJobs } from './notification-jobs.ts';

/**
 * An incident acknowledged or resolved by an integration's event (an Alertmanager resolve, say) stops paging
 * as one acknowledged through the API does: its escalation stops and reminders not sent yet are called off.
 */
function stopPaging(deps: Deps): Reaction {
  return {
    name: 'stop paging',
    types: ['incident.acknowledged', 'incident.resolved'],
    async react(event) {
      const cancelled = await deps.store.write(async (tx) => {
        await stopEscalations(tx, [event.subjectId], deps.clock.now());
        return cancelScheduledNotifications(tx, event.orgId, event.subjectId);
      });
      await cancelNotificationJobs(deps.queue, cancelled);
    },
  };
}

/**
 * Runs every reaction to a relayed domain event. The job retries as a whole, so reactions are idempotent
 * (a second run finds nothing left to do, or queues jobs whose keys already exist).
 */
export function createDomainEventsHandler(deps: Deps, reactions: Reaction[]): JobHandler {
  const all = [stopPaging(deps), ...reactions];
  return async (job) => {
    const data = job.data as { org_id?: unknown; subject_id?: unknown; outbox_id?: unknown; data?: unknown; created_at?: unknown };
    if (typeof data.org_id !== 'string' || typeof data.subject_id !== 'string') {
      deps.log.warn({ jobId: job.id, name: job.name }, 'a domain event job without org_id or subject_id was ignored');
      return;
    }
    const event: DomainEvent = {
      orgId: data.org_id,
      subjectId: data.subject_id,
      type: job.name,
      outboxId: Number(data.outbox_id),
      data: (data.data ?? {}) as Record<string, unknown>,
      createdAt: String(data.created_at),
    };
    for (const reaction of all) {
      if (reaction.types.includes(event.type) || reaction.types.includes('*')) await reaction.react(event);
    }
  };
}
