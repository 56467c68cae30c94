/** The integration types a user can add, with what each is for; the server refuses a type it does not know. */
interface CatalogueEntry {
  type: string;
  label: string;
  description: string;
}

export const catalogue: CatalogueEntry[] = [
  { type: 'events_api_v2', label: 'Events API v2', description: 'PagerDuty-compatible events: any tool or script that can send to PagerDuty, curl, the SDK.' },
  { type: 'alertmanager', label: 'Prometheus Alertmanager', description: 'A webhook receiver in alertmanager.yml; resolved alerts resolve in Vigil.' },
  { type: 'grafana', label: 'Grafana alerting', description: 'A Webhook contact point for Grafana unified alerting.' },
  { type: 'datadog', label: 'Datadog', description: 'Datadog monitors through the Webhooks integration.' },
  { type: 'generic_webhook', label: 'Generic JSON webhook', description: 'Any tool that can POST JSON: map its fields to an alert with JSONata expressions.' },
  { type: 'heartbeat', label: "Heartbeat (dead man's switch)", description: 'Opens an alert when a cron job or a watchdog stops pinging in time.' },
  { type: 'email', label: 'E-mail', description: 'An address that turns each mail into an alert.' },
  { type: 'opsgenie', label: 'Opsgenie-compatible Alert API', description: 'Tools that speak the Opsgenie Alert API: change the API address and key.' },
  { type: 'github', label: 'GitHub (change events)', description: 'Deploys, merges and releases, shown beside incidents as recent changes.' },
  { type: 'change_events', label: 'Change events', description: 'PagerDuty-format change events from a CI/CD pipeline.' },
];

export function typeLabel(type: string): string {
  return catalogue.find((entry) => entry.type === type)?.label ?? type;
}
