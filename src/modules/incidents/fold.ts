import { type AlertEventPayload, higherSeverity, type Severity } from '../events/event.ts';

/**
 * The fold: events → alerts (one per open dedup key and integration) → incidents, as PagerDuty does it.
 * Pure: it works on the state a store loaded for a batch and records what changed; the store writes it.
 */
type Status = 'triggered' | 'acknowledged' | 'resolved';

export interface FoldAlert {
  id: string;
  orgId: string;
  serviceId: string;
  integrationId: string;
  incidentId: string;
  dedupKey: string;
  status: Status;
  summary: string;
  severity: Severity;
  source: string;
  payload: AlertEventPayload;
  eventCount: number;
  createdAt: Date;
  lastEventAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

export interface FoldIncident {
  id: string;
  orgId: string;
  serviceId: string;
  title: string;
  status: Status;
  severity: Severity;
  urgency: 'high' | 'low';
  alertCount: number;
  openAlertCount: number;
  createdAt: Date;
  updatedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

export interface FoldEvent {
  id: number;
  orgId: string;
  serviceId: string;
  integrationId: string;
  action: 'trigger' | 'acknowledge' | 'resolve';
  dedupKey: string;
  payload: AlertEventPayload;
  receivedAt: Date;
  /** Of the incident it would open, from its service's urgency rule (high when absent). */
  urgency?: 'high' | 'low';
}

export type FoldOutcome = 'alert_created' | 'deduplicated' | 'acknowledged' | 'resolved' | 'unchanged' | 'dropped';

type LogType = 'triggered' | 'alert_added' | 'alert_resolved' | 'acknowledged' | 'resolved';

export interface FoldLogEntry {
  incident: FoldIncident;
  alertId: string;
  type: LogType;
  message: string;
  at: Date;
}

/** A domain event with a copy of the incident as it was at that moment. */
export interface FoldDomainEvent {
  type: 'incident.triggered' | 'incident.acknowledged' | 'incident.resolved' | 'alert.resolved';
  incident: FoldIncident;
  alert?: FoldAlert;
  at: Date;
}

const alertKey = (integrationId: string, dedupKey: string): string => `${integrationId}\u0000${dedupKey}`;

export class FoldBatch {
  readonly newIncidents: FoldIncident[] = [];
  readonly newAlerts: FoldAlert[] = [];
  readonly changedAlerts = new Set<FoldAlert>();
  readonly changedIncidents = new Set<FoldIncident>();
  readonly log: FoldLogEntry[] = [];
  readonly domainEvents: FoldDomainEvent[] = [];
  private readonly openAlerts: Map<string, FoldAlert>;
  private readonly created = new WeakSet<FoldAlert | FoldIncident>();

  constructor(
    openAlerts: Iterable<FoldAlert>,
    private readonly incidents: Map<string, FoldIncident>,
    private readonly newId: () => string,
  ) {
    this.openAlerts = new Map([...openAlerts].map((alert) => [alertKey(alert.integrationId, alert.dedupKey), alert]));
  }

  apply(event: FoldEvent): FoldOutcome {
    const open = this.openAlerts.get(alertKey(event.integrationId, event.dedupKey));
    if (event.action === 'trigger') return open ? this.addToAlert(open, event) : this.openIncident(event);
    if (!open) return 'dropped';
    return event.action === 'acknowledge' ? this.acknowledge(open, event.receivedAt) : this.resolve(open, event.receivedAt);
  }

  private incidentOf(alert: FoldAlert): FoldIncident {
    const incident = this.incidents.get(alert.incidentId);
    if (!incident) throw new Error(`fold: incident ${alert.incidentId} of open alert ${alert.id} was not loaded`);
    return incident;
  }

  private openIncident(event: FoldEvent): FoldOutcome {
    const at = event.receivedAt;
    const summary = event.payload.summary ?? '(no summary)';
    const severity = event.payload.severity ?? 'critical';
    const incident: FoldIncident = {
      id: this.newId(),
      orgId: event.orgId,
      serviceId: event.serviceId,
      title: summary,
      status: 'triggered',
      severity,
      urgency: event.urgency ?? 'high',
      alertCount: 1,
      openAlertCount: 1,
      createdAt: at,
      updatedAt: at,
      acknowledgedAt: null,
      resolvedAt: null,
    };
    const alert: FoldAlert = {
      id: this.newId(),
      orgId: event.orgId,
      serviceId: event.serviceId,
      integrationId: event.integrationId,
      incidentId: incident.id,
      dedupKey: event.dedupKey,
      status: 'triggered',
      summary,
      severity,
      source: event.payload.source ?? '',
      payload: event.payload,
      eventCount: 1,
      createdAt: at,
      lastEventAt: at,
      acknowledgedAt: null,
      resolvedAt: null,
    };
    this.incidents.set(incident.id, incident);
    this.newIncidents.push(incident);
    this.newAlerts.push(alert);
    this.created.add(incident).add(alert);
    this.openAlerts.set(alertKey(alert.integrationId, alert.dedupKey), alert);
    this.log.push({ incident, alertId: alert.id, type: 'triggered', message: `Triggered: ${summary}`, at });
    // One announcement for both: the incident and the alert that opened it (its id and dedup key ride along).
    this.domainEvents.push({ type: 'incident.triggered', incident: { ...incident }, alert: { ...alert }, at });
    return 'alert_created';
  }

  /** A repeated trigger: counted on the open alert; the incident is not paged again, nor un-acknowledged. */
  private addToAlert(alert: FoldAlert, event: FoldEvent): FoldOutcome {
    alert.eventCount += 1;
    alert.lastEventAt = event.receivedAt;
    if (event.payload.severity) {
      alert.severity = higherSeverity(alert.severity, event.payload.severity);
      const incident = this.incidentOf(alert);
      if (incident.severity !== higherSeverity(incident.severity, alert.severity)) {
        incident.severity = alert.severity;
        incident.updatedAt = event.receivedAt;
        this.touch(incident);
      }
    }
    this.touch(alert);
    return 'deduplicated';
  }

  private acknowledge(alert: FoldAlert, at: Date): FoldOutcome {
    if (alert.status === 'acknowledged') return 'unchanged';
    alert.status = 'acknowledged';
    alert.acknowledgedAt = at;
    this.touch(alert);
    const incident = this.incidentOf(alert);
    if (incident.status === 'triggered') {
      incident.status = 'acknowledged';
      incident.acknowledgedAt = at;
      incident.updatedAt = at;
      this.touch(incident);
      this.log.push({ incident, alertId: alert.id, type: 'acknowledged', message: `Acknowledged through ${alert.source || 'the integration'}`, at });
      this.domainEvents.push({ type: 'incident.acknowledged', incident: { ...incident }, at });
    }
    return 'acknowledged';
  }

  private resolve(alert: FoldAlert, at: Date): FoldOutcome {
    alert.status = 'resolved';
    alert.resolvedAt = at;
    this.touch(alert);
    this.openAlerts.delete(alertKey(alert.integrationId, alert.dedupKey));
    const incident = this.incidentOf(alert);
    incident.openAlertCount = Math.max(0, incident.openAlertCount - 1);
    incident.updatedAt = at;
    this.touch(incident);
    if (incident.openAlertCount === 0 && incident.status !== 'resolved') {
      incident.status = 'resolved';
      incident.resolvedAt = at;
      this.log.push({ incident, alertId: alert.id, type: 'resolved', message: 'Resolved: its last open alert resolved', at });
      this.domainEvents.push({ type: 'incident.resolved', incident: { ...incident }, at });
    } else {
      this.log.push({ incident, alertId: alert.id, type: 'alert_resolved', message: `Alert resolved: ${alert.summary}`, at });
      this.domainEvents.push({ type: 'alert.resolved', incident: { ...incident }, alert: { ...alert }, at });
    }
    return 'resolved';
  }

  /** Records a change to a row loaded from the store; rows created in this batch are inserted as they end up. */
  private touch(row: FoldAlert | FoldIncident): void {
    if (this.created.has(row)) return;
    if ('dedupKey' in row) this.changedAlerts.add(row);
    else this.changedIncidents.add(row);
  }
}
