import { z } from 'zod';
import { severities } from '../../modules/events/event.ts';
import type { IntegrationKind } from '../integration-kind.ts';
import { fromGrafanaWebhook, GRAFANA_DEFAULT_SEVERITY } from './grafana.mapper.ts';

const settings = z.strictObject({
  default_severity: z.enum(severities).optional().describe(`Severity of alerts without a severity label (default ${GRAFANA_DEFAULT_SEVERITY})`),
});

/** Grafana unified alerting, through a contact point of type Webhook. */
export const grafanaKind: IntegrationKind = {
  type: 'grafana',
  label: 'Grafana alerting',
  endpoint: ({ publicUrl, key }) => `${publicUrl}/integrations/${key}`,
  setupInstructions: ({ endpoint }) =>
    `In Grafana, Alerting → Contact points → + Add contact point: Integration "Webhook", URL ${endpoint}, HTTP method POST; save, ` +
    `then route alerts to it with a notification policy. Each alert becomes one Vigil alert, deduplicated by its fingerprint: ` +
    `firing opens or updates it, resolved resolves it. Severity comes from a "severity" label (critical, error, warning, info, or words like ` +
    `high, P1, warn; default ${GRAFANA_DEFAULT_SEVERITY}, or the integration's default_severity setting); the summary from the "summary" annotation.`,
  settings,
  receive: ({ body }, integration) => ({ events: fromGrafanaWebhook(body, settings.safeParse(integration.settings).data?.default_severity) }),
};
