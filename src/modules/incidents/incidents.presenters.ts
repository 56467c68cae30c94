import type { InferSelectModel } from 'drizzle-orm';
import type { alerts, incidentLog } from './incidents.tables.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export interface IncidentFields {
  id: string;
  number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  severity: 'critical' | 'error' | 'warning' | 'info';
  urgency: 'high' | 'low';
  serviceId: string;
  alertCount: number;
  openAlertCount: number;
  createdAt: Date;
  updatedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

/** The one outward shape of an incident: the API, the outbox and the live stream all use it. */
export function presentIncident(incident: IncidentFields) {
  return {
    id: incident.id,
    number: incident.number,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    urgency: incident.urgency,
    service_id: incident.serviceId,
    alert_count: incident.alertCount,
    open_alert_count: incident.openAlertCount,
    created_at: incident.createdAt.toISOString(),
    updated_at: incident.updatedAt.toISOString(),
    acknowledged_at: iso(incident.acknowledgedAt),
    resolved_at: iso(incident.resolvedAt),
  };
}

export function presentAlert(alert: InferSelectModel<typeof alerts>) {
  return {
    id: alert.id,
    incident_id: alert.incidentId,
    integration_id: alert.integrationId,
    dedup_key: alert.dedupKey,
    status: alert.status,
    summary: alert.summary,
    severity: alert.severity,
    source: alert.source,
    component: alert.component,
    group: alert.group,
    class: alert.class,
    custom_details: alert.customDetails ?? null,
    links: alert.links,
    images: alert.images,
    client: alert.client,
    client_url: alert.clientUrl,
    event_count: alert.eventCount,
    created_at: alert.createdAt.toISOString(),
    last_event_at: alert.lastEventAt.toISOString(),
    acknowledged_at: iso(alert.acknowledgedAt),
    resolved_at: iso(alert.resolvedAt),
  };
}

export function presentLogEntry(entry: InferSelectModel<typeof incidentLog>) {
  return {
    id: entry.id,
    type: entry.type,
    actor_type: entry.actorType,
    actor_id: entry.actorId,
    message: entry.message,
    alert_id: entry.alertId,
    created_at: entry.createdAt.toISOString(),
  };
}
