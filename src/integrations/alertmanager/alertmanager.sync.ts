import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { causedLog } from '../../lib/cause.ts';
import type { EventIngest } from '../../modules/events/event-ingest.ts';
import { alerts } from '../../modules/incidents/incidents.tables.ts';
import { integrations } from '../../modules/services/services.tables.ts';
import type { Job } from '../../ports/job-queue.ts';
import type { DomainEvent, Reaction, Worker } from '../integration-plugin.ts';
import { expireIncidentSilences, silenceIncident } from './alertmanager.silences.ts';
import { type IncidentJob, SILENCES_QUEUE } from './alertmanager.sync-settings.ts';
import { alertmanagerSilences } from './alertmanager.tables.ts';
import { watchSilencedAlerts } from './alertmanager.watch.ts';

function incidentJob(job: Job): IncidentJob | undefined {
  const data = job.data as Partial<IncidentJob> | null;
  return typeof data?.org_id === 'string' && typeof data.incident_id === 'string' ? { org_id: data.org_id, incident_id: data.incident_id } : undefined;
}

/** Calls to Alertmanager, retried by the queue when it fails or cannot be reached. */
export function silenceWorker(deps: Deps, ingest: EventIngest): Worker {
  return {
    queue: SILENCES_QUEUE,
    concurrency: 4,
    async handler(job) {
      const run = { ...deps, log: causedLog(deps.log, job.cause) };
      const data = incidentJob(job);
      if (!data) {
        run.log.warn({ jobId: job.id, name: job.name }, 'an Alertmanager silence job without org_id or incident_id was ignored');
        return;
      }
      if (job.name === 'silence') await silenceIncident(run, data, job.cause);
      else if (job.name === 'expire') await expireIncidentSilences(run, data);
      else if (job.name === 'watch') await watchSilencedAlerts(run, ingest, data, job.cause);
      else run.log.warn({ jobId: job.id, name: job.name }, 'unknown Alertmanager silence job ignored');
    },
  };
}

/**
 * Acknowledged: silence its Alertmanager alerts (if one of their integrations is set to). Resolved: expire
 * what was silenced. Quick lookups here; the calls to Alertmanager run as jobs.
 */
export function silenceReaction(deps: Deps): Reaction {
  return {
    name: 'alertmanager silences',
    types: ['incident.acknowledged', 'incident.resolved'],
    async react(events) {
      for (const event of events) await silenceOrExpire(deps, event);
    },
  };
}

async function silenceOrExpire(deps: Deps, event: DomainEvent): Promise<void> {
  const data = { org_id: event.orgId, incident_id: event.subjectId };
  if (event.type === 'incident.acknowledged') {
    const [silencing] = await deps.store.db
      .select({ id: integrations.id })
      .from(alerts)
      .innerJoin(integrations, eq(integrations.id, alerts.integrationId))
      .where(and(eq(alerts.orgId, event.orgId), eq(alerts.incidentId, event.subjectId), eq(integrations.type, 'alertmanager'), sql`(${integrations.settings}->>'silence_on_acknowledge') = 'true'`))
      .limit(1);
    if (silencing) await deps.queue.enqueue(SILENCES_QUEUE, { name: 'silence', data: { ...data }, idempotencyKey: `silence:${event.subjectId}:${event.outboxId}`, ...(event.cause && { cause: event.cause }) });
  } else {
    const [live] = await deps.store.db
      .select({ id: alertmanagerSilences.id })
      .from(alertmanagerSilences)
      .where(and(eq(alertmanagerSilences.orgId, event.orgId), eq(alertmanagerSilences.incidentId, event.subjectId), isNull(alertmanagerSilences.expiredAt)))
      .limit(1);
    if (live) await deps.queue.enqueue(SILENCES_QUEUE, { name: 'expire', data: { ...data }, idempotencyKey: `expire:${event.subjectId}:${event.outboxId}`, ...(event.cause && { cause: event.cause }) });
  }
}
