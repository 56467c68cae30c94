import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import type { Cause } from '../../lib/cause.ts';
import { alerts, incidents } from '../../modules/incidents/incidents.tables.ts';
import { incidentUrl } from '../../modules/notify/delivery.handler.ts';
import { integrations } from '../../modules/services/services.tables.ts';
import { createSilence, expireSilence } from './alertmanager-api.ts';
import { type IncidentJob, labelsOf, scheduleWatch, syncSettings } from './alertmanager.sync-settings.ts';
import { alertmanagerSilences } from './alertmanager.tables.ts';

const incidentStatus = async (deps: Deps, job: IncidentJob) =>
  (await deps.store.db.select({ number: incidents.number, title: incidents.title, status: incidents.status }).from(incidents).where(and(eq(incidents.orgId, job.org_id), eq(incidents.id, job.incident_id))))[0];

/**
 * Silences every open alert of the incident that came from an alertmanager integration set to silence, one
 * silence per alert (equal matchers on its labels), and starts watching them: Alertmanager sends nothing
 * for a silenced alert, not even its resolution.
 */
export async function silenceIncident(deps: Deps, job: IncidentJob, cause?: Cause): Promise<void> {
  const incident = await incidentStatus(deps, job);
  if (!incident) return;
  // Resolved before this ran: take back what an earlier attempt may have made, make nothing new.
  if (incident.status === 'resolved') return expireIncidentSilences(deps, job);
  const candidates = await deps.store.db
    .select({ alertId: alerts.id, customDetails: alerts.customDetails, id: integrations.id, settings: integrations.settings, sealedSecrets: integrations.sealedSecrets })
    .from(alerts)
    .innerJoin(integrations, eq(integrations.id, alerts.integrationId))
    .where(and(eq(alerts.orgId, job.org_id), eq(alerts.incidentId, job.incident_id), ne(alerts.status, 'resolved'), eq(integrations.type, 'alertmanager')));
  const live = await deps.store.db
    .select({ alertId: alertmanagerSilences.alertId })
    .from(alertmanagerSilences)
    .where(and(eq(alertmanagerSilences.orgId, job.org_id), eq(alertmanagerSilences.incidentId, job.incident_id), isNull(alertmanagerSilences.expiredAt)));
  const silenced = new Set(live.map((row) => row.alertId));
  const failures: string[] = [];
  let watchEvery: number | undefined;
  for (const alert of candidates) {
    const sync = syncSettings(deps, alert);
    if (!sync?.silencing) continue;
    watchEvery = Math.min(watchEvery ?? Infinity, sync.checkSeconds);
    if (silenced.has(alert.alertId)) continue;
    const context = { orgId: job.org_id, incidentId: job.incident_id, alertId: alert.alertId, integrationId: alert.id };
    const labels = labelsOf(alert.customDetails);
    if (!labels) {
      deps.log.warn(context, 'alert has no labels to silence in Alertmanager');
      continue;
    }
    const now = deps.clock.now();
    const endsAt = new Date(now.getTime() + sync.silenceHours * 3_600_000);
    try {
      const silenceId = await createSilence(sync.endpoint, {
        labels,
        startsAt: now,
        endsAt,
        createdBy: 'Vigil',
        comment: `Acknowledged in Vigil: incident #${incident.number} "${incident.title.slice(0, 200)}" ${incidentUrl(deps.publicUrl(), job.incident_id)} (expired when the incident resolves)`,
      });
      const inserted = await deps.store.write((tx) =>
        tx
          .insert(alertmanagerSilences)
          .values({ id: randomUUID(), orgId: job.org_id, integrationId: alert.id, incidentId: job.incident_id, alertId: alert.alertId, silenceId, createdAt: now, endsAt })
          .onConflictDoNothing()
          .returning({ id: alertmanagerSilences.id }),
      );
      // Another run of this job got there first: keep its silence, take this one back.
      if (inserted.length === 0) await expireSilence(sync.endpoint, silenceId);
      else deps.log.info({ ...context, silenceId }, 'created an Alertmanager silence');
    } catch (error) {
      failures.push((error as Error).message);
      deps.log.warn({ ...context, error: (error as Error).message }, 'could not create an Alertmanager silence');
    }
  }
  // Resolved while we were silencing: the expiry job may have run before our silences were recorded.
  const after = await incidentStatus(deps, job);
  if (!after || after.status === 'resolved') await expireIncidentSilences(deps, job);
  else if (watchEvery !== undefined) await scheduleWatch(deps, job, watchEvery, cause);
  if (failures.length > 0) throw new Error(`${failures.length} of the incident's silences could not be created: ${failures[0]}`);
}

/** Expires the silences Vigil created for the incident that are still live. */
export async function expireIncidentSilences(deps: Deps, job: IncidentJob): Promise<void> {
  // Claimed (marked expired) before Alertmanager is called, so two runs at once — a resolve's job beside a
  // silence job that found the incident resolved — expire each silence once; a failed call is unmarked for
  // the retry. A crash between the claim and the call leaves the silence to run out at its end time.
  const claimed = await deps.store.write((tx) =>
    tx
      .update(alertmanagerSilences)
      .set({ expiredAt: deps.clock.now() })
      .where(and(eq(alertmanagerSilences.orgId, job.org_id), eq(alertmanagerSilences.incidentId, job.incident_id), isNull(alertmanagerSilences.expiredAt)))
      .returning({ rowId: alertmanagerSilences.id, silenceId: alertmanagerSilences.silenceId, integrationId: alertmanagerSilences.integrationId }),
  );
  if (claimed.length === 0) return;
  const settings = await deps.store.db
    .select({ id: integrations.id, settings: integrations.settings, sealedSecrets: integrations.sealedSecrets })
    .from(integrations)
    .where(and(eq(integrations.orgId, job.org_id), inArray(integrations.id, [...new Set(claimed.map((row) => row.integrationId))])));
  const failures: string[] = [];
  const failed: string[] = [];
  for (const row of claimed) {
    const integration = settings.find((candidate) => candidate.id === row.integrationId);
    const sync = integration && syncSettings(deps, integration);
    const context = { orgId: job.org_id, incidentId: job.incident_id, integrationId: row.integrationId, silenceId: row.silenceId };
    if (!sync) {
      // The integration no longer points at an Alertmanager: the silence runs out at its end time.
      deps.log.warn(context, 'cannot expire an Alertmanager silence: the integration has no alertmanager_url any more');
      continue;
    }
    try {
      const outcome = await expireSilence(sync.endpoint, row.silenceId);
      deps.log.info({ ...context, outcome }, 'expired an Alertmanager silence');
    } catch (error) {
      failures.push((error as Error).message);
      failed.push(row.rowId);
      deps.log.warn({ ...context, error: (error as Error).message }, 'could not expire an Alertmanager silence');
    }
  }
  if (failed.length > 0) {
    await deps.store.write((tx) => tx.update(alertmanagerSilences).set({ expiredAt: null }).where(and(eq(alertmanagerSilences.orgId, job.org_id), inArray(alertmanagerSilences.id, failed))));
    throw new Error(`${failures.length} of the incident's silences could not be expired: ${failures[0]}`);
  }
}
