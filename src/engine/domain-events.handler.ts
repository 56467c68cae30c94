import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../app/deps.ts';
import type { DomainEvent, Reaction } from '../integrations/integration-plugin.ts';
import { cancelScheduledNotifications, stopEscalations } from '../modules/oncall/escalation.store.ts';
import { outbox } from '../modules/outbox/outbox.tables.ts';
import type { JobHandler } from '../ports/job-queue.ts';
import { causeLogFields, decodeCause } from '../lib/cause.ts';
import { cancelNotificationJobs } from './notification-jobs.ts';
import type { EventWanted } from '../modules/outbox/relay-interest.ts';

/**
 * An incident acknowledged or resolved by an integration's event (an Alertmanager resolve, say) stops paging
 * as one acknowledged through the API does: its escalation stops and reminders not sent yet are called off.
 */
function stopPaging(deps: Deps): Reaction {
  return {
    name: 'stop paging',
    types: ['incident.acknowledged', 'incident.resolved'],
    async react(events) {
      for (const event of events) {
        const cancelled = await deps.store.write(async (tx) => {
          await stopEscalations(tx, [event.subjectId], deps.clock.now());
          return cancelScheduledNotifications(tx, event.orgId, event.subjectId);
        });
        await cancelNotificationJobs(deps.queue, cancelled);
      }
    },
  };
}

/** Every reaction to domain events: the engine's own and the integrations'. */
export function domainEventReactions(deps: Deps, integrationReactions: Reaction[]): Reaction[] {
  return [stopPaging(deps), ...integrationReactions];
}

/** For the relay: does any of the reactions take this type, and want this organisation's events of it? */
export function wantedBy(reactions: Reaction[]): EventWanted {
  return async (orgId, type, executor) => {
    for (const reaction of reactions) {
      if (!reaction.types.includes('*') && !reaction.types.includes(type)) continue;
      if (!reaction.wants || (await reaction.wants(orgId, type, executor))) return true;
    }
    return false;
  };
}

/**
 * Runs every reaction to each domain event a relayed job carries, in id order. A reaction that fails does not
 * keep the others from running; the job then fails and its retry runs them all again, which is why reactions
 * are idempotent (a second run finds nothing left to do, or queues jobs whose keys already exist).
 */
export function createDomainEventsHandler(deps: Deps, all: Reaction[]): JobHandler {
  return async (job) => {
    const data = job.data as { org_id?: unknown; outbox_ids?: unknown };
    const ids = Array.isArray(data.outbox_ids) ? data.outbox_ids.filter((id): id is number => Number.isSafeInteger(id)) : [];
    if (typeof data.org_id !== 'string' || ids.length === 0) {
      deps.log.warn({ jobId: job.id, name: job.name, ...causeLogFields(job.cause) }, 'a domain events job without org_id or outbox_ids was ignored');
      return;
    }
    const rows = await deps.store.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.orgId, data.org_id), inArray(outbox.id, ids)))
      .orderBy(asc(outbox.id));
    const failures: unknown[] = [];
    const react = async (events: DomainEvent[]) => {
      for (const reaction of all) {
        const wanted = reaction.types.includes('*') ? events : events.filter((event) => reaction.types.includes(event.type));
        if (wanted.length === 0) continue;
        try {
          await reaction.react(wanted);
        } catch (error) {
          deps.log.warn({ err: error, reaction: reaction.name, jobId: job.id, ...causeLogFields(job.cause) }, 'a reaction to domain events failed; the job will retry');
          failures.push(error);
        }
      }
    };
    // The whole batch in one call to each reaction (one lookup per batch, not per event). The job runs as caused
    // by its first event's request; a reaction that queues work per event passes on that event's own cause.
    await react(rows.map(toDomainEvent));
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} reactions to domain events failed`);
  };
}

type OutboxRow = typeof outbox.$inferSelect;

function toDomainEvent(row: OutboxRow): DomainEvent {
  const cause = decodeCause(row.causedBy);
  return { orgId: row.orgId, outboxId: row.id, type: row.type, subjectId: row.subjectId, data: row.data, createdAt: row.createdAt.toISOString(), ...(cause && { cause }) };
}
