import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import type { Cause } from '../../lib/cause.ts';
import type { AcceptedEvent } from '../../modules/events/event.ts';
import type { EventIngest } from '../../modules/events/event-ingest.ts';
import { alerts, incidents } from '../../modules/incidents/incidents.tables.ts';
import type { KnownIntegration } from '../../modules/services/integration-directory.ts';
import { integrations } from '../../modules/services/services.tables.ts';
import { isAlertActive } from './alertmanager-api.ts';
import { type IncidentJob, labelsOf, scheduleWatch, syncSettings } from './alertmanager.sync-settings.ts';
import { alertmanagerSilences } from './alertmanager.tables.ts';

/**
 * Alertmanager mutes every notification of a silenced alert, its resolution included, and never sends that
 * resolution once the silence ends. So while Vigil's silences are live it asks Alertmanager, every
 * `silence_check_seconds`, whether each silenced alert still fires; one that does not is resolved here, as
 * the webhook would have resolved it (a stored resolve event, folded like any other).
 */
export async function watchSilencedAlerts(deps: Deps, ingest: EventIngest, job: IncidentJob, cause?: Cause): Promise<void> {
  const [incident] = await deps.store.db.select({ status: incidents.status }).from(incidents).where(and(eq(incidents.orgId, job.org_id), eq(incidents.id, job.incident_id)));
  if (!incident || incident.status === 'resolved') return;
  const rows = await deps.store.db
    .select({
      dedupKey: alerts.dedupKey,
      customDetails: alerts.customDetails,
      integration: { id: integrations.id, orgId: integrations.orgId, serviceId: integrations.serviceId, type: integrations.type, rateLimitPerMinute: integrations.rateLimitPerMinute, settings: integrations.settings },
      sealedSecrets: integrations.sealedSecrets,
    })
    .from(alertmanagerSilences)
    .innerJoin(alerts, eq(alerts.id, alertmanagerSilences.alertId))
    .innerJoin(integrations, eq(integrations.id, alertmanagerSilences.integrationId))
    .where(
      and(
        eq(alertmanagerSilences.orgId, job.org_id),
        eq(alertmanagerSilences.incidentId, job.incident_id),
        isNull(alertmanagerSilences.expiredAt),
        // Past its end Alertmanager notifies again, resolutions included: no need to look.
        gt(alertmanagerSilences.endsAt, deps.clock.now()),
        ne(alerts.status, 'resolved'),
      ),
    );
  const gone = new Map<string, { integration: KnownIntegration; events: AcceptedEvent[] }>();
  let checkAgainIn: number | undefined;
  for (const row of rows) {
    const sync = syncSettings(deps, { id: row.integration.id, settings: row.integration.settings, sealedSecrets: row.sealedSecrets });
    const labels = labelsOf(row.customDetails);
    if (!sync || !labels) continue;
    const context = { orgId: job.org_id, incidentId: job.incident_id, integrationId: row.integration.id, dedupKey: row.dedupKey };
    try {
      if (await isAlertActive(sync.endpoint, labels)) {
        checkAgainIn = Math.min(checkAgainIn ?? Infinity, sync.checkSeconds);
        continue;
      }
    } catch (error) {
      deps.log.warn({ ...context, error: (error as Error).message }, 'could not ask Alertmanager whether a silenced alert still fires');
      checkAgainIn = Math.min(checkAgainIn ?? Infinity, sync.checkSeconds);
      continue;
    }
    deps.log.info(context, 'a silenced alert no longer fires in Alertmanager: resolving it');
    const entry = gone.get(row.integration.id) ?? { integration: row.integration, events: [] };
    entry.events.push({
      kind: 'alert',
      action: 'resolve',
      dedupKey: row.dedupKey,
      payload: { client: 'Alertmanager', customDetails: { status: 'resolved', note: 'Alertmanager no longer had the alert while Vigil silenced it' }, links: [], images: [] },
    });
    gone.set(row.integration.id, entry);
  }
  for (const { integration, events } of gone.values()) await ingest.accept(integration, events, cause);
  if (checkAgainIn !== undefined) await scheduleWatch(deps, job, checkAgainIn, cause);
}
