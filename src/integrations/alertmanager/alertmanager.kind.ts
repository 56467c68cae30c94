import { type Severity, severities } from '../../modules/events/event.ts';
import type { IntegrationKind } from '../integration-kind.ts';
import { fromWebhookPayload } from './alertmanager.mapper.ts';
import { alertmanagerSettings, parseWebhookPayload, secretSettings } from './alertmanager.schema.ts';

/** Prometheus Alertmanager's `webhook_configs` (payload version 4), one event per alert. */
export const alertmanagerKind: IntegrationKind = {
  type: 'alertmanager',
  label: 'Prometheus Alertmanager',
  endpoint: ({ publicUrl, key }) => `${publicUrl}/integrations/${key}`,
  setupInstructions: ({ endpoint, publicUrl }) =>
    [
      'In alertmanager.yml, add a receiver with a webhook to this URL and route alerts to it:',
      '',
      'receivers:',
      '  - name: vigil',
      '    webhook_configs:',
      `      - url: ${endpoint}`,
      '        send_resolved: true',
      '',
      'Each alert becomes an alert in Vigil keyed by its fingerprint; a resolved alert resolves it (send_resolved must be true).',
      'Severity comes from the `severity` label (critical/page, error/high/major, warning/warn/minor, info/low/none; anything else: the `default_severity` setting, error unless changed).',
      'Alertmanager can also send through its PagerDuty integration: create an "events_api_v2" integration and use',
      `    pagerduty_configs: [{ routing_key: <its integration key>, url: ${publicUrl}/v2/enqueue, send_resolved: true }]`,
      '(alerts are then grouped as Alertmanager groups them, one Vigil alert per group).',
      'Optional: set `alertmanager_url` and `silence_on_acknowledge: true` so acknowledging an incident silences its alerts in Alertmanager until it resolves.',
    ].join('\n'),
  settings: alertmanagerSettings,
  secretFields: secretSettings,
  receive(request, integration) {
    const payload = parseWebhookPayload(request.body, request.headers['content-type'] ?? '');
    const configured = integration.settings['default_severity'];
    const fallback = (typeof configured === 'string' && (severities as readonly string[]).includes(configured) ? configured : 'error') as Severity;
    return { events: fromWebhookPayload(payload, fallback) };
  },
};
